import { describe, expect, it } from 'vitest';
import { cpuModelError } from '$lib/runtimes/model/cpu-model-errors';
import type { CachedCpuFile } from '$lib/runtimes/model/wllama';
import { CpuModelPanel, type CpuModelDevice } from './cpu-model-panel.svelte';
import { ModelSettings } from './model-settings.svelte';

const BASE = 'http://127.0.0.1:4193/models';

/** A browser whose downloads store a file and then load, or fail with `failure`. */
function device(failure?: Error) {
  const stored: CachedCpuFile[] = [];
  const dev: CpuModelDevice = {
    async load(url, { onProgress }) {
      stored.push({ name: `${stored.length}`, url, bytes: 1000 });
      onProgress({ phase: 'download', fraction: 1, elapsed: 0.1, text: '', bytes: 1000 });
      if (failure) throw failure;
      return { dispose() {} };
    },
    listCached: async () => [...stored],
    async remove(name) {
      stored.splice(
        stored.findIndex((f) => f.name === name),
        1
      );
    }
  };
  return { dev, stored };
}

describe('the CPU model card', () => {
  it('a model that loads becomes the one runs use, and its file is listed', async () => {
    const settings = new ModelSettings(null);
    const { dev } = device();
    const panel = new CpuModelPanel(dev, () => settings);
    await panel.startDownload('/m/tiny.gguf', 'tiny.gguf', BASE);
    expect(settings.spec).toMatchObject({ kind: 'cpu', id: 'http://127.0.0.1:4193/m/tiny.gguf' });
    expect(panel.cached?.map((f) => f.url)).toEqual(['http://127.0.0.1:4193/m/tiny.gguf']);
    expect(panel.notice).toMatch(/runs on this device’s CPU/);
    expect(panel.download).toBeNull();
  });

  it('a file cut short is explained, not kept, and not chosen', async () => {
    const settings = new ModelSettings(null);
    const { dev, stored } = device(cpuModelError('truncated'));
    const panel = new CpuModelPanel(dev, () => settings);
    await panel.startDownload('/m/cut.gguf', 'cut.gguf', BASE);
    expect(panel.failure).toMatchObject({ action: 'retry-download' });
    expect(panel.failure?.message).toMatch(/cut short/);
    expect(stored).toEqual([]);
    expect(settings.spec).toBeNull();
  });

  it('refuses an address that is not http(s) before downloading anything', async () => {
    const { dev, stored } = device();
    const panel = new CpuModelPanel(dev, () => null);
    await panel.startDownload('file:///m.gguf', 'm.gguf', BASE);
    expect(panel.failure?.title).toBe('The model address is not usable');
    expect(stored).toEqual([]);
  });
});
