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
 *
 * wllama 3's wasm needs 64-bit WebAssembly memory. Where it is missing (Safari, older
 * browsers), or when the learner asks for it, `loadCpuModel` loads wllama 2's 32-bit build
 * instead (wllama-compat.ts, imported only then); both answer as the same `LanguageModel`.
 */
import type { ChatRequest, ChatResult } from '$lib/core/run/effects';
import wasmUrl from '@wllama/wllama/esm/wasm/wllama.wasm?url';
import type { Wllama } from '@wllama/wllama';
import { chooseCpuBuild } from './cpu-build';
import { errorFromLoadLog, errorFromRun } from './cpu-model-errors';
import {
  CPU_CONTEXT,
  ErrorLog,
  abortError,
  downloadProgress,
  type CpuLanguageModel,
  type CpuLoadOptions,
  type LoadedCpuModel
} from './cpu-load';

export { CPU_CONTEXT, type CpuLoadOptions, type LoadedCpuModel } from './cpu-load';

/** A chat-completions chunk, the fields read. */
interface Chunk {
  choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  /** llama.cpp's own counts, on the last chunk (wllama sends no `usage` when streaming) */
  timings?: { prompt_n?: number; cache_n?: number; predicted_n?: number };
}

/** A loaded GGUF model answering chat requests with the chat template in its file. */
export class CpuModel implements CpuLanguageModel {
  readonly id: string;
  readonly build = 'wasm64';
  readonly #wllama: Wllama;
  readonly #log: ErrorLog;
  readonly #seed: number | undefined;

  constructor(id: string, wllama: Wllama, log: ErrorLog, seed?: number) {
    this.id = id;
    this.#wllama = wllama;
    this.#log = log;
    this.#seed = seed;
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
        ...((request.seed ?? this.#seed) !== undefined && { seed: request.seed ?? this.#seed }),
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

let wllamaModule: Promise<typeof import('@wllama/wllama')> | null = null;

/** wllama's module, imported once; a failed import is forgotten so the next try starts afresh. */
function importWllama(): Promise<typeof import('@wllama/wllama')> {
  wllamaModule ??= import('@wllama/wllama').catch((error: unknown) => {
    wllamaModule = null;
    throw error;
  });
  return wllamaModule;
}

/** Load the GGUF at `url`; rejects with a CpuModelError, another Error, or an AbortError. */
export async function loadCpuModel(
  url: string,
  options: CpuLoadOptions = {}
): Promise<LoadedCpuModel> {
  const { signal, onProgress } = options;
  if (signal?.aborted) throw abortError();
  if (chooseCpuBuild(options.build ?? 'auto', WebAssembly) === 'wasm32')
    return import('./wllama-compat').then((m) => m.loadCompatCpuModel(url, options));
  const { Wllama } = await importWllama();
  const log = new ErrorLog();
  const wllama = new Wllama({ default: wasmUrl }, { logger: log.logger });
  // Never wllama 3's own fallback (its compat wasm from a CDN, which our CSP refuses): without
  // JSPI (Firefox, Chrome before 137) its main build runs the CPU path all the same.
  wllama.setCompat(null);
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
    model: new CpuModel(url, wllama, log, options.seed),
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
