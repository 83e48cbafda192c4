/**
 * What both builds of the CPU model share (wllama 3's 64-bit one in wllama.ts, wllama 2's
 * 32-bit one in wllama-compat.ts): the options of a load, the loaded model's shape, the
 * context size, llama.cpp's error lines kept while a load or call runs, and download progress.
 */
import type { LanguageModel } from '$lib/core/run/effects';
import type { CpuBuild, CpuBuildChoice } from './cpu-build';
import type { LoadProgress } from './progress';

/** The context every CPU model is given: room for a lesson's longest prompt and reply. */
export const CPU_CONTEXT = 4096;

/** How to load a CPU model. */
export interface CpuLoadOptions {
  onProgress?: (progress: LoadProgress) => void;
  /** cancels the download (the part already stored is dropped by wllama) */
  signal?: AbortSignal;
  /** llama.cpp's threads; by default wllama's choice (half the cores) when isolated, else 1 */
  threads?: number;
  /** keep the file in the browser's storage (default true) */
  useCache?: boolean;
  /** which llama.cpp build (default: automatic, by a memory64 probe) */
  build?: CpuBuildChoice;
  /** the seed of a call that names none (the learner's setting) */
  seed?: number;
}

/** A CPU model that can say how it runs. */
export interface CpuLanguageModel extends LanguageModel {
  /** the llama.cpp build it runs on */
  readonly build: CpuBuild;
  /** how many threads llama.cpp computes with (1 when the page is not cross-origin isolated) */
  readonly threads: number;
}

/** A loaded model and how to let it go. */
export interface LoadedCpuModel {
  model: CpuLanguageModel;
  dispose(): void;
}

export function abortError(): DOMException {
  return new DOMException('The model call was stopped.', 'AbortError');
}

/** llama.cpp's error lines, kept while one load or call runs. */
export class ErrorLog {
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

/** Download progress in the numbers the page shows, with a guess at the time left. */
export function downloadProgress(loaded: number, total: number, started: number): LoadProgress {
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
