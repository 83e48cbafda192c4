/**
 * The model a run names, made live: the scripted one from its responses, an endpoint with the
 * learner's key, WebLLM in a worker, or a GGUF model on the CPU (wllama). Heavy code is
 * imported only for the kind in use.
 */
import type { LanguageModel } from '$lib/core/run/effects';
import type { ModelSpec } from '$lib/core/run/run';
import { resolveEndpoint } from './endpoint';
import type { LoadProgress } from './progress';
import type { CpuBuildChoice } from './cpu-build';
import type { WebLLMModelRecord } from './self-hosted';
import type { LoadOptions as WebLLMLoadOptions } from './webllm';

/** How to load an in-browser model: WebLLM's options, or the CPU path's. */
export interface LoadOptions extends WebLLMLoadOptions {
  /** a GGUF file on the CPU (wllama) rather than a WebLLM model on WebGPU */
  cpu?: boolean;
  /** the CPU model's llama.cpp build (default: automatic) */
  build?: CpuBuildChoice;
  /** the CPU model's seed for calls that name none */
  seed?: number;
}

/** A loaded in-browser model and how to let it go. */
export interface LoadedModel {
  model: LanguageModel;
  dispose(): void;
}

/** The default loader: WebLLM, or wllama for the CPU path, each imported on first use. */
function loadInBrowser(id: string, options: LoadOptions): Promise<LoadedModel> {
  return options.cpu
    ? import('./wllama').then((m) => m.loadCpuModel(id, options))
    : import('./webllm').then((m) => m.loadWebLLM(id, options));
}

/** What the browser keeps that a run does not carry. */
export interface LiveSecrets {
  /** the learner's endpoint, with its key and whether it wants `max_completion_tokens` */
  endpoint?: { baseUrl: string; apiKey: string; maxCompletionTokens?: boolean } | null;
  /** the in-browser model: its record when self-hosted, and where load progress goes */
  webllm?: {
    record?: WebLLMModelRecord;
    engines: WebLLMEngines;
    onProgress?: (progress: LoadProgress) => void;
  };
}

/**
 * The tab's in-browser model (WebLLM or the CPU model; one at a time, both hold gigabytes): loaded once, on first need, and kept for later runs of the same
 * model and settings, on this page and the next (loading takes seconds even from the cache).
 * Another model, or the same id from another self-hosted record, replaces it. A failed load is
 * forgotten, so the next try starts afresh. Load progress goes to whoever asked last: a lesson
 * opened while the model is still loading shows the rest of the load.
 */
interface Engine {
  /** the model id and its self-hosted record: what makes two loads the same */
  key: string;
  loading: Promise<LoadedModel>;
  /** where the rest of the load's progress goes (the latest page that asked) */
  onProgress?: (progress: LoadProgress) => void;
}

export class WebLLMEngines {
  #current: Engine | null = null;
  readonly #load: (id: string, options: LoadOptions) => Promise<LoadedModel>;

  constructor(load?: (id: string, options: LoadOptions) => Promise<LoadedModel>) {
    this.#load = load ?? loadInBrowser;
  }

  async model(id: string, options: LoadOptions = {}): Promise<LanguageModel> {
    const key = JSON.stringify([
      id,
      options.record ?? null,
      !!options.cpu,
      options.build ?? 'auto',
      options.seed ?? null
    ]);
    let current = this.#current;
    if (current?.key !== key) {
      this.dispose();
      const sink: Pick<Engine, 'onProgress'> = { onProgress: options.onProgress };
      const loading = this.#load(id, {
        ...options,
        onProgress: (progress) => sink.onProgress?.(progress)
      });
      const engine: Engine = Object.assign(sink, { key, loading });
      this.#current = current = engine;
      loading.catch(() => {
        if (this.#current === engine) this.#current = null;
      });
    } else if (options.onProgress) {
      current.onProgress = options.onProgress;
    }
    return (await current.loading).model;
  }

  dispose(): void {
    this.#current?.loading.then(
      (loaded) => loaded.dispose(),
      () => {}
    );
    this.#current = null;
  }
}

/**
 * The key to send to `baseUrl`: the learner's, only when the run goes to the endpoint they
 * configured. A run shared by someone else names their server; forking it must not send
 * this learner's key there.
 */
export function keyFor(baseUrl: string, endpoint: LiveSecrets['endpoint']): string | undefined {
  if (!endpoint?.apiKey) return undefined;
  return isLearners(baseUrl, endpoint) ? endpoint.apiKey : undefined;
}

/** `baseUrl` is the endpoint the learner configured (so its settings apply to it). */
function isLearners(baseUrl: string, endpoint: LiveSecrets['endpoint']): boolean {
  if (!endpoint) return false;
  try {
    return resolveEndpoint(endpoint.baseUrl).base === baseUrl;
  } catch {
    return false;
  }
}

/** A live model for the run's spec. */
export async function createModel(spec: ModelSpec, secrets: LiveSecrets): Promise<LanguageModel> {
  switch (spec.kind) {
    case 'scripted': {
      const { scriptedModelFor } = await import('./scripted');
      return scriptedModelFor(spec);
    }
    case 'endpoint': {
      const { OpenAICompatibleModel } = await import('./openai');
      return new OpenAICompatibleModel({
        baseUrl: spec.baseUrl,
        model: spec.id,
        apiKey: keyFor(spec.baseUrl, secrets.endpoint),
        tokenField: isLearners(spec.baseUrl, secrets.endpoint)
          ? secrets.endpoint?.maxCompletionTokens
            ? 'max_completion_tokens'
            : 'max_tokens'
          : 'max_tokens'
      });
    }
    case 'webllm': {
      if (!secrets.webllm) throw new Error('In-browser models cannot run on this page.');
      const { engines, record, onProgress } = secrets.webllm;
      return engines.model(spec.id, {
        record: record?.model_id === spec.id ? record : undefined,
        onProgress
      });
    }
    case 'cpu': {
      if (!secrets.webllm) throw new Error('In-browser models cannot run on this page.');
      const { engines, onProgress } = secrets.webllm;
      return engines.model(spec.id, {
        cpu: true,
        ...(spec.settings && { build: spec.settings.build }),
        ...(spec.settings?.seed !== undefined && { seed: spec.settings.seed }),
        onProgress
      });
    }
  }
}
