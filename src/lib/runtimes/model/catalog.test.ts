import { describe, expect, it } from 'vitest';
import { chooseModels, MODEL_CATALOG, type CatalogModel } from './catalog';
import {
  describeDevice,
  probeCapabilities,
  safeVramMB,
  type DeviceCapabilities,
  type GpuAdapterLike
} from './device';

const GiB = 2 ** 30;

/** A discrete GPU with f16, 4 GiB buffers and plenty of storage. */
const desktop: DeviceCapabilities = {
  hasWebGPU: true,
  adapterFound: true,
  isFallbackAdapter: false,
  vendor: 'nvidia',
  shaderF16: true,
  maxBufferSize: 4 * GiB,
  maxStorageBufferBindingSize: 2 * GiB,
  storageQuota: 100e9,
  storageUsage: 1e9,
  persisted: true
};
/** What CI's Chromium offers with --enable-unsafe-webgpu (DESIGN.md): SwiftShader, no f16. */
const swiftShader: DeviceCapabilities = {
  ...desktop,
  vendor: 'google',
  isFallbackAdapter: true,
  shaderF16: false,
  maxBufferSize: GiB,
  maxStorageBufferBindingSize: GiB
};

const fits = (caps: DeviceCapabilities, options?: { cached?: string[] }) =>
  chooseModels(caps, MODEL_CATALOG, options)
    .choices.filter((c) => c.fits)
    .map((c) => c.model.id);
const choice = (caps: DeviceCapabilities, id: string) =>
  chooseModels(caps).choices.find((c) => c.model.id === id)!;

describe('MODEL_CATALOG', () => {
  it('has the VRAM figures of TECHNIQUES.md and marks every download size as an estimate', () => {
    const vram = Object.fromEntries(MODEL_CATALOG.map((m) => [m.id, m.vramMB]));
    expect(vram).toEqual({
      'Qwen2.5-Coder-1.5B-Instruct-q4f16_1-MLC': 1629.75,
      'Qwen2.5-Coder-1.5B-Instruct-q4f32_1-MLC': 1888.97,
      'Qwen2.5-Coder-0.5B-Instruct-q4f16_1-MLC': 944.62,
      'Qwen2.5-Coder-0.5B-Instruct-q4f32_1-MLC': 1060.2,
      'Llama-3.2-1B-Instruct-q4f16_1-MLC': 879.04,
      'Llama-3.2-1B-Instruct-q4f32_1-MLC': 1128.82,
      'SmolLM2-360M-Instruct-q4f32_1-MLC': 579.61
    });
    for (const m of MODEL_CATALOG) {
      expect(m.downloadEstimated).toBe(true);
      expect(m.needsF16).toBe(m.quantization === 'q4f16_1');
      expect(m.downloadMB).toBeGreaterThan(100);
      expect(m.downloadMB).toBeLessThan(m.vramMB);
    }
  });
});

describe('chooseModels', () => {
  it('offers everything on a GPU with f16 and recommends the f16 coder', () => {
    expect(fits(desktop)).toHaveLength(MODEL_CATALOG.length);
    expect(chooseModels(desktop).recommended?.id).toBe('Qwen2.5-Coder-1.5B-Instruct-q4f16_1-MLC');
  });

  it('without shader-f16 rules out every f16 variant, naming the f32 one, and prefers q4f32', () => {
    const noF16 = { ...desktop, shaderF16: false };
    expect(fits(noF16).every((id) => id.includes('q4f32_1'))).toBe(true);
    expect(fits(noF16)).toHaveLength(4);
    const f16 = choice(noF16, 'Qwen2.5-Coder-0.5B-Instruct-q4f16_1-MLC');
    expect(f16.fits).toBe(false);
    expect(f16.reasons).toEqual([
      'It needs 16-bit shaders (shader-f16), which this GPU lacks; ' +
        'Qwen2.5-Coder-0.5B-Instruct-q4f32_1-MLC is the same model without that need.'
    ]);
    expect(chooseModels(noF16).recommended?.id).toBe('Qwen2.5-Coder-1.5B-Instruct-q4f32_1-MLC');
  });

  it('rules out models above the safe share of the VRAM budget guessed from the limits', () => {
    // 512 MiB buffers: budget 2 GiB, safe share 0.75 → about 1610 MB.
    const laptop = { ...desktop, maxBufferSize: 512 * 2 ** 20 };
    expect(safeVramMB(laptop)).toBe(1610);
    const big = choice(laptop, 'Qwen2.5-Coder-1.5B-Instruct-q4f16_1-MLC');
    expect(big.fits).toBe(false);
    expect(big.reasons[0]).toMatch(
      /about 1\.6 GB of GPU memory; this device can safely give about 1\.6 GB/
    );
    expect(chooseModels(laptop).recommended?.id).toBe('Qwen2.5-Coder-0.5B-Instruct-q4f16_1-MLC');

    // a phone-like 256 MiB: only SmolLM2 (580 MB) is under 805 MB
    const phone = { ...desktop, maxBufferSize: 256 * 2 ** 20 };
    expect(fits(phone)).toEqual(['SmolLM2-360M-Instruct-q4f32_1-MLC']);
  });

  it('rules out downloads that do not fit in free storage, unless already cached', () => {
    const full = { ...desktop, storageQuota: 2e9, storageUsage: 1.65e9 }; // 350 MB free
    expect(fits(full)).toEqual([
      'Qwen2.5-Coder-0.5B-Instruct-q4f16_1-MLC',
      'SmolLM2-360M-Instruct-q4f32_1-MLC'
    ]);
    const coder = choice(full, 'Qwen2.5-Coder-1.5B-Instruct-q4f16_1-MLC');
    expect(coder.reasons).toEqual([
      'Its download (about 876 MB) does not fit in the 350 MB this site may still store.'
    ]);
    const cached = chooseModels(full, MODEL_CATALOG, {
      cached: ['Qwen2.5-Coder-1.5B-Instruct-q4f16_1-MLC']
    });
    expect(cached.recommended?.id).toBe('Qwen2.5-Coder-1.5B-Instruct-q4f16_1-MLC');
    expect(cached.choices[0].notes).toEqual(['Already downloaded: it loads without the network.']);
  });

  it('on a software adapter without f16 (CI Chromium) recommends the smallest code model', () => {
    const result = chooseModels(swiftShader);
    expect(result.recommended?.id).toBe('Qwen2.5-Coder-0.5B-Instruct-q4f32_1-MLC');
    const ok = result.choices.find((c) => c.model.id === result.recommended?.id)!;
    expect(ok.notes[0]).toMatch(/software, not a GPU/);
  });

  it('with no adapter nothing fits, for one plain reason', () => {
    const none = { ...desktop, adapterFound: false, maxBufferSize: 0 };
    const result = chooseModels(none);
    expect(result.recommended).toBeNull();
    expect(
      result.choices.every(
        (c) => c.reasons[0] === 'This browser has no WebGPU adapter to run it on.'
      )
    ).toBe(true);
  });

  it('checks storage-buffer binding size for models that declare it', () => {
    const needy: CatalogModel = {
      ...MODEL_CATALOG[6],
      id: 'needy',
      bufferSizeRequiredBytes: 2 * GiB
    };
    const result = chooseModels(swiftShader, [needy]);
    expect(result.choices[0].reasons).toEqual([
      'It needs larger GPU storage buffers than this adapter allows.'
    ]);
  });
});

describe('describeDevice', () => {
  it('says when there is no WebGPU, or no adapter, and what still works', () => {
    const none = describeDevice({ ...desktop, hasWebGPU: false, adapterFound: false });
    expect(none[0]).toBe('This browser has no WebGPU, so models cannot run inside this page.');
    expect(none[1]).toMatch(/scripted walkthroughs still work/);
    expect(describeDevice({ ...desktop, adapterFound: false })[0]).toMatch(
      /found no graphics adapter/
    );
  });

  it('describes a software adapter without f16, its budget and its storage', () => {
    expect(describeDevice({ ...swiftShader, persisted: false })).toEqual([
      'WebGPU runs here on a graphics adapter from google that is software, not a GPU: small ' +
        'models work, but many times slower than on a real GPU.',
      'It lacks 16-bit shaders (shader-f16), so only the q4f32 versions of models can run.',
      'Its largest buffer is 1.1 GB; from that we guess models up to about 3.2 GB of GPU ' +
        'memory are safe (browsers do not report GPU memory, so this is an estimate).',
      'This site may store about 99.0 GB more (it uses 1.0 GB now).',
      'Storage is not persistent: the browser may delete downloaded models when the disk is nearly full.'
    ]);
    expect(describeDevice(desktop)[1]).toMatch(/supports 16-bit shaders/);
  });
});

describe('probeCapabilities', () => {
  const adapter = (over: Partial<GpuAdapterLike> = {}): GpuAdapterLike => ({
    features: new Set(['shader-f16', 'timestamp-query']),
    limits: { maxBufferSize: 2 * GiB, maxStorageBufferBindingSize: GiB },
    info: { vendor: 'apple', isFallbackAdapter: false },
    ...over
  });

  it('reads a navigator without WebGPU', async () => {
    const caps = await probeCapabilities({});
    expect(caps).toMatchObject({ hasWebGPU: false, adapterFound: false, maxBufferSize: 0 });
  });

  it('reads a null adapter, and a requestAdapter that throws, as no adapter', async () => {
    const nul = await probeCapabilities({ gpu: { requestAdapter: async () => null } });
    expect(nul).toMatchObject({ hasWebGPU: true, adapterFound: false });
    const thrown = await probeCapabilities({
      gpu: {
        requestAdapter: async () => {
          throw new Error('driver blocked');
        }
      }
    });
    expect(thrown).toMatchObject({ hasWebGPU: true, adapterFound: false });
  });

  it('reads adapter.info, features, limits and storage, asking for high performance', async () => {
    const asked: unknown[] = [];
    const caps = await probeCapabilities(
      {
        gpu: {
          requestAdapter: async (options) => {
            asked.push(options);
            return adapter();
          }
        }
      },
      { estimate: async () => ({ quota: 5e9, usage: 1e8 }), persisted: async () => true }
    );
    expect(asked).toEqual([{ powerPreference: 'high-performance' }]);
    expect(caps).toEqual({
      hasWebGPU: true,
      adapterFound: true,
      isFallbackAdapter: false,
      vendor: 'apple',
      shaderF16: true,
      maxBufferSize: 2 * GiB,
      maxStorageBufferBindingSize: GiB,
      storageQuota: 5e9,
      storageUsage: 1e8,
      persisted: true
    });
  });

  it('falls back to requestAdapterInfo and the old isFallbackAdapter, tolerating storage errors', async () => {
    const caps = await probeCapabilities(
      {
        gpu: {
          requestAdapter: async () =>
            adapter({
              info: undefined,
              features: new Set<string>(),
              isFallbackAdapter: true,
              requestAdapterInfo: async () => ({ vendor: 'google' })
            })
        }
      },
      {
        estimate: async () => {
          throw new Error('no storage in this context');
        }
      }
    );
    expect(caps).toMatchObject({ vendor: 'google', isFallbackAdapter: true, shaderF16: false });
    expect(caps.storageQuota).toBeUndefined();
  });
});
