import { describe, expect, it } from 'vitest';
import { cpuModelError } from '$lib/runtimes/model/cpu-model-errors';
import type { CachedCpuFile } from '$lib/runtimes/model/wllama';
import { CpuModelPanel, type CpuModelDevice } from './cpu-model-panel.svelte';
import { ModelSettings } from './model-settings.svelte';

const BASE = 'http://127.0.0.1:4193/models';

/** A browser whose downloads store a file and then load, or fail with `failure`. */
function device(failure?: Error) {
  const stored: CachedCpuFile[] = [];
  const builds: string[] = [];
  const dev: CpuModelDevice = {
    async load(url, { onProgress, build }) {
      builds.push(build);
      stored.push({ name: `${stored.length}`, url, bytes: 1000 });
      onProgress({ phase: 'download', fraction: 1, elapsed: 0.1, text: '', bytes: 1000 });
      if (failure) throw failure;
      return { build: build === 'wasm32' ? 'wasm32' : 'wasm64', threads: 2, dispose() {} };
    },
    listCached: async () => [...stored],
    async remove(name) {
      stored.splice(
        stored.findIndex((f) => f.name === name),
        1
      );
    }
  };
  return { dev, stored, builds };
}

describe('the CPU model card', () => {
  it('a model that loads becomes the one runs use, and its file is listed', async () => {
    const settings = new ModelSettings(null);
    const { dev } = device();
    const panel = new CpuModelPanel(dev, () => settings);
    await panel.startDownload('/m/tiny.gguf', 'tiny.gguf', BASE);
    expect(settings.spec).toMatchObject({ kind: 'cpu', id: 'http://127.0.0.1:4193/m/tiny.gguf' });
    expect(panel.cached?.map((f) => f.url)).toEqual(['http://127.0.0.1:4193/m/tiny.gguf']);
    expect(panel.notice).toMatch(/runs on this device’s CPU, on llama.cpp’s 64-bit .* 2 threads/);
    expect(panel.download).toBeNull();
  });

  it('loads on the build the CPU settings ask for, keeps them on a new choice, and says so', async () => {
    const settings = new ModelSettings(null);
    const { dev, builds } = device();
    const panel = new CpuModelPanel(dev, () => settings);
    await panel.startDownload('/m/tiny.gguf', 'tiny.gguf', BASE);
    settings.saveCpuSettings({ build: 'wasm32', temperature: 0.5, maxTokens: 64, seed: 7 });
    await panel.startDownload('/m/other.gguf', 'other.gguf', BASE);
    expect(builds).toEqual(['auto', 'wasm32']);
    expect(panel.running).toEqual({ build: 'wasm32', threads: 2 });
    expect(panel.notice).toMatch(/32-bit WebAssembly build for older browsers/);
    expect(settings.cpu).toEqual({
      url: 'http://127.0.0.1:4193/m/other.gguf',
      name: 'other.gguf',
      build: 'wasm32',
      temperature: 0.5,
      maxTokens: 64,
      seed: 7
    });
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
