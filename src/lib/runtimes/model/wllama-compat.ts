/**
 * The CPU model on llama.cpp's 32-bit WebAssembly build: wllama 2.3.7 (npm alias
 * `wllama-wasm32`), the last wllama release whose wasm needs no 64-bit memory, so Safari and
 * browsers older than Chrome 133 or Firefox 134 run it. wllama.ts imports this module only
 * when that build is chosen (cpu-build.ts). Its wasm files, single- and multi-threaded, come
 * from this origin under /_app/immutable like wllama 3's (cached for a year, precompressed,
 * kept by the service worker when first used).
 *
 * wllama 2 differs from wllama 3 in three ways that matter here, each handled below: a chat
 * call streams text through `onNewToken` and knows no stop strings; it reports no token
 * counts; and its sampler's seed is fixed when the model loads. So a call that asks for
 * another seed reloads the model (from the browser's storage), and every call is as
 * reproducible as on the 64-bit build.
 */
import type { ChatRequest, ChatResult } from '$lib/core/run/effects';
import type { Wllama } from 'wllama-wasm32/esm/index.js';
import singleThreadWasm from 'wllama-wasm32/esm/single-thread/wllama.wasm?url';
import multiThreadWasm from 'wllama-wasm32/esm/multi-thread/wllama.wasm?url';
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

/** Loads the file at `url` into a fresh wllama 2 with this seed (undefined: llama.cpp's). */
type Open = (seed: number | undefined, options: CpuLoadOptions) => Promise<Wllama>;

/** The text before the first stop string in it, or null when it holds none. */
export function cutAtStop(text: string, stop: readonly string[] | undefined): string | null {
  let cut: number | null = null;
  for (const s of stop ?? []) {
    const at = s ? text.indexOf(s) : -1;
    if (at >= 0 && (cut === null || at < cut)) cut = at;
  }
  return cut === null ? null : text.slice(0, cut);
}

/** How many characters at the end of `text` may be the start of a stop string (held back). */
export function stopPrefixLength(text: string, stop: readonly string[] | undefined): number {
  let held = 0;
  for (const s of stop ?? [])
    for (let n = Math.min(s.length - 1, text.length); n > held; n--)
      if (text.endsWith(s.slice(0, n))) {
        held = n;
        break;
      }
  return held;
}

/** A GGUF model on wllama 2, answering chat requests with the chat template in its file. */
export class CompatCpuModel implements CpuLanguageModel {
  readonly id: string;
  readonly build = 'wasm32';
  #wllama: Wllama;
  #seed: number | undefined;
  readonly #defaultSeed: number | undefined;
  readonly #log: ErrorLog;
  readonly #open: Open;

  constructor(id: string, wllama: Wllama, seed: number | undefined, log: ErrorLog, open: Open) {
    this.id = id;
    this.#wllama = wllama;
    this.#seed = this.#defaultSeed = seed;
    this.#log = log;
    this.#open = open;
  }

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
    let latest = '';
    let tokens = 0;
    let stopped = false;
    let promptTokens: number;
    try {
      const seed = request.seed ?? this.#defaultSeed;
      if (seed !== this.#seed) await this.#reseed(seed);
      const messages = request.messages.map((m) => ({ role: m.role, content: m.content }));
      const prompt = await this.#wllama.formatChat(messages, true);
      promptTokens = (await this.#wllama.tokenize(prompt, true)).length;
      await this.#wllama.createCompletion(prompt, {
        nPredict: request.maxTokens,
        sampling: {
          temp: request.temperature,
          ...(request.topP !== undefined && { top_p: request.topP })
        },
        abortSignal: signal,
        onNewToken: (_token, _piece, currentText, { abortSignal: stop }) => {
          tokens += 1;
          const cut = cutAtStop(currentText, request.stop);
          latest = cut ?? currentText;
          // Text that may begin a stop string waits for the next piece, and so does a piece
          // that ends inside a multi-byte character.
          const next =
            cut ?? latest.slice(0, latest.length - stopPrefixLength(latest, request.stop));
          if (next.length > text.length && !next.endsWith('\uFFFD')) {
            onToken?.(next.slice(text.length));
            text = next;
          }
          if (cut !== null) {
            stopped = true;
            stop();
          }
        }
      });
    } catch (error) {
      if (signal?.aborted) throw abortError();
      throw errorFromRun(error, this.#log.lines);
    }
    if (signal?.aborted) throw abortError();
    if (latest.length > text.length) {
      onToken?.(latest.slice(text.length));
      text = latest;
    }
    return {
      text,
      finishReason: !stopped && tokens >= request.maxTokens ? 'length' : 'stop',
      modelId: this.id,
      usage: { promptTokens, completionTokens: tokens, estimated: false }
    };
  }

  /** wllama 2 seeds its sampler when it loads a model, so another seed is another load. */
  async #reseed(seed: number | undefined): Promise<void> {
    await this.#wllama.exit().catch(() => {});
    this.#wllama = await this.#open(seed, {});
    this.#seed = seed;
  }

  dispose(): void {
    this.#wllama.exit().catch(() => {});
  }
}

let wllamaModule: Promise<typeof import('wllama-wasm32/esm/index.js')> | null = null;

/** wllama 2's module, imported once; a failed import is forgotten. */
function importWllama(): Promise<typeof import('wllama-wasm32/esm/index.js')> {
  wllamaModule ??= import('wllama-wasm32/esm/index.js').catch((error: unknown) => {
    wllamaModule = null;
    throw error;
  });
  return wllamaModule;
}

/** Load the GGUF at `url` on the 32-bit build; rejects as `loadCpuModel` does. */
export async function loadCompatCpuModel(
  url: string,
  options: CpuLoadOptions = {}
): Promise<LoadedCpuModel> {
  const log = new ErrorLog();
  const open: Open = async (seed, { signal, onProgress }) => {
    const { Wllama } = await importWllama();
    const wllama = new Wllama(
      {
        'single-thread/wllama.wasm': singleThreadWasm,
        'multi-thread/wllama.wasm': multiThreadWasm
      },
      { logger: log.logger }
    );
    const started = performance.now();
    try {
      await wllama.loadModelFromUrl(url, {
        n_ctx: CPU_CONTEXT,
        ...(options.threads !== undefined && { n_threads: options.threads }),
        ...(seed !== undefined && { seed }),
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
    return wllama;
  };
  const wllama = await open(options.seed, options);
  const model = new CompatCpuModel(url, wllama, options.seed, log, open);
  return { model, dispose: () => model.dispose() };
}
