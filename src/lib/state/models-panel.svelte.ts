/**
 * The models panel's state (/models): what this device can run, the models in the browser's
 * cache, one download at a time (with its progress, Cancel, and a plain explanation when it
 * fails), choosing a model and deleting one. The page renders it; the browser's own objects
 * (WebGPU, Cache Storage, WebLLM) come in as `ModelsPanelDevice`, so tests can stand in.
 */
import type { CachedModel } from '$lib/runtimes/model/cache';
import type { DeviceCapabilities } from '$lib/runtimes/model/device';
import {
  explainModelError,
  isAbortError,
  type ModelErrorExplanation
} from '$lib/runtimes/model/errors';
import type { LoadProgress } from '$lib/runtimes/model/progress';
import type { WebLLMModelRecord } from '$lib/runtimes/model/self-hosted';
import type { ModelSettings } from './model-settings.svelte';

/** What the panel needs of the browser. */
export interface ModelsPanelDevice {
  /** what this device can run (WebGPU, storage) */
  probe(): Promise<DeviceCapabilities>;
  /** the models in the browser's cache */
  listCached(): Promise<CachedModel[]>;
  /** downloads and loads a model once (the caller disposes it) */
  load(
    id: string,
    options: {
      record?: WebLLMModelRecord;
      signal: AbortSignal;
      onProgress: (progress: LoadProgress) => void;
    }
  ): Promise<{ dispose(): void }>;
  /** deletes a model's files; `entry` is its cache entry, when listed */
  remove(id: string, entry: CachedModel | undefined): Promise<void>;
}

export interface DownloadFailure {
  id: string;
  record?: WebLLMModelRecord;
  error: ModelErrorExplanation;
}

export class ModelsPanel {
  /** what this device can run (null until probed) */
  caps = $state.raw<DeviceCapabilities | null>(null);
  /** the models in the cache (null until read) */
  cached = $state.raw<CachedModel[] | null>(null);
  /** the download under way, with its progress once the worker reports */
  download = $state.raw<{ id: string; progress: LoadProgress | null } | null>(null);
  /** the last download that failed, and why in plain words */
  failure = $state.raw<DownloadFailure | null>(null);
  /** a sentence about what just happened */
  notice = $state('');

  readonly #device: ModelsPanelDevice;
  readonly #settings: () => ModelSettings | null;
  #cancel: AbortController | null = null;

  constructor(device: ModelsPanelDevice, settings: () => ModelSettings | null) {
    this.#device = device;
    this.#settings = settings;
  }

  /** Reads what the device can do and what is cached. */
  async refresh(): Promise<void> {
    await Promise.all([this.probe(), this.#refreshCache()]);
  }

  async probe(): Promise<void> {
    this.caps = await this.#device.probe();
  }

  async #refreshCache(): Promise<void> {
    this.cached = await this.#device.listCached().catch(() => []);
  }

  /** "Run with my model" uses model `id` from now on. */
  use(id: string): void {
    this.#settings()?.chooseWebLLM({ modelId: id });
    this.notice = `“Run with my model” on a lesson now uses ${id}, in this browser.`;
  }

  /** Downloads model `id` (a teacher's own copy with `record`); a new one cancels the last. */
  async startDownload(id: string, record?: WebLLMModelRecord): Promise<void> {
    this.#cancel?.abort();
    const controller = new AbortController();
    this.#cancel = controller;
    this.failure = null;
    this.notice = '';
    this.download = { id, progress: null };
    try {
      const loaded = await this.#device.load(id, {
        record,
        signal: controller.signal,
        onProgress: (progress) => {
          if (this.#cancel === controller) this.download = { id, progress };
        }
      });
      loaded.dispose();
      if (record) this.#settings()?.chooseWebLLM({ modelId: id, selfHosted: record });
      else this.use(id);
      this.notice = `${id} is downloaded and loads on this device. It stays in this browser for next time.`;
    } catch (error) {
      if (isAbortError(error)) {
        this.notice = 'Download cancelled. The files that finished are kept, so a new try resumes.';
      } else {
        this.failure = { id, record, error: explainModelError(error) };
      }
    } finally {
      if (this.#cancel === controller) {
        this.#cancel = null;
        this.download = null;
      }
      await this.refresh();
    }
  }

  /** Tries the failed download again. */
  retry(): Promise<void> {
    const failed = this.failure;
    return failed ? this.startDownload(failed.id, failed.record) : Promise.resolve();
  }

  /** Cancels the download under way (its finished files stay in the cache). */
  cancel(): void {
    this.#cancel?.abort();
  }

  /** Deletes model `id` from this browser. */
  async remove(id: string): Promise<void> {
    await this.#device.remove(
      id,
      this.cached?.find((m) => m.id === id)
    );
    this.notice = `${id} is deleted from this browser.`;
    await this.#refreshCache();
    await this.probe();
  }

  dispose(): void {
    this.cancel();
  }
}
