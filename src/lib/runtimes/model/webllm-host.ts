/**
 * The worker's side of webllm-protocol.ts: one WebLLM engine, driven by the page's messages.
 * WebLLM itself is passed in (webllm-worker.ts gives the real package), so this runs in Node
 * against a fake engine in tests.
 */
import { errorData, type FromWorker, type ToWorker } from './webllm-protocol';
import type { ProgressReport } from './progress';
import type { WebLLMModelRecord } from './self-hosted';

/** WebLLM's `AppConfig`, the part read here. */
export interface AppConfigLike {
  model_list: readonly unknown[];
}

/** The `MLCEngine` methods used, structurally. */
export interface HostEngine {
  reload(modelId: string): Promise<void>;
  chat: { completions: { create(body: Record<string, unknown>): Promise<unknown> } };
  interruptGenerate(): unknown;
  unload(): Promise<void>;
}

/** The pieces of `@mlc-ai/web-llm` the worker uses. */
export interface WebLLMParts {
  /** a new engine (`new MLCEngine({ appConfig, initProgressCallback })`) */
  createEngine(config: {
    appConfig: AppConfigLike;
    initProgressCallback: (report: ProgressReport) => void;
  }): HostEngine;
  /** WebLLM's `prebuiltAppConfig` */
  prebuilt: AppConfigLike;
  /** WebLLM's `deleteModelAllInfoInCache` */
  deleteModel(modelId: string, appConfig: AppConfigLike): Promise<void>;
}

/** Answers the page's requests; `post` sends a reply back. */
export class WebLLMHost {
  readonly #parts: WebLLMParts;
  readonly #post: (message: FromWorker) => void;
  #engine: HostEngine | null = null;

  constructor(parts: WebLLMParts, post: (message: FromWorker) => void) {
    this.#parts = parts;
    this.#post = post;
  }

  /** A teacher's own record goes first, so its id wins over a prebuilt one of the same name. */
  #appConfig(record?: WebLLMModelRecord): AppConfigLike {
    const prebuilt = this.#parts.prebuilt;
    return record ? { ...prebuilt, model_list: [record, ...prebuilt.model_list] } : prebuilt;
  }

  /** Handle one message; failures are replies, never thrown. */
  async handle(message: ToWorker): Promise<void> {
    if (message.type === 'interrupt') {
      void this.#engine?.interruptGenerate();
      return;
    }
    const { id } = message;
    try {
      switch (message.type) {
        case 'load': {
          await this.#engine?.unload();
          this.#engine = null;
          const engine = this.#parts.createEngine({
            appConfig: this.#appConfig(message.record),
            initProgressCallback: (report) => this.#post({ type: 'progress', id, report })
          });
          // Only a model that loaded answers chats: a failed load leaves none.
          await engine.reload(message.modelId);
          this.#engine = engine;
          this.#post({ type: 'done', id });
          return;
        }
        case 'chat': {
          if (!this.#engine) throw new Error('No model is loaded in the model worker.');
          const result = await this.#engine.chat.completions.create(message.body);
          if (message.body.stream) {
            for await (const chunk of result as AsyncIterable<unknown>) {
              this.#post({ type: 'chunk', id, chunk });
            }
            this.#post({ type: 'done', id });
          } else {
            this.#post({ type: 'done', id, reply: result });
          }
          return;
        }
        case 'unload': {
          await this.#engine?.unload();
          this.#engine = null;
          this.#post({ type: 'done', id });
          return;
        }
        case 'delete': {
          await this.#parts.deleteModel(message.modelId, this.#appConfig(message.record));
          this.#post({ type: 'done', id });
          return;
        }
      }
    } catch (error) {
      this.#post({ type: 'error', id, error: errorData(error) });
    }
  }
}
