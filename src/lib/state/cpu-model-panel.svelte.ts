/**
 * The CPU model's part of the models panel (/models): a GGUF model from the catalog or a URL
 * the learner types, one download at a time (with progress, time left, Cancel, and a plain
 * explanation when it fails), the GGUF files this browser keeps, and deleting one. The
 * browser's side (wllama, loaded only when a download or the file list needs it) comes in as
 * `CpuModelDevice`, so tests can stand in.
 */
import { CPU_BUILD_NAMES, type CpuBuild, type CpuBuildChoice } from '$lib/runtimes/model/cpu-build';
import { checkModelUrl } from '$lib/runtimes/model/cpu-catalog';
import {
  explainModelError,
  isAbortError,
  type ModelErrorExplanation
} from '$lib/runtimes/model/errors';
import type { LoadProgress } from '$lib/runtimes/model/progress';
import type { CachedCpuFile } from '$lib/runtimes/model/wllama';
import type { ModelSettings } from './model-settings.svelte';

/** What the CPU card needs of the browser. */
export interface CpuModelDevice {
  /** downloads a GGUF and loads it once on `build` (the caller disposes it) */
  load(
    url: string,
    options: {
      signal: AbortSignal;
      onProgress: (progress: LoadProgress) => void;
      build: CpuBuildChoice;
    }
  ): Promise<{ build: CpuBuild; threads: number; dispose(): void }>;
  listCached(): Promise<CachedCpuFile[]>;
  remove(name: string): Promise<void>;
}

export class CpuModelPanel {
  /** the download under way */
  download = $state.raw<{ name: string; progress: LoadProgress | null } | null>(null);
  failure = $state.raw<ModelErrorExplanation | null>(null);
  /** the GGUF files kept in this browser (null until read) */
  cached = $state.raw<CachedCpuFile[] | null>(null);
  notice = $state('');
  /** the build and threads the last model loaded ran on */
  running = $state.raw<{ build: CpuBuild; threads: number } | null>(null);

  readonly #device: CpuModelDevice;
  readonly #settings: () => ModelSettings | null;
  #cancel: AbortController | null = null;
  #last: { url: string; name: string } | null = null;

  constructor(device: CpuModelDevice, settings: () => ModelSettings | null) {
    this.#device = device;
    this.#settings = settings;
  }

  async refresh(): Promise<void> {
    this.cached = await this.#device.listCached().catch(() => []);
  }

  /**
   * Downloads and loads the GGUF at `text` (a URL, maybe relative to the page), and makes it
   * the model runs use when it loads. A new download cancels the last.
   */
  async startDownload(text: string, name: string, base: string): Promise<void> {
    const checked = checkModelUrl(text, base);
    if ('error' in checked) {
      this.failure = {
        title: 'The model address is not usable',
        message: checked.error,
        action: null
      };
      return;
    }
    const { url } = checked;
    this.#cancel?.abort();
    const controller = new AbortController();
    this.#cancel = controller;
    this.#last = { url, name };
    this.failure = null;
    this.notice = '';
    this.download = { name, progress: null };
    try {
      const loaded = await this.#device.load(url, {
        signal: controller.signal,
        onProgress: (progress) => {
          if (this.#cancel === controller) this.download = { name, progress };
        },
        build: this.#settings()?.cpu?.build ?? 'auto'
      });
      loaded.dispose();
      this.running = { build: loaded.build, threads: loaded.threads };
      this.#settings()?.chooseCpu({ url, name });
      this.notice = `${name} is downloaded and runs on this device’s CPU, on ${CPU_BUILD_NAMES[loaded.build]} with ${loaded.threads === 1 ? '1 thread' : `${loaded.threads} threads`}. “Run with my model” on a lesson now uses it.`;
    } catch (error) {
      if (isAbortError(error)) this.notice = 'Download cancelled.';
      else {
        this.failure = explainModelError(error);
        // A file llama.cpp cannot use (not a GGUF, cut short, another architecture) is not kept.
        const problem = (error as { problem?: string }).problem;
        if (problem === 'not-gguf' || problem === 'truncated' || problem === 'architecture')
          await this.#forget(url);
      }
    } finally {
      if (this.#cancel === controller) {
        this.#cancel = null;
        this.download = null;
      }
      await this.refresh();
    }
  }

  /** Tries the last download again, from the network: a stored copy of it is deleted first. */
  async retry(): Promise<void> {
    const last = this.#last;
    if (!last) return;
    await this.#forget(last.url);
    await this.startDownload(last.url, last.name, last.url);
  }

  /** Deletes the stored copies of `url`. */
  async #forget(url: string): Promise<void> {
    const stored = await this.#device.listCached().catch(() => []);
    for (const file of stored.filter((f) => f.url === url))
      await this.#device.remove(file.name).catch(() => {});
  }

  cancel(): void {
    this.#cancel?.abort();
  }

  async remove(file: CachedCpuFile): Promise<void> {
    await this.#device.remove(file.name);
    this.notice = `${file.url} is deleted from this browser.`;
    await this.refresh();
  }

  dispose(): void {
    this.cancel();
  }
}
