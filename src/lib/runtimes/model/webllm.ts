/**
 * WebLLM as a `LanguageModel`: the engine runs in its own worker (webllm-worker.ts) and is
 * driven by messages (webllm-client.ts). The package (about 2.2 MB compressed) is imported by
 * the worker alone, never by the page, and the worker starts only when a learner asks for an
 * in-browser model.
 *
 * Known behaviours handled here: an error that crossed from the worker is a plain copy with
 * its name kept (webllm-client.ts), anything else becomes an Error (`asError`); `n > 1`
 * cannot stream (such calls are not streamed); a download is cancelled by terminating the
 * worker, which keeps the files already stored.
 */
import type { ChatRequest, ChatResult, LanguageModel } from '$lib/core/run/effects';
import type { WebLLMModelRecord } from './self-hosted';
import type { GpuLike } from './device';
import { NoWebGPUError } from './errors';
import { readProgress, type LoadProgress } from './progress';
import { WorkerEngine } from './webllm-client';
import { errorData, errorFromData } from './webllm-protocol';

/** The engine methods used (WebLLM's `MLCEngineInterface`, structurally). */
export interface EngineLike {
  chat: {
    completions: {
      create(request: Record<string, unknown>): Promise<unknown>;
    };
  };
  interruptGenerate(): void;
  unload(): Promise<void>;
}

/** An Error for anything the engine rejected with (see `errorData` for strings). */
export function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : errorFromData(errorData(reason));
}

function abortError(): DOMException {
  return new DOMException('The model call was stopped.', 'AbortError');
}

/** A chat-completions stream chunk or reply, the fields read. */
interface Chunk {
  choices?: {
    delta?: { content?: string | null };
    message?: { content?: string | null };
    finish_reason?: string | null;
  }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  model?: string;
}

/** A loaded WebLLM model answering chat requests. */
export class WebLLMModel implements LanguageModel {
  readonly id: string;
  readonly #engine: EngineLike;

  constructor(id: string, engine: EngineLike) {
    this.id = id;
    this.#engine = engine;
  }

  async complete(
    request: ChatRequest,
    options: { signal?: AbortSignal; onToken?: (token: string) => void } = {}
  ): Promise<ChatResult> {
    const { signal, onToken } = options;
    if (signal?.aborted) throw abortError();
    const stream = !!onToken && (request.n ?? 1) === 1;
    const body: Record<string, unknown> = {
      messages: request.messages,
      temperature: request.temperature,
      max_tokens: request.maxTokens,
      stream
    };
    if (request.topP !== undefined) body.top_p = request.topP;
    if (request.seed !== undefined) body.seed = request.seed;
    if (request.stop !== undefined) body.stop = request.stop;
    if (request.n !== undefined) body.n = request.n;
    if (stream) body.stream_options = { include_usage: true };
    const stop = () => this.#engine.interruptGenerate();
    signal?.addEventListener('abort', stop, { once: true });
    try {
      let text = '';
      let finish: string | null | undefined = null;
      let usage: Chunk['usage'] = null;
      if (stream) {
        const chunks = (await this.#engine.chat.completions.create(body)) as AsyncIterable<Chunk>;
        for await (const chunk of chunks) {
          const choice = chunk.choices?.[0];
          const piece = choice?.delta?.content;
          if (piece) {
            text += piece;
            onToken?.(piece);
          }
          if (choice?.finish_reason) finish = choice.finish_reason;
          if (chunk.usage) usage = chunk.usage;
        }
      } else {
        const reply = (await this.#engine.chat.completions.create(body)) as Chunk;
        text = reply.choices?.[0]?.message?.content ?? '';
        finish = reply.choices?.[0]?.finish_reason;
        usage = reply.usage;
      }
      // An interrupted generation ends like a finished one; the abort decides.
      if (signal?.aborted) throw abortError();
      const counted = usage?.prompt_tokens !== undefined && usage?.completion_tokens !== undefined;
      return {
        text,
        finishReason: finish === 'length' ? 'length' : finish === 'abort' ? 'abort' : 'stop',
        modelId: this.id,
        usage: counted
          ? {
              promptTokens: usage!.prompt_tokens!,
              completionTokens: usage!.completion_tokens!,
              estimated: false
            }
          : { promptTokens: 0, completionTokens: Math.ceil(text.length / 4), estimated: true }
      };
    } catch (error) {
      if (signal?.aborted) throw abortError();
      throw asError(error);
    } finally {
      signal?.removeEventListener('abort', stop);
    }
  }
}

/** How to load a model. */
export interface LoadOptions {
  /** a teacher's own record (self-hosted); otherwise WebLLM's prebuilt list */
  record?: WebLLMModelRecord;
  onProgress?: (progress: LoadProgress) => void;
  /** cancels the download: the worker is terminated, stored files stay */
  signal?: AbortSignal;
}

/** A loaded engine and how to let it go. */
export interface LoadedModel {
  model: WebLLMModel;
  /** unload the model and end its worker */
  dispose(): void;
}

/** A new model worker and its client; a failure of the worker fails every request. */
function startWorker(): { worker: Worker; engine: WorkerEngine; ended: Promise<never> } {
  const worker = new Worker(new URL('./webllm-worker.ts', import.meta.url), { type: 'module' });
  const engine = new WorkerEngine(worker);
  const ended = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => {
      const error = new Error(
        `The model worker failed to start: ${event.message || 'unknown error'}`
      );
      engine.fail(error);
      reject(error);
    });
  });
  ended.catch(() => {});
  return { worker, engine, ended };
}

/** Load `modelId` into a new worker; rejects with an Error (never a string), or AbortError. */
export async function loadWebLLM(modelId: string, options: LoadOptions = {}): Promise<LoadedModel> {
  const { signal } = options;
  if (signal?.aborted) throw abortError();
  // WebLLM fetches the model's config before it looks for a GPU: ask first, so a browser
  // without WebGPU hears so at once instead of after a download it could never use.
  const gpu = (navigator as unknown as { gpu?: GpuLike }).gpu;
  const adapter = gpu ? await gpu.requestAdapter().catch(() => null) : null;
  if (!adapter) {
    throw new NoWebGPUError(
      gpu ? 'WebGPU found no compatible GPU adapter.' : 'navigator.gpu is not available.'
    );
  }
  const { worker, engine, ended } = startWorker();
  const cancelled = new Promise<never>((_, reject) => {
    signal?.addEventListener(
      'abort',
      () => {
        worker.terminate();
        reject(abortError());
      },
      { once: true }
    );
  });
  cancelled.catch(() => {});
  try {
    await Promise.race([
      engine.load(modelId, options.record, (report) => options.onProgress?.(readProgress(report))),
      ended,
      cancelled
    ]);
    return {
      model: new WebLLMModel(modelId, engine),
      dispose: () => {
        engine.unload().catch(() => {});
        worker.terminate();
        // A call still waiting on the ended worker fails rather than waits forever.
        engine.fail(new Error('The in-browser model was unloaded.'));
      }
    };
  } catch (error) {
    worker.terminate();
    if (signal?.aborted) throw abortError();
    throw asError(error);
  }
}

/**
 * Delete a stored model the way WebLLM lays it out (weights, tokenizer, config and its model
 * library), in a short-lived worker: WebLLM's helper lives there, never on the page.
 */
export async function deleteWebLLMModel(
  modelId: string,
  record?: WebLLMModelRecord
): Promise<void> {
  const { worker, engine, ended } = startWorker();
  try {
    await Promise.race([engine.deleteModel(modelId, record), ended]);
  } finally {
    worker.terminate();
  }
}
