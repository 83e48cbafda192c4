/**
 * The models panel's download and cache state machine, with a stand-in for the browser
 * (WebGPU, Cache Storage, WebLLM): downloading with progress, cancelling, a failure explained
 * with a retry, choosing a model and deleting one.
 */
import { describe, expect, it, vi } from 'vitest';
import type { CachedModel } from '$lib/runtimes/model/cache';
import type { DeviceCapabilities } from '$lib/runtimes/model/device';
import type { LoadProgress } from '$lib/runtimes/model/progress';
import { ModelSettings } from './model-settings.svelte';
import { ModelsPanel, type ModelsPanelDevice } from './models-panel.svelte';
import { MemoryStorage } from '$lib/testing/memory-storage';

const ID = 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC';
const caps = { adapterFound: true, shaderF16: true } as DeviceCapabilities;

/** A browser whose downloads the test finishes, fails or watches being cancelled. */
function fakeDevice() {
  const cache: CachedModel[] = [];
  const loads: {
    id: string;
    signal: AbortSignal;
    onProgress: (p: LoadProgress) => void;
    finish: () => void;
    fail: (error: Error) => void;
  }[] = [];
  const device: ModelsPanelDevice = {
    probe: vi.fn(async () => caps),
    listCached: vi.fn(async () => [...cache]),
    load: (id, { signal, onProgress }) =>
      new Promise((resolve, reject) => {
        signal.addEventListener('abort', () =>
          reject(new DOMException('The download was cancelled.', 'AbortError'))
        );
        loads.push({
          id,
          signal,
          onProgress,
          finish: () => {
            cache.push({ id, hasIndex: true } as CachedModel);
            resolve({ dispose: () => {} });
          },
          fail: reject
        });
      }),
    remove: vi.fn(async (id: string) => {
      cache.splice(
        cache.findIndex((m) => m.id === id),
        1
      );
    })
  };
  return { device, loads };
}

function panelOver(device: ModelsPanelDevice) {
  const settings = new ModelSettings(new MemoryStorage());
  return { panel: new ModelsPanel(device, () => settings), settings };
}

describe('ModelsPanel', () => {
  it('downloads with progress, then uses the model and lists it as cached', async () => {
    const { device, loads } = fakeDevice();
    const { panel, settings } = panelOver(device);
    await panel.refresh();
    expect([panel.caps, panel.cached]).toEqual([caps, []]);
    const done = panel.startDownload(ID);
    expect(panel.download).toEqual({ id: ID, progress: null });
    const progress = { progress: 0.5, text: 'half' } as unknown as LoadProgress;
    loads[0].onProgress(progress);
    expect(panel.download).toEqual({ id: ID, progress });
    loads[0].finish();
    await done;
    expect(panel.download).toBeNull();
    expect(panel.notice).toMatch(/is downloaded and loads on this device/);
    expect(settings.webllm?.modelId).toBe(ID);
    expect(panel.cached?.map((m) => m.id)).toEqual([ID]);

    await panel.remove(ID);
    expect(device.remove).toHaveBeenCalledWith(ID, expect.objectContaining({ id: ID }));
    expect(panel.notice).toBe(`${ID} is deleted from this browser.`);
    expect(panel.cached).toEqual([]);
  });

  it('a cancelled download says so; a new one cancels the one before', async () => {
    const { device, loads } = fakeDevice();
    const { panel } = panelOver(device);
    const first = panel.startDownload(ID);
    const second = panel.startDownload('other-model');
    expect(loads[0].signal.aborted).toBe(true);
    await first;
    expect(panel.download?.id).toBe('other-model'); // the newer download is still shown
    loads[0].onProgress({ progress: 1 } as unknown as LoadProgress); // late: ignored
    expect(panel.download).toEqual({ id: 'other-model', progress: null });
    panel.cancel();
    await second;
    expect(panel.download).toBeNull();
    expect(panel.notice).toMatch(/^Download cancelled/);
    expect(panel.failure).toBeNull();
  });

  it('a failed download is explained, and retry tries the same model again', async () => {
    const { device, loads } = fakeDevice();
    const { panel } = panelOver(device);
    const failing = panel.startDownload(ID);
    loads[0].fail(new Error('Failed to fetch'));
    await failing;
    expect(panel.download).toBeNull();
    expect(panel.failure?.id).toBe(ID);
    expect(panel.failure?.error.title).toMatch(/\S/);
    const again = panel.retry();
    expect(panel.failure).toBeNull();
    expect(loads[1].id).toBe(ID);
    loads[1].finish();
    await again;
    expect(panel.notice).toMatch(/is downloaded/);
  });
});
