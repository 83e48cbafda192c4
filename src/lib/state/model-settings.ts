/**
 * The learner's model settings as plain data: what is kept in this browser's localStorage
 * (the API key only when the learner asks to remember it, else in sessionStorage),
 * how it is checked when read back (anything damaged or from another version is dropped, never
 * trusted), and the run's `ModelSpec` it leads to. The API key stays here: a run, a log and a
 * permalink never carry it.
 */
import { z } from 'zod';
import type { ModelSpec } from '$lib/core/run/run';
import { resolveEndpoint } from '$lib/runtimes/model/endpoint';

/** The localStorage key. */
export const SETTINGS_KEY = 'acl:model-settings';
/** The sessionStorage key of the endpoint's API key, when it is not remembered on the device. */
export const KEY_KEY = 'acl:model-key';

/** The sampling settings a learner may give a model (the endpoint's and the CPU model's). */
const temperature = z.number().min(0).max(2);
const maxTokens = z.number().int().min(64).max(8192);
/** a seed llama.cpp takes: a whole number from 0 to 2^31 − 1 */
const seed = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);

export const EndpointSettingsSchema = z
  .object({
    /** as typed; `resolveEndpoint` turns it into the API root */
    baseUrl: z.string().min(1).max(2000),
    model: z.string().min(1).max(200),
    /** '' when the server needs none */
    apiKey: z.string().max(1000),
    temperature,
    maxTokens,
    /** send the reply limit as `max_completion_tokens` (some hosted models require it) */
    maxCompletionTokens: z.boolean().optional()
  })
  .strict();
export type EndpointSettings = z.infer<typeof EndpointSettingsSchema>;

export const WebLLMSettingsSchema = z
  .object({
    /** a WebLLM model id, from the catalog or a self-hosted record */
    modelId: z.string().min(1).max(200),
    /** set for a teacher's own server: the record WebLLM loads it by */
    selfHosted: z
      .object({
        model: z.string().max(2000),
        model_id: z.string().max(200),
        model_lib: z.string().max(2000),
        vram_required_MB: z.number().positive().optional(),
        required_features: z.array(z.string().max(100)).max(10).optional(),
        overrides: z
          .object({ context_window_size: z.number().int().positive().optional() })
          .strict()
          .optional()
      })
      .strict()
      .optional()
  })
  .strict();
export type WebLLMSettings = z.infer<typeof WebLLMSettingsSchema>;

export const CpuSettingsSchema = z
  .object({
    /** the GGUF file's address: a catalog model's, or one the learner typed */
    url: z.string().min(1).max(2000),
    /** what the model is called on screen */
    name: z.string().min(1).max(200),
    /** which llama.cpp build runs it (absent: automatic) */
    build: z.enum(['auto', 'wasm64', 'wasm32']).optional(),
    /** the CPU model's own sampling (absent in settings saved before it existed: the defaults) */
    temperature: temperature.optional(),
    maxTokens: maxTokens.optional(),
    /** the seed of calls that name none (absent: llama.cpp draws one) */
    seed: seed.optional()
  })
  .strict();
export type CpuSettings = z.infer<typeof CpuSettingsSchema>;

/** The CPU model's sampling when the learner has set none. */
export const CPU_SAMPLING_DEFAULTS = { temperature: 0, maxTokens: 1024 } as const;

export const ModelSettingsSchema = z
  .object({
    version: z.literal(1),
    endpoint: EndpointSettingsSchema.nullable(),
    webllm: WebLLMSettingsSchema.nullable(),
    /** a GGUF model on the CPU (absent in settings saved before it existed) */
    cpu: CpuSettingsSchema.nullable().optional(),
    /** which of them "Run with my model" uses */
    active: z.enum(['endpoint', 'webllm', 'cpu']).nullable()
  })
  .strict();
export type ModelSettingsData = z.infer<typeof ModelSettingsSchema>;

export const EMPTY_SETTINGS: ModelSettingsData = {
  version: 1,
  endpoint: null,
  webllm: null,
  cpu: null,
  active: null
};

/** The sentences shown when a saved setting is dropped on reading (nothing else is said). */
export const SETTINGS_NOTES = {
  unreadable: 'Your saved model settings could not be read, so they were reset.',
  endpointAddress: 'Your saved endpoint was not a valid address, so it was reset.',
  endpoint: 'Your saved model server settings were damaged, so they were reset.',
  webllm: 'Your saved in-browser model choice was damaged, so it was reset.',
  cpu: 'Your saved CPU model choice was damaged, so it was reset.'
} as const;

/** Settings read back from storage, with a plain sentence for each part that was dropped. */
export interface ReadSettings {
  data: ModelSettingsData;
  notes: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The saved endpoint if it checks out and its address resolves (a run needs both), else null. */
function readEndpoint(value: unknown, notes: string[]): EndpointSettings | null {
  if (value === null || value === undefined) return null;
  const baseUrl = isObject(value) ? value.baseUrl : undefined;
  if (typeof baseUrl === 'string') {
    try {
      resolveEndpoint(baseUrl);
    } catch {
      notes.push(SETTINGS_NOTES.endpointAddress);
      return null;
    }
  }
  const parsed = EndpointSettingsSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  notes.push(SETTINGS_NOTES.endpoint);
  return null;
}

/**
 * Settings read back from storage, part by part: a damaged endpoint or in-browser model is
 * dropped alone (with its note) and the other kept; text that is not settings at all (not
 * JSON, another version) gives the empty settings. Nothing here throws: a page that reads
 * settings must always load.
 */
export function readSettings(text: string | null): ReadSettings {
  if (!text) return { data: EMPTY_SETTINGS, notes: [] };
  const unreadable = { data: EMPTY_SETTINGS, notes: [SETTINGS_NOTES.unreadable] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return unreadable;
  }
  if (!isObject(value) || value.version !== 1) return unreadable;
  const notes: string[] = [];
  const endpoint = readEndpoint(value.endpoint, notes);
  let webllm: WebLLMSettings | null = null;
  if (value.webllm !== null && value.webllm !== undefined) {
    const parsed = WebLLMSettingsSchema.safeParse(value.webllm);
    if (parsed.success) webllm = parsed.data;
    else notes.push(SETTINGS_NOTES.webllm);
  }
  let cpu: CpuSettings | null = null;
  if (value.cpu !== null && value.cpu !== undefined) {
    const parsed = CpuSettingsSchema.safeParse(value.cpu);
    if (parsed.success) cpu = parsed.data;
    else notes.push(SETTINGS_NOTES.cpu);
  }
  // An active choice that points at nothing is no choice.
  let active: ModelSettingsData['active'] =
    value.active === 'endpoint' || value.active === 'webllm' || value.active === 'cpu'
      ? value.active
      : null;
  if (active && !{ endpoint, webllm, cpu }[active]) active = null;
  return { data: { version: 1, endpoint, webllm, cpu, active }, notes };
}

/** Settings read back from storage; anything that does not check out is dropped. */
export const parseSettings = (text: string | null): ModelSettingsData => readSettings(text).data;

/** The sampling fields of a model's form, before checking (`seed` null: none). */
export interface SamplingInput {
  temperature: number;
  maxTokens: number;
  seed?: number | null;
}

/** Every problem with the sampling fields, in a sentence each (none: they check out). */
export function samplingProblems(input: SamplingInput): string[] {
  const problems: string[] = [];
  if (!temperature.safeParse(input.temperature).success)
    problems.push('The temperature must be between 0 and 2.');
  if (!maxTokens.safeParse(input.maxTokens).success)
    problems.push('The reply limit must be a whole number of tokens from 64 to 8192.');
  if (input.seed !== undefined && input.seed !== null && !seed.safeParse(input.seed).success)
    problems.push('The seed must be a whole number from 0 to 2147483647, or empty.');
  return problems;
}

/** What the CPU model's settings form submits, before checking. */
export interface CpuSettingsInput extends SamplingInput {
  build: 'auto' | 'wasm64' | 'wasm32';
}

/** Check the CPU model's settings form: the settings to keep with the model, or the problems. */
export function checkCpuSettings(
  input: CpuSettingsInput
):
  | { ok: true; settings: Pick<CpuSettings, 'build' | 'temperature' | 'maxTokens' | 'seed'> }
  | { ok: false; problems: string[] } {
  const problems = samplingProblems(input);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    settings: {
      build: input.build,
      temperature: input.temperature,
      maxTokens: input.maxTokens,
      ...(input.seed !== undefined && input.seed !== null && { seed: input.seed })
    }
  };
}

/** The CPU model's sampling: the learner's, else the defaults. */
export function cpuSampling(settings: CpuSettings): { temperature: number; maxTokens: number } {
  return {
    temperature: settings.temperature ?? CPU_SAMPLING_DEFAULTS.temperature,
    maxTokens: settings.maxTokens ?? CPU_SAMPLING_DEFAULTS.maxTokens
  };
}

/** What the endpoint form submits, before checking. */
export interface EndpointInput {
  baseUrl: string;
  model: string;
  apiKey: string;
  temperature: number;
  maxTokens: number;
  /** send `max_completion_tokens` instead of `max_tokens` */
  maxCompletionTokens?: boolean;
}

/** Check the endpoint form: the settings, or every problem in a sentence. */
export function checkEndpoint(
  input: EndpointInput
): { ok: true; settings: EndpointSettings } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  try {
    resolveEndpoint(input.baseUrl);
  } catch (error) {
    problems.push((error as Error).message);
  }
  const model = input.model.trim();
  if (!model)
    problems.push('Give the model’s name as the server knows it, e.g. qwen2.5-coder:1.5b.');
  if (model.length > 200) problems.push('The model name is longer than 200 characters.');
  problems.push(...samplingProblems(input));
  if (input.apiKey.length > 1000) problems.push('The API key is longer than 1000 characters.');
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    settings: {
      baseUrl: input.baseUrl.trim(),
      model,
      apiKey: input.apiKey.trim(),
      temperature: input.temperature,
      maxTokens: input.maxTokens,
      ...(input.maxCompletionTokens ? { maxCompletionTokens: true } : {})
    }
  };
}

/** The run's model for an endpoint: name and API root, never the key. */
export function endpointSpec(settings: EndpointSettings): ModelSpec {
  const { base } = resolveEndpoint(settings.baseUrl);
  return {
    kind: 'endpoint',
    id: settings.model,
    label: `${settings.model} — your endpoint at ${base}`.slice(0, 300),
    baseUrl: base
  };
}

/** The run's model for WebLLM. */
export function webllmSpec(settings: WebLLMSettings): ModelSpec {
  return {
    kind: 'webllm',
    id: settings.modelId,
    label: `${settings.modelId} — in this browser (WebLLM)`.slice(0, 300)
  };
}

/** The run's model for a GGUF model on the CPU. */
export function cpuSpec(settings: CpuSettings): ModelSpec {
  return {
    kind: 'cpu',
    id: settings.url,
    label: `${settings.name} — in this browser on the CPU (llama.cpp)`.slice(0, 300),
    settings: {
      ...cpuSampling(settings),
      ...(settings.seed !== undefined && { seed: settings.seed }),
      build: settings.build ?? 'auto'
    }
  };
}

/** The sampling settings a run with the learner's model uses, or null: the lesson's own. */
export function samplingOf(data: ModelSettingsData): SamplingInput | null {
  if (data.active === 'endpoint' && data.endpoint) return data.endpoint;
  if (data.active === 'cpu' && data.cpu) return cpuSampling(data.cpu);
  return null;
}

/** The model "Run with my model" uses, or null when none is set up. */
export function activeSpec(data: ModelSettingsData): ModelSpec | null {
  if (data.active === 'endpoint' && data.endpoint) return endpointSpec(data.endpoint);
  if (data.active === 'webllm' && data.webllm) return webllmSpec(data.webllm);
  if (data.active === 'cpu' && data.cpu) return cpuSpec(data.cpu);
  return null;
}

/**
 * The lesson's params with the learner's sampling settings, for the keys the technique has
 * (so the log's requests say what was really sent). Keys it lacks are left out.
 */
export function withSampling(
  params: Record<string, unknown>,
  keys: readonly string[],
  sampling: { temperature: number; maxTokens: number } | null
): Record<string, unknown> {
  if (!sampling) return params;
  const out = { ...params };
  if (keys.includes('temperature')) out.temperature = sampling.temperature;
  if (keys.includes('maxTokens')) out.maxTokens = sampling.maxTokens;
  return out;
}

/** The parameter names of a technique's params schema (a zod object), or none. */
export function paramKeys(schema: unknown): string[] {
  const shape = (schema as { shape?: unknown } | null | undefined)?.shape;
  return shape && typeof shape === 'object' ? Object.keys(shape) : [];
}
