/**
 * The learner's model settings, kept in this browser (localStorage) and nowhere else. One
 * instance per page, created in the browser; pages read the stored value when they mount.
 */
import {
  EMPTY_SETTINGS,
  SETTINGS_KEY,
  activeSpec,
  parseSettings,
  readSettings,
  type EndpointSettings,
  type ModelSettingsData,
  type WebLLMSettings
} from './model-settings';
import type { ModelSpec } from '$lib/core/run/run';

/** The part of `Storage` used (a fake one in tests). */
export type SettingsStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export class ModelSettings {
  data = $state.raw<ModelSettingsData>(EMPTY_SETTINGS);
  /** the model a "Run with my model" would use, or null */
  readonly spec = $derived<ModelSpec | null>(activeSpec(this.data));
  readonly #storage: SettingsStorage | null;

  /** a sentence for each saved setting dropped on reading, for the page to show */
  notes = $state.raw<readonly string[]>([]);

  constructor(storage: SettingsStorage | null) {
    this.#storage = storage;
    const { data, notes } = readSettings(this.#read());
    this.data = data;
    this.notes = notes;
    // Reset means reset: the dropped value is not read (and noted) again on the next page.
    if (notes.length > 0) this.#store();
  }

  get endpoint(): EndpointSettings | null {
    return this.data.endpoint;
  }

  get webllm(): WebLLMSettings | null {
    return this.data.webllm;
  }

  /** Save the endpoint and make it the model runs use. */
  saveEndpoint(endpoint: EndpointSettings): void {
    this.#write({ ...this.data, endpoint, active: 'endpoint' });
  }

  /** Forget the endpoint (and its key). */
  clearEndpoint(): void {
    const active =
      this.data.active === 'endpoint' ? (this.data.webllm ? 'webllm' : null) : this.data.active;
    this.#write({ ...this.data, endpoint: null, active });
  }

  /** Choose an in-browser model and make it the model runs use. */
  chooseWebLLM(webllm: WebLLMSettings): void {
    this.#write({ ...this.data, webllm, active: 'webllm' });
  }

  /** Which configured model runs use. */
  use(active: 'endpoint' | 'webllm'): void {
    if (this.data[active]) this.#write({ ...this.data, active });
  }

  #read(): string | null {
    try {
      return this.#storage?.getItem(SETTINGS_KEY) ?? null;
    } catch {
      return null; // storage blocked (privacy settings): settings last for this page only
    }
  }

  #write(data: ModelSettingsData): void {
    this.data = parseSettings(JSON.stringify(data));
    this.notes = [];
    this.#store();
  }

  #store(): void {
    try {
      this.#storage?.setItem(SETTINGS_KEY, JSON.stringify(this.data));
    } catch {
      // storage full or blocked: the settings still hold for this page
    }
  }
}
