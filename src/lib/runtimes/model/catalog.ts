/**
 * The small WebLLM models this lab offers, and which of them fit this device.
 *
 * Sources: model ids and `vramMB` are WebLLM's prebuilt `prebuiltAppConfig` values
 * (`vram_required_MB`, @mlc-ai/web-llm 0.2.x, model libraries v0_2_80), as copied into
 * /work/shared/TECHNIQUES.md. Download sizes are OUR ESTIMATES, not measured: parameters ×
 * bits per weight / 8, plus ~10 MB for the tokenizer, config and model library. q4f16_1
 * stores 4-bit weights with one 16-bit scale per group of 32 (4.5 bits per weight), q4f32_1
 * with a 32-bit scale (5 bits). Parameter counts are the makers' model cards.
 */
export {
  describeDevice,
  probeCapabilities,
  safeVramMB,
  vramBudgetMB,
  type DeviceCapabilities
} from './device';
export { selfHostedModelRecord, type WebLLMModelRecord } from './self-hosted';

import { formatBytes, freeStorageBytes, safeVramMB, type DeviceCapabilities } from './device';

/** One model WebLLM can load by id. */
export interface CatalogModel {
  /** WebLLM's `model_id` */
  id: string;
  /** the model, for people: "Qwen2.5-Coder 1.5B" */
  family: string;
  quantization: 'q4f16_1' | 'q4f32_1';
  /** needs the WebGPU `shader-f16` feature (every f16 variant) */
  needsF16: boolean;
  /** WebLLM's `vram_required_MB` */
  vramMB: number;
  /** approximate download in MB (an estimate, see the file's comment) */
  downloadMB: number;
  downloadEstimated: true;
  /** trained for code (the lessons' prompts suit these best) */
  code: boolean;
  /** maker-reported HumanEval pass@1 (%), when given in TECHNIQUES.md */
  humanEval?: number;
  /** WebLLM's `buffer_size_required_bytes`, when the model needs large storage bindings */
  bufferSizeRequiredBytes?: number;
}

/** Estimated download in MB for a 4-bit model (see the file's comment). */
function downloadMB(paramsB: number, quantization: CatalogModel['quantization']): number {
  const bits = quantization === 'q4f16_1' ? 4.5 : 5;
  return Math.round((paramsB * 1e9 * bits) / 8 / 1e6 + 10);
}

function entry(
  base: string,
  family: string,
  paramsB: number,
  quantization: CatalogModel['quantization'],
  vramMB: number,
  extra: Partial<Pick<CatalogModel, 'code' | 'humanEval'>> = {}
): CatalogModel {
  return {
    id: `${base}-${quantization}-MLC`,
    family,
    quantization,
    needsF16: quantization === 'q4f16_1',
    vramMB,
    downloadMB: downloadMB(paramsB, quantization),
    downloadEstimated: true,
    code: extra.code ?? false,
    ...(extra.humanEval === undefined ? {} : { humanEval: extra.humanEval })
  };
}

/**
 * The curated list, in order of preference: the stronger coder first, each model's f16
 * variant before its f32 one (smaller and faster where the GPU has f16).
 */
export const MODEL_CATALOG: readonly CatalogModel[] = [
  entry('Qwen2.5-Coder-1.5B-Instruct', 'Qwen2.5-Coder 1.5B', 1.54, 'q4f16_1', 1629.75, {
    code: true,
    humanEval: 70.7
  }),
  entry('Qwen2.5-Coder-1.5B-Instruct', 'Qwen2.5-Coder 1.5B', 1.54, 'q4f32_1', 1888.97, {
    code: true,
    humanEval: 70.7
  }),
  entry('Qwen2.5-Coder-0.5B-Instruct', 'Qwen2.5-Coder 0.5B', 0.49, 'q4f16_1', 944.62, {
    code: true,
    humanEval: 61.6
  }),
  entry('Qwen2.5-Coder-0.5B-Instruct', 'Qwen2.5-Coder 0.5B', 0.49, 'q4f32_1', 1060.2, {
    code: true,
    humanEval: 61.6
  }),
  entry('Llama-3.2-1B-Instruct', 'Llama 3.2 1B', 1.24, 'q4f16_1', 879.04),
  entry('Llama-3.2-1B-Instruct', 'Llama 3.2 1B', 1.24, 'q4f32_1', 1128.82),
  entry('SmolLM2-360M-Instruct', 'SmolLM2 360M', 0.36, 'q4f32_1', 579.61)
];

/** A catalog model judged against a device. */
export interface ModelChoice {
  model: CatalogModel;
  fits: boolean;
  /** why it does not fit (empty when it fits), one sentence each */
  reasons: string[];
  /** things to know even when it fits (slow CPU adapter, already downloaded) */
  notes: string[];
}

/** Every model judged, and the one to suggest (null when none fits). */
export interface ModelChoices {
  choices: ModelChoice[];
  recommended: CatalogModel | null;
}

/** Free storage to keep after a download: the browser needs room, and estimates are rough. */
const STORAGE_HEADROOM = 1.2;

/**
 * Judge each model against the device: it needs f16 the GPU lacks; its VRAM is above the
 * safe share of the budget guessed from the adapter's limits; it needs larger storage
 * bindings than the adapter allows; or its download does not fit in free storage (models in
 * `cached` are already stored and need none). Recommends the first model that fits in
 * catalog order, so the f16 variant where the GPU has f16 and the q4f32 one where it has
 * not; on a software adapter, the smallest code model that fits, as big ones crawl there.
 */
export function chooseModels(
  caps: DeviceCapabilities,
  catalog: readonly CatalogModel[] = MODEL_CATALOG,
  options: { cached?: readonly string[] } = {}
): ModelChoices {
  const cached = new Set(options.cached ?? []);
  const safe = safeVramMB(caps);
  const free = freeStorageBytes(caps);

  const choices = catalog.map((model): ModelChoice => {
    const reasons: string[] = [];
    const notes: string[] = [];
    if (!caps.hasWebGPU || !caps.adapterFound) {
      reasons.push('This browser has no WebGPU adapter to run it on.');
    } else {
      if (model.needsF16 && !caps.shaderF16) {
        const f32 = catalog.find((m) => m.family === model.family && !m.needsF16);
        reasons.push(
          'It needs 16-bit shaders (shader-f16), which this GPU lacks' +
            (f32 ? `; ${f32.id} is the same model without that need.` : '.')
        );
      }
      if (model.vramMB > safe) {
        reasons.push(
          `It needs about ${formatBytes(model.vramMB * 1e6)} of GPU memory; this device can ` +
            `safely give about ${formatBytes(safe * 1e6)}.`
        );
      }
      if (
        model.bufferSizeRequiredBytes !== undefined &&
        model.bufferSizeRequiredBytes > caps.maxStorageBufferBindingSize
      ) {
        reasons.push('It needs larger GPU storage buffers than this adapter allows.');
      }
      if (caps.isFallbackAdapter) {
        notes.push('This adapter is software, not a GPU: expect replies to take minutes.');
      }
    }
    if (cached.has(model.id)) {
      notes.push('Already downloaded: it loads without the network.');
    } else if (free !== undefined && model.downloadMB * 1e6 * STORAGE_HEADROOM > free) {
      reasons.push(
        `Its download (about ${formatBytes(model.downloadMB * 1e6)}) does not fit in the ` +
          `${formatBytes(free)} this site may still store.`
      );
    }
    return { model, fits: reasons.length === 0, reasons, notes };
  });

  const fitting = choices.filter((c) => c.fits).map((c) => c.model);
  const recommended = caps.isFallbackAdapter
    ? ([...fitting].filter((m) => m.code).sort((a, b) => a.vramMB - b.vramMB)[0] ??
      fitting[0] ??
      null)
    : (fitting[0] ?? null);
  return { choices, recommended };
}
