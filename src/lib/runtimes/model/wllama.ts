/**
 * A GGUF model on the CPU as a `LanguageModel`: llama.cpp compiled to WebAssembly, through
 * wllama. wllama runs llama.cpp in its own worker (one wasm, with a pthread pool when the page
 * is cross-origin isolated, as ours is) and its `Wllama` class is a thin client of that worker,
 * so the page only holds the client. This module is imported only when a learner chooses the
 * CPU model (model-for-run.ts), and it imports wllama (about 270 KB of script) on first use.
 * The wasm comes from this origin, hashed under /_app/immutable like every runtime file, so it
 * is cached for a year, precompressed, and kept by the service worker when first used.
 *
 * wllama resolves a load even when llama.cpp rejected the file and aborts on the first request
 * instead; the log's error lines say why (cpu-model-errors.ts), so every load is checked.
 */
import type { ChatRequest, ChatResult, LanguageModel } from '$lib/core/run/effects';
import wasmUrl from '@wllama/wllama/esm/wasm/wllama.wasm?url';
import type { Wllama } from '@wllama/wllama';
import {
  cpuModelError,
  errorFromLoadLog,
  errorFromRun,
  supportsMemory64
} from './cpu-model-errors';
import type { LoadProgress } from './progress';

/** The context every CPU model is given: room for a lesson's longest prompt and reply. */
export const CPU_CONTEXT = 4096;

function abortError(): DOMException {
  return new DOMException('The model call was stopped.', 'AbortError');
}

/** llama.cpp's error lines, kept while one load or call runs. */
class ErrorLog {
  lines: string[] = [];
  readonly logger = {
    debug: () => {},
    log: () => {},
    warn: () => {},
    error: (...args: unknown[]) => {
      this.lines.push(args.map(String).join(' '));
      if (this.lines.length > 200) this.lines.shift();
    }
  };
}

/** A chat-completions chunk, the fields read. */
interface Chunk {
  choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  /** llama.cpp's own counts, on the last chunk (wllama sends no `usage` when streaming) */
  timings?: { prompt_n?: number; cache_n?: number; predicted_n?: number };
}

/** A loaded GGUF model answering chat requests with the chat template in its file. */
export class CpuModel implements LanguageModel {
  readonly id: string;
  readonly #wllama: Wllama;
  readonly #log: ErrorLog;

  constructor(id: string, wllama: Wllama, log: ErrorLog) {
    this.id = id;
    this.#wllama = wllama;
    this.#log = log;
  }

  /** how many threads llama.cpp computes with (1 when the page is not cross-origin isolated) */
  get threads(): number {
    return this.#wllama.getNumThreads();
  }

  async complete(
    request: ChatRequest,
    options: { signal?: AbortSignal; onToken?: (token: string) => void } = {}
  ): Promise<ChatResult> {
    const { signal, onToken } = options;
    if (signal?.aborted) throw abortError();
    this.#log.lines = [];
    let text = '';
    let finish: string | null | undefined = null;
    let usage: Chunk['usage'] = null;
    try {
      // One completion per call: `n` choices are n calls (llama.cpp's server answers one).
      await this.#wllama.createChatCompletion({
        messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
        temperature: request.temperature,
        max_tokens: request.maxTokens,
        ...(request.topP !== undefined && { top_p: request.topP }),
        ...(request.seed !== undefined && { seed: request.seed }),
        ...(request.stop !== undefined && { stop: request.stop }),
        abortSignal: signal,
        stream: true,
        onData: (chunk: Chunk) => {
          const choice = chunk.choices?.[0];
          const piece = choice?.delta?.content;
          if (piece) {
            text += piece;
            onToken?.(piece);
          }
          if (choice?.finish_reason) finish = choice.finish_reason;
          if (chunk.usage) usage = chunk.usage;
          else if (chunk.timings?.predicted_n !== undefined)
            usage = {
              // prompt_n counts only the tokens not found in the KV cache; cache_n the rest.
              prompt_tokens: (chunk.timings.prompt_n ?? 0) + (chunk.timings.cache_n ?? 0),
              completion_tokens: chunk.timings.predicted_n
            };
        }
      } as Parameters<Wllama['createChatCompletion']>[0] & { stream: true; onData: never });
    } catch (error) {
      if (signal?.aborted) throw abortError();
      throw errorFromRun(error, this.#log.lines);
    }
    if (signal?.aborted) throw abortError();
    const counted = usage as Chunk['usage'];
    return {
      text,
      finishReason: finish === 'length' ? 'length' : 'stop',
      modelId: this.id,
      usage:
        counted?.prompt_tokens !== undefined && counted?.completion_tokens !== undefined
          ? {
              promptTokens: counted.prompt_tokens,
              completionTokens: counted.completion_tokens,
              estimated: false
            }
          : { promptTokens: 0, completionTokens: Math.ceil(text.length / 4), estimated: true }
    };
  }
}

/** How to load a CPU model. */
export interface CpuLoadOptions {
  onProgress?: (progress: LoadProgress) => void;
  /** cancels the download (the part already stored is dropped by wllama) */
  signal?: AbortSignal;
  /** llama.cpp's threads; by default wllama's choice (half the cores) when isolated, else 1 */
  threads?: number;
  /** keep the file in the browser's storage (default true) */
  useCache?: boolean;
}

/** A loaded model and how to let it go. */
export interface LoadedCpuModel {
  model: CpuModel;
  dispose(): void;
}

let wllamaModule: Promise<typeof import('@wllama/wllama')> | null = null;

/** wllama's module, imported once; a failed import is forgotten so the next try starts afresh. */
function importWllama(): Promise<typeof import('@wllama/wllama')> {
  wllamaModule ??= import('@wllama/wllama').catch((error: unknown) => {
    wllamaModule = null;
    throw error;
  });
  return wllamaModule;
}

/** Download progress in the numbers the page shows, with a guess at the time left. */
function downloadProgress(loaded: number, total: number, started: number): LoadProgress {
  const fraction = total > 0 ? Math.min(1, loaded / total) : 0;
  const elapsed = (performance.now() - started) / 1000;
  const progress: LoadProgress = {
    phase: 'download',
    fraction,
    bytes: loaded,
    elapsed,
    text: `Downloading the model: ${Math.round(loaded / 1e6)} of ${Math.round(total / 1e6)} MB`
  };
  if (total > 0) progress.totalBytes = total;
  if (fraction > 0 && fraction < 1 && elapsed > 0)
    progress.secondsLeft = Math.round((elapsed * (1 - fraction)) / fraction);
  return progress;
}

/** Load the GGUF at `url`; rejects with a CpuModelError, another Error, or an AbortError. */
export async function loadCpuModel(
  url: string,
  options: CpuLoadOptions = {}
): Promise<LoadedCpuModel> {
  const { signal, onProgress } = options;
  if (signal?.aborted) throw abortError();
  if (!supportsMemory64(WebAssembly)) throw cpuModelError('browser');
  const { Wllama } = await importWllama();
  const log = new ErrorLog();
  const wllama = new Wllama({ default: wasmUrl }, { logger: log.logger });
  const started = performance.now();
  try {
    await wllama.loadModelFromUrl(url, {
      n_ctx: CPU_CONTEXT,
      // The CPU path: a WebGPU adapter, when there is one, is WebLLM's.
      n_gpu_layers: 0,
      ...(options.threads !== undefined && { n_threads: options.threads }),
      useCache: options.useCache ?? true,
      signal,
      progressCallback: ({ loaded, total }) => {
        onProgress?.(downloadProgress(loaded, total, started));
      }
    });
    if (signal?.aborted) throw abortError();
    const failed = errorFromLoadLog(log.lines);
    if (failed) throw failed;
  } catch (error) {
    wllama.exit().catch(() => {});
    if (signal?.aborted) throw abortError();
    throw errorFromRun(error, log.lines);
  }
  return {
    model: new CpuModel(url, wllama, log),
    dispose: () => {
      wllama.exit().catch(() => {});
    }
  };
}

/** A model file kept in the browser's storage by wllama. */
export interface CachedCpuFile {
  /** wllama's name for it (what `deleteCachedCpuFile` takes) */
  name: string;
  /** where it was downloaded from */
  url: string;
  bytes: number;
}

/** The GGUF files wllama keeps in this browser. */
export async function listCachedCpuFiles(): Promise<CachedCpuFile[]> {
  const { CacheManager } = await importWllama();
  const entries = await new CacheManager().list();
  return entries.map((e) => ({ name: e.name, url: e.metadata.originalURL, bytes: e.size }));
}

/** Delete one stored file. */
export async function deleteCachedCpuFile(name: string): Promise<void> {
  const { CacheManager } = await importWllama();
  await new CacheManager().delete(name);
}
