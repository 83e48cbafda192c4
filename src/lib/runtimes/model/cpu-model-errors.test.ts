import { describe, expect, it } from 'vitest';
import {
  cpuModelError,
  errorFromLoadLog,
  errorFromRun,
  supportsMemory64
} from './cpu-model-errors';
import { explainModelError } from './errors';

// llama.cpp's log lines, as wllama 3.13 printed them in Chromium for broken files
// (made with src/cli/tiny-gguf.js: cut at 200 KB, an HTML page, another architecture).
const LOADER_TAIL = [
  'llama_model_load_from_file_impl: failed to load model',
  "common_init_: failed to load model 'models/model-00001-of-00001.gguf'"
];
const TRUNCATED = [
  "llama_model_load: error loading model: tensor 'blk.0.attn_q.weight' data is not within the file bounds, model is corrupted or incomplete",
  ...LOADER_TAIL
];
const NOT_GGUF = [
  "gguf_init_from_reader: invalid magic characters: '<!do', expected 'GGUF'",
  'llama_model_load: error loading model: llama_model_loader: failed to load model from models/model-00001-of-00001.gguf',
  ...LOADER_TAIL
];
const ARCHITECTURE = [
  "llama_model_load: error loading model: unknown model architecture: 'nonsense'",
  ...LOADER_TAIL
];

describe('the CPU model’s errors in sentences', () => {
  it('names a file that is not a GGUF', () => {
    const error = errorFromLoadLog(NOT_GGUF);
    expect(error?.problem).toBe('not-gguf');
    expect(error?.message).toMatch(/^The file at this address is not a GGUF model\./);
  });

  it('names a download cut short, and offers to download it again', () => {
    const error = errorFromLoadLog(TRUNCATED);
    expect(error?.problem).toBe('truncated');
    expect(error?.message).toMatch(/download was cut short/);
    expect(explainModelError(error).action).toBe('retry-download');
  });

  it('names the architecture this build cannot run', () => {
    const error = errorFromLoadLog(ARCHITECTURE);
    expect(error?.message).toMatch(/cannot run a model of the "nonsense" architecture/);
  });

  it('says when memory ran out, and offers a smaller model', () => {
    const error = errorFromRun(new Error('Cannot allocate WebAssembly.Memory'), []);
    expect(error.message).toMatch(/not enough memory/);
    expect(explainModelError(error).action).toBe('smaller-model');
  });

  it('says when the conversation outgrew the context, as llama.cpp’s server reports it', () => {
    const error = errorFromRun(
      new Error(
        'request (4400 tokens) exceeds the available context size (4096 tokens), try increasing it'
      ),
      []
    );
    expect(error.message).toMatch(/no longer fits in the model’s context of 4096 tokens/);
    expect(explainModelError(error).title).toBe('The conversation is too long for the model');
  });

  it('says the worker crashed when wllama aborts with no load error in the log', () => {
    const aborted = Object.assign(new Error('(ABORT) '), { name: 'RuntimeError' });
    const error = errorFromRun(aborted, ['ggml_webgpu: Failed to get an adapter']);
    expect(error.message).toMatch(/worker crashed/);
    expect(explainModelError(error)).toMatchObject({
      title: 'The model stopped working',
      action: 'reload'
    });
  });

  it('knows whether the engine has 64-bit wasm memory, which the build needs', () => {
    // The probe is a real module: Node 20's V8 rejects it (no memory64 without a flag), Node 24's
    // and Chromium 133+ accept it. Here the engine is asked, and its answer is passed on.
    const seen: BufferSource[] = [];
    const engine = (answer: boolean) => ({
      validate: (bytes: BufferSource) => (seen.push(bytes), answer)
    });
    expect(supportsMemory64(engine(true))).toBe(true);
    expect(supportsMemory64(engine(false))).toBe(false);
    expect(
      supportsMemory64({
        validate: () => {
          throw new TypeError('no');
        }
      })
    ).toBe(false);
    expect([...(seen[0] as Uint8Array).slice(0, 4)]).toEqual([0, 97, 115, 109]);
    expect(typeof supportsMemory64(WebAssembly)).toBe('boolean');
    expect(cpuModelError('browser').message).toMatch(/lacks 64-bit WebAssembly memory/);
  });

  it('reports no failure for a clean load, and keeps other errors as they are', () => {
    expect(errorFromLoadLog(['load: special tokens cache size = 5'])).toBeNull();
    const other = new Error('Failed to fetch http://x/m.gguf: HTTP 404');
    expect(errorFromRun(other, [])).toBe(other);
  });
});
