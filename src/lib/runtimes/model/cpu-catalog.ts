/**
 * The GGUF code models offered for the CPU path (llama.cpp in WebAssembly), and which path to
 * recommend on a device.
 *
 * Sources: download sizes are the Q4_K_M files' sizes as Hugging Face lists them (398 MB and
 * 986 MB; the same in the lmstudio-community, QuantFactory and mradermacher repositories).
 * Memory is OUR ESTIMATE, not measured: the file (llama.cpp keeps the weights in the wasm
 * heap), the f16 KV cache for a 4096-token context (Qwen2.5-Coder's model cards: 24 layers
 * and 2 KV heads of 64 for 0.5B, 28 layers and 2 KV heads of 128 for 1.5B) and about 300 MB
 * of compute buffers and runtime.
 */
import type { ModelChoices } from './catalog';

/** One GGUF model the CPU path can load by URL. */
export interface CpuCatalogModel {
  /** the model, for people */
  name: string;
  /** where the file is downloaded from */
  url: string;
  /** the file's size in MB (from the model's page) */
  downloadMB: number;
  /** memory the loaded model needs, in MB (our estimate) */
  memoryMB: number;
  memoryEstimated: true;
}

export const CPU_CATALOG: readonly CpuCatalogModel[] = [
  {
    name: 'Qwen2.5-Coder 0.5B Instruct (Q4_K_M)',
    url: 'https://huggingface.co/lmstudio-community/Qwen2.5-Coder-0.5B-Instruct-GGUF/resolve/main/Qwen2.5-Coder-0.5B-Instruct-Q4_K_M.gguf',
    downloadMB: 398,
    memoryMB: 750,
    memoryEstimated: true
  },
  {
    name: 'Qwen2.5-Coder 1.5B Instruct (Q4_K_M)',
    url: 'https://huggingface.co/QuantFactory/Qwen2.5-Coder-1.5B-Instruct-GGUF/resolve/main/Qwen2.5-Coder-1.5B-Instruct.Q4_K_M.gguf',
    downloadMB: 986,
    memoryMB: 1400,
    memoryEstimated: true
  }
];

/** Which way to run a model on this device, in one sentence each. */
export interface PathAdvice {
  /** the path to try first */
  first: 'webgpu' | 'cpu';
  /** why, for the learner */
  sentence: string;
}

/**
 * A WebGPU model when an adapter with enough memory exists (a catalog model fits), the CPU
 * model otherwise; a model server is always an option, and the panel says so beside this.
 */
export function advisePath(webgpu: Pick<ModelChoices, 'recommended'>): PathAdvice {
  return webgpu.recommended
    ? {
        first: 'webgpu',
        sentence: `This device has a WebGPU adapter with enough memory: ${webgpu.recommended.family} on WebGPU is faster than any model on the CPU. The CPU model works too.`
      }
    : {
        first: 'cpu',
        sentence: `This device has no WebGPU adapter with enough memory, so a model on the CPU is the one to try here: ${CPU_CATALOG[0].name} is the smallest.`
      };
}

/** Check a URL the learner typed: http(s) and a path; the file itself is checked on load. */
export function checkModelUrl(text: string, base: string): { url: string } | { error: string } {
  let url: URL;
  try {
    url = new URL(text.trim(), base);
  } catch {
    return { error: 'This is not a web address. Paste the link to a .gguf file.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { error: 'The address must start with https:// (or http:// on your own network).' };
  return { url: url.href };
}
