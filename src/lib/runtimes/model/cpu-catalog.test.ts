import { describe, expect, it } from 'vitest';
import { CPU_CATALOG, advisePath, checkModelUrl } from './cpu-catalog';
import { chooseModels, MODEL_CATALOG } from './catalog';
import type { DeviceCapabilities } from './device';

const noGpu = { hasWebGPU: false, adapterFound: false } as DeviceCapabilities;

describe('the CPU model catalog and advice', () => {
  it('offers Qwen2.5-Coder 0.5B and 1.5B as GGUF files, with sizes and memory', () => {
    expect(CPU_CATALOG.map((m) => m.downloadMB)).toEqual([398, 986]);
    for (const m of CPU_CATALOG) {
      expect(m.url).toMatch(/^https:\/\/huggingface\.co\/.+\/resolve\/main\/.+Q4_K_M\.gguf$/);
      expect(m.memoryMB).toBeGreaterThan(m.downloadMB);
    }
  });

  it('recommends the CPU model when no WebGPU model fits, WebGPU when one does', () => {
    expect(advisePath(chooseModels(noGpu)).first).toBe('cpu');
    expect(advisePath({ recommended: MODEL_CATALOG[0] })).toMatchObject({
      first: 'webgpu',
      sentence: expect.stringContaining(MODEL_CATALOG[0].family)
    });
  });

  it('takes a typed address relative to the page, and refuses what is not http(s)', () => {
    expect(checkModelUrl('/test/tiny.gguf', 'http://127.0.0.1:4193/models')).toEqual({
      url: 'http://127.0.0.1:4193/test/tiny.gguf'
    });
    expect(checkModelUrl('ftp://x/m.gguf', 'http://a/')).toHaveProperty('error');
    expect(checkModelUrl('http://[', 'http://a/')).toHaveProperty('error');
  });
});
