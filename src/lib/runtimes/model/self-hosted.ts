/**
 * A WebLLM model record for weights a teacher serves from their own server (a classroom
 * without access to huggingface.co, or a model of their own).
 *
 * WebLLM's rules, from its source (`cleanModelUrl` in src/support.ts): `model` is resolved
 * with `new URL(model)` and no base, so it must be absolute; when it has no `/resolve/…/`
 * segment WebLLM appends `resolve/main/`, the Hugging Face layout; every file
 * (`mlc-chat-config.json`, `tensor-cache.json`, `params_shard_*.bin`, tokenizer files) is
 * fetched relative to it. We ask for the `…/resolve/main/` form explicitly rather than let
 * WebLLM add it, so the address a teacher types is the folder that must hold the files.
 * `model_lib` (the compiled `.wasm`) is fetched as given, so it must be absolute too.
 */

/** WebLLM's `ModelRecord` (the fields we set), as in @mlc-ai/web-llm's src/config.ts. */
export interface WebLLMModelRecord {
  model: string;
  model_id: string;
  model_lib: string;
  vram_required_MB?: number;
  low_resource_required?: boolean;
  required_features?: string[];
  overrides?: { context_window_size?: number };
}

/** What a teacher fills in for their own server. */
export interface SelfHostedInput {
  /** the folder with the weights, laid out as `…/resolve/main/` */
  baseUrl: string;
  /** the id to load it by, e.g. `Qwen2.5-Coder-0.5B-Instruct-q4f32_1-MLC` */
  modelId: string;
  /** the model library, an absolute URL of a `.wasm` file */
  libUrl: string;
  vramRequiredMB?: number;
  contextWindowSize?: number;
}

/** The record, or every problem with the input in plain sentences. */
export type SelfHostedResult =
  { ok: true; record: WebLLMModelRecord } | { ok: false; problems: string[] };

/** Build and check a `ModelRecord` for a self-hosted model. */
export function selfHostedModelRecord(input: SelfHostedInput): SelfHostedResult {
  const problems: string[] = [];

  const model = absoluteHttp(input.baseUrl, 'The model address', problems);
  let modelUrl = '';
  if (model) {
    const path = model.pathname.endsWith('/') ? model.pathname : `${model.pathname}/`;
    if (/\.(json|bin|wasm|txt|model)\/$/i.test(path)) {
      problems.push(
        'The model address must be the folder that holds the model’s files, not one of the ' +
          'files: remove the file name at its end.'
      );
    } else if (!/\/resolve\/[^/]+\//.test(path)) {
      const suggestion = `${model.origin}${path}resolve/main/`;
      problems.push(
        `The model address must end in the folder …/resolve/main/ (the layout of a Hugging ` +
          `Face repository, which WebLLM expects). Put mlc-chat-config.json, ` +
          `tensor-cache.json, the params_shard_*.bin files and the tokenizer files in a ` +
          `folder served as ${suggestion} and use that address.`
      );
    } else {
      modelUrl = `${model.origin}${path}`;
    }
  }

  const lib = absoluteHttp(input.libUrl, 'The model library address', problems);
  if (lib && !lib.pathname.endsWith('.wasm')) {
    problems.push(
      'The model library address must point to the compiled .wasm file of the model ' +
        '(for example …/Qwen2-0.5B-Instruct-q4f32_1-ctx4k_cs1k-webgpu.wasm).'
    );
  }

  const id = input.modelId.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/.test(id)) {
    problems.push(
      'The model id must be a short name of letters, digits, dots, dashes and underscores, ' +
        'such as Qwen2.5-Coder-0.5B-Instruct-q4f32_1-MLC.'
    );
  }
  if (input.vramRequiredMB !== undefined && !(input.vramRequiredMB > 0)) {
    problems.push('The GPU memory it needs must be a positive number of MB.');
  }
  if (
    input.contextWindowSize !== undefined &&
    !(Number.isInteger(input.contextWindowSize) && input.contextWindowSize > 0)
  ) {
    problems.push('The context window must be a positive whole number of tokens.');
  }
  if (problems.length > 0 || !lib) return { ok: false, problems };

  const record: WebLLMModelRecord = { model: modelUrl, model_id: id, model_lib: lib.href };
  // f16 weights (q4f16, q0f16) need the shader-f16 feature: declaring it lets WebLLM refuse
  // with ShaderF16SupportError before downloading, instead of failing in a shader later.
  if (/q\d+f16/.test(id)) record.required_features = ['shader-f16'];
  if (input.vramRequiredMB !== undefined) record.vram_required_MB = input.vramRequiredMB;
  if (input.contextWindowSize !== undefined) {
    record.overrides = { context_window_size: input.contextWindowSize };
  }
  return { ok: true, record };
}

function absoluteHttp(text: string, what: string, problems: string[]): URL | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    problems.push(
      `${what} “${text}” is not a full address. WebLLM downloads in a worker that does not ` +
        'know this page’s address, so write it in full, starting with https:// (or ' +
        'http://localhost for a server on this computer).'
    );
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    problems.push(`${what} must start with https:// or http://, not ${url.protocol}//.`);
    return null;
  }
  return url;
}
