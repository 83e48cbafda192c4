/**
 * What this device can do for in-browser models: WebGPU adapter, 16-bit shaders, buffer
 * limits and storage, read through minimal structural types (so a fake navigator works in
 * Node tests and the real one in the browser), and said in plain sentences.
 */

/** A device's capabilities, as plain data (what `probeCapabilities` reads). */
export interface DeviceCapabilities {
  /** `navigator.gpu` exists */
  hasWebGPU: boolean;
  /** `requestAdapter()` gave an adapter */
  adapterFound: boolean;
  /** the adapter is a software one (SwiftShader and the like): runs on the CPU */
  isFallbackAdapter: boolean;
  /** the GPU's vendor as the browser reports it ('' when it does not say) */
  vendor: string;
  /** the adapter offers the `shader-f16` feature (needed by q4f16 models) */
  shaderF16: boolean;
  /** bytes; 0 without an adapter */
  maxBufferSize: number;
  /** bytes; 0 without an adapter */
  maxStorageBufferBindingSize: number;
  /** bytes this origin may store (`navigator.storage.estimate()`), when known */
  storageQuota?: number;
  /** bytes this origin stores now, when known */
  storageUsage?: number;
  /** the browser promised not to evict this origin's storage on its own */
  persisted?: boolean;
}

/** The part of a `GPUAdapter` we read. */
export interface GpuAdapterLike {
  features: { has(name: string): boolean };
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number };
  /** older Chromium; newer browsers report it in `info` */
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; isFallbackAdapter?: boolean };
  /** before `adapter.info` (Chromium < 127) */
  requestAdapterInfo?: () => Promise<{ vendor?: string }>;
}

/** The part of `navigator.gpu` we use. */
export interface GpuLike {
  requestAdapter(options?: {
    powerPreference?: 'high-performance' | 'low-power';
  }): Promise<GpuAdapterLike | null>;
}

/** The part of `navigator.storage` we use. */
export interface StorageLike {
  estimate(): Promise<{ quota?: number; usage?: number }>;
  persisted?(): Promise<boolean>;
}

/**
 * Read the capabilities of a real (or fake) navigator. Never rejects: whatever cannot be read
 * is reported as absent. Asks for the high-performance adapter, as WebLLM does.
 */
export async function probeCapabilities(
  nav: { gpu?: GpuLike | null },
  storage?: StorageLike | null
): Promise<DeviceCapabilities> {
  const caps: DeviceCapabilities = {
    hasWebGPU: !!nav.gpu,
    adapterFound: false,
    isFallbackAdapter: false,
    vendor: '',
    shaderF16: false,
    maxBufferSize: 0,
    maxStorageBufferBindingSize: 0
  };
  let adapter: GpuAdapterLike | null = null;
  try {
    adapter = nav.gpu
      ? await nav.gpu.requestAdapter({ powerPreference: 'high-performance' })
      : null;
  } catch {
    adapter = null; // some drivers throw instead of returning null
  }
  if (adapter) {
    caps.adapterFound = true;
    caps.isFallbackAdapter = !!(adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter);
    caps.shaderF16 = adapter.features.has('shader-f16');
    caps.maxBufferSize = adapter.limits.maxBufferSize;
    caps.maxStorageBufferBindingSize = adapter.limits.maxStorageBufferBindingSize;
    let vendor = adapter.info?.vendor;
    if (vendor === undefined && adapter.requestAdapterInfo) {
      vendor = await adapter.requestAdapterInfo().then(
        (info) => info.vendor,
        () => undefined
      );
    }
    caps.vendor = vendor ?? '';
  }
  if (storage) {
    try {
      const { quota, usage } = await storage.estimate();
      if (typeof quota === 'number') caps.storageQuota = quota;
      if (typeof usage === 'number') caps.storageUsage = usage;
    } catch {
      // unknown storage: model choice then does not judge by it
    }
    if (storage.persisted) caps.persisted = await storage.persisted().catch(() => undefined);
  }
  return caps;
}

const MB = 1e6;
const GiB = 2 ** 30;

/**
 * How much GPU memory (MB) models may use here: a guess, because WebGPU deliberately does not
 * report memory size. The largest buffer an adapter allows grows with its memory (phones
 * allow 256 MiB–1 GiB, integrated GPUs 2 GiB, discrete ones 2–4 GiB or more; SwiftShader
 * 1 GiB), so we take four largest buffers, at most 16 GiB. Use `safeVramMB` for choosing.
 */
export function vramBudgetMB(caps: DeviceCapabilities): number {
  if (!caps.adapterFound) return 0;
  return Math.min(4 * caps.maxBufferSize, 16 * GiB) / MB;
}

/** The share of the budget a model may take, leaving room for the page, the browser and other tabs. */
export const SAFE_VRAM_SHARE = 0.75;

/** The VRAM (MB) a model may need and still be offered here. */
export function safeVramMB(caps: DeviceCapabilities): number {
  return Math.floor(vramBudgetMB(caps) * SAFE_VRAM_SHARE);
}

/** Bytes this origin may still store, or undefined when the browser did not say. */
export function freeStorageBytes(caps: DeviceCapabilities): number | undefined {
  if (caps.storageQuota === undefined) return undefined;
  return Math.max(0, caps.storageQuota - (caps.storageUsage ?? 0));
}

/** A byte count for people: "1.2 GB", "350 MB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  return `${Math.round(bytes / MB)} MB`;
}

/** The device in plain sentences, for a settings panel. */
export function describeDevice(caps: DeviceCapabilities): string[] {
  if (!caps.hasWebGPU) {
    return [
      'This browser has no WebGPU, so models cannot run inside this page.',
      'A model server you connect to (an OpenAI-compatible endpoint) and the scripted ' +
        'walkthroughs still work.'
    ];
  }
  if (!caps.adapterFound) {
    return [
      'This browser knows WebGPU but found no graphics adapter to use: it may be switched ' +
        'off, or the graphics driver may be blocked.',
      'A model server you connect to and the scripted walkthroughs still work.'
    ];
  }
  const out: string[] = [];
  const who = caps.vendor ? `a graphics adapter from ${caps.vendor}` : 'a graphics adapter';
  out.push(
    caps.isFallbackAdapter
      ? `WebGPU runs here on ${who} that is software, not a GPU: small models work, but many ` +
          'times slower than on a real GPU.'
      : `WebGPU runs here on ${who}.`
  );
  out.push(
    caps.shaderF16
      ? 'It supports 16-bit shaders (shader-f16), so the smaller, faster q4f16 models can run.'
      : 'It lacks 16-bit shaders (shader-f16), so only the q4f32 versions of models can run.'
  );
  out.push(
    `Its largest buffer is ${formatBytes(caps.maxBufferSize)}; from that we guess models up to ` +
      `about ${formatBytes(safeVramMB(caps) * MB)} of GPU memory are safe (browsers do not ` +
      'report GPU memory, so this is an estimate).'
  );
  const free = freeStorageBytes(caps);
  if (free !== undefined) {
    out.push(
      `This site may store about ${formatBytes(free)} more` +
        (caps.storageUsage ? ` (it uses ${formatBytes(caps.storageUsage)} now).` : '.')
    );
  }
  if (caps.persisted === true) {
    out.push('Storage is persistent: the browser will not delete downloaded models on its own.');
  } else if (caps.persisted === false) {
    out.push(
      'Storage is not persistent: the browser may delete downloaded models when the disk is ' +
        'nearly full.'
    );
  }
  return out;
}
