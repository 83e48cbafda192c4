/**
 * What goes wrong with a GGUF model on the CPU path (llama.cpp in WebAssembly, through wllama),
 * in plain sentences. wllama 3 resolves `loadModelFromUrl` even when llama.cpp could not load
 * the file, and only aborts on the first request; the reason is in llama.cpp's log. So the
 * runtime keeps the log's error lines of a load and reads them here.
 */

/** Why a CPU model failed, each with its own sentence. */
export type CpuModelProblem =
  'not-gguf' | 'truncated' | 'architecture' | 'memory' | 'context' | 'browser' | 'crashed';

/** A CPU model failed to load or to run; the message is the sentence to show. */
export class CpuModelError extends Error {
  readonly problem: CpuModelProblem;
  constructor(problem: CpuModelProblem, message: string) {
    super(message);
    this.name = 'CpuModelError';
    this.problem = problem;
  }
}

/**
 * The error for a problem; `detail` is the architecture the file named, or the context size.
 */
export function cpuModelError(problem: CpuModelProblem, detail?: string): CpuModelError {
  switch (problem) {
    case 'not-gguf':
      return new CpuModelError(
        problem,
        'The file at this address is not a GGUF model. Check that the URL points at the .gguf file itself (on Hugging Face, the "resolve" link, not the page that shows it).'
      );
    case 'truncated':
      return new CpuModelError(
        problem,
        'The model file ends before its last weights: the download was cut short or the file is incomplete. Delete it from the cached files and download it again.'
      );
    case 'architecture':
      return new CpuModelError(
        problem,
        `This build of llama.cpp cannot run a model of the "${detail ?? 'unknown'}" architecture. Choose another GGUF model (Qwen2.5-Coder works).`
      );
    case 'memory':
      return new CpuModelError(
        problem,
        'There is not enough memory for this model in the browser. Close other tabs or choose a smaller model (0.5B rather than 1.5B).'
      );
    case 'context':
      return new CpuModelError(
        problem,
        `The conversation no longer fits in the model’s context${detail ? ` of ${detail} tokens` : ''}: the earlier replies made it too long. Start the run again with a lower reply limit.`
      );
    case 'browser':
      return new CpuModelError(
        problem,
        'This browser cannot run llama.cpp’s 64-bit WebAssembly build: it lacks 64-bit WebAssembly memory. Set the llama.cpp build to automatic or 32-bit in the CPU model’s settings.'
      );
    case 'crashed':
      return new CpuModelError(
        problem,
        'The model’s worker crashed while it ran. Reload the page and try again; if it happens again, choose a smaller model.'
      );
  }
}

/**
 * The error llama.cpp's log lines of a load describe, or null when they report no failure.
 * The patterns are llama.cpp's own messages (gguf.cpp, llama-model-loader.cpp, llama-arch).
 */
export function errorFromLoadLog(lines: readonly string[]): CpuModelError | null {
  const text = lines.join('\n');
  if (/invalid magic characters|failed to read magic/i.test(text)) return cpuModelError('not-gguf');
  if (/not within the file bounds|model is corrupted or incomplete|failed to read/i.test(text))
    return cpuModelError('truncated');
  const arch = /unknown model architecture: '([^']*)'/i.exec(text);
  if (arch) return cpuModelError('architecture', arch[1]);
  if (/out of memory|failed to allocate|Cannot allocate WebAssembly\.Memory/i.test(text))
    return cpuModelError('memory');
  if (/failed to load model/i.test(text)) return cpuModelError('not-gguf');
  return null;
}

/** Any failure of a running CPU model, made a CpuModelError when it is one we can name. */
export function errorFromRun(error: unknown, lines: readonly string[]): Error {
  const named = errorFromLoadLog(lines);
  if (named) return named;
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const context = /exceeds the available context size \((\d+) tokens\)/.exec(text);
  if (context) return cpuModelError('context', context[1]);
  if (/Cannot allocate WebAssembly\.Memory|out of memory|RangeError: .*memory/i.test(text))
    return cpuModelError('memory');
  if (/RuntimeError|ABORT|has crashed/i.test(text)) return cpuModelError('crashed');
  return error instanceof Error ? error : new Error(text);
}

/**
 * A wasm module that only declares a 64-bit memory: valid where WebAssembly memory64 is
 * supported, which wllama 3's build needs (Chrome and Edge 133, Firefox 134); elsewhere the
 * 32-bit build runs (cpu-build.ts).
 */
const MEMORY64_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 5, 3, 1, 4, 1]);

/** Whether this engine can run wllama 3's wasm (`wasm` is the global WebAssembly). */
export function supportsMemory64(wasm: Pick<typeof WebAssembly, 'validate'>): boolean {
  try {
    return wasm.validate(MEMORY64_PROBE);
  } catch {
    return false;
  }
}
