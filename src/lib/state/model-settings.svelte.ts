/**
 * The learner's model settings, kept in this browser and nowhere else. The settings live in
 * localStorage; the endpoint's API key lives in sessionStorage (gone when the tab closes)
 * unless the learner asks to remember it on this device, when it is kept with the settings.
 * A key found with the settings (saved before this choice existed) counts as remembered, so
 * it keeps working. One instance per page, created in the browser when the page mounts.
 */
import {
  EMPTY_SETTINGS,
  KEY_KEY,
  SETTINGS_KEY,
  activeSpec,
  parseSettings,
  readSettings,
  type CpuSettings,
  type EndpointSettings,
  type ModelSettingsData,
  type WebLLMSettings
} from './model-settings';
import type { ModelSpec } from '$lib/core/run/run';

/** The part of `Storage` used (a fake one in tests). */
export type SettingsStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The longest key read back (as the endpoint form allows). */
const MAX_KEY_CHARS = 1000;

export class ModelSettings {
  data = $state.raw<ModelSettingsData>(EMPTY_SETTINGS);
  /** the model a "Run with my model" would use, or null */
  readonly spec = $derived<ModelSpec | null>(activeSpec(this.data));
  /** the API key is kept on this device (localStorage), not just for this tab */
  rememberKey = $state(false);
  /** a sentence for each saved setting dropped on reading, for the page to show */
  notes = $state.raw<readonly string[]>([]);
  readonly #storage: SettingsStorage | null;
  readonly #session: SettingsStorage | null;

  /**
   * @param storage where the settings persist (localStorage in the browser)
   * @param session where the key is kept for this tab only (sessionStorage); without one, a
   *   key not remembered lasts for this page only
   */
  constructor(storage: SettingsStorage | null, session: SettingsStorage | null = null) {
    this.#storage = storage;
    this.#session = session;
    const { data, notes } = readSettings(this.#read(storage, SETTINGS_KEY));
    this.notes = notes;
    if (data.endpoint?.apiKey) {
      this.rememberKey = true;
      this.data = data;
    } else if (data.endpoint) {
      const key = this.#read(session, KEY_KEY) ?? '';
      const apiKey = key.length <= MAX_KEY_CHARS ? key : '';
      this.data = { ...data, endpoint: { ...data.endpoint, apiKey } };
    } else {
      this.data = data;
    }
    // Reset means reset: the dropped value is not read (and noted) again on the next page.
    if (notes.length > 0) this.#store();
  }

  get endpoint(): EndpointSettings | null {
    return this.data.endpoint;
  }

  get webllm(): WebLLMSettings | null {
    return this.data.webllm;
  }

  get cpu(): CpuSettings | null {
    return this.data.cpu ?? null;
  }

  /**
   * Save the endpoint and make it the model runs use. Its key is kept for this tab only,
   * unless `rememberKey` asks to keep it on this device.
   */
  saveEndpoint(endpoint: EndpointSettings, rememberKey = false): void {
    this.rememberKey = rememberKey;
    this.#write({ ...this.data, endpoint, active: 'endpoint' });
  }

  /** Forget the endpoint (and its key, wherever it was kept). */
  clearEndpoint(): void {
    const active =
      this.data.active === 'endpoint'
        ? this.data.webllm
          ? 'webllm'
          : this.data.cpu
            ? 'cpu'
            : null
        : this.data.active;
    this.rememberKey = false;
    this.#write({ ...this.data, endpoint: null, active });
  }

  /** Choose an in-browser model and make it the model runs use. */
  chooseWebLLM(webllm: WebLLMSettings): void {
    this.#write({ ...this.data, webllm, active: 'webllm' });
  }

  /**
   * Choose a GGUF model on the CPU and make it the model runs use. The CPU model's build and
   * sampling settings stay as they were: they belong to the CPU path, not to one file.
   */
  chooseCpu(cpu: Pick<CpuSettings, 'url' | 'name'>): void {
    this.#write({ ...this.data, cpu: { ...this.data.cpu, ...cpu }, active: 'cpu' });
  }

  /** Keep the CPU model's build and sampling settings (with the chosen CPU model). */
  saveCpuSettings(
    settings: Pick<CpuSettings, 'build' | 'temperature' | 'maxTokens' | 'seed'>
  ): void {
    const cpu = this.data.cpu;
    if (!cpu) return;
    this.#write({ ...this.data, cpu: { url: cpu.url, name: cpu.name, ...settings } });
  }

  /** Which configured model runs use. */
  use(active: 'endpoint' | 'webllm' | 'cpu'): void {
    if (this.data[active]) this.#write({ ...this.data, active });
  }

  #read(storage: SettingsStorage | null, key: string): string | null {
    try {
      return storage?.getItem(key) ?? null;
    } catch {
      return null; // storage blocked (privacy settings): settings last for this page only
    }
  }

  #write(data: ModelSettingsData): void {
    this.data = parseSettings(JSON.stringify(data));
    this.notes = [];
    this.#store();
  }

  /** Writes the settings, with the key only where the learner's choice says it belongs. */
  #store(): void {
    const endpoint = this.data.endpoint;
    const key = endpoint?.apiKey ?? '';
    const persisted =
      endpoint && !this.rememberKey
        ? { ...this.data, endpoint: { ...endpoint, apiKey: '' } }
        : this.data;
    try {
      this.#storage?.setItem(SETTINGS_KEY, JSON.stringify(persisted));
    } catch {
      // storage full or blocked: the settings still hold for this page
    }
    try {
      if (key && !this.rememberKey) this.#session?.setItem(KEY_KEY, key);
      else this.#session?.removeItem(KEY_KEY);
    } catch {
      // the same: the key still holds for this page
    }
  }
}
