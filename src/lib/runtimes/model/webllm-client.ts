/**
 * The page's side of webllm-protocol.ts: a WebLLM engine that lives in a worker, offered with
 * the call shapes `WebLLMModel` uses (`EngineLike`), plus loading and deleting a model.
 * Requests are matched to replies by `id`; a streamed completion is an async iterable fed by
 * the worker's chunks.
 */
import { errorFromData, type FromWorker, type ToWorker } from './webllm-protocol';
import type { ProgressReport } from './progress';
import type { WebLLMModelRecord } from './self-hosted';
import type { EngineLike } from './webllm';

/** The part of a `Worker` used (an in-memory channel in tests). */
export interface WorkerPort {
  postMessage(message: ToWorker): void;
  addEventListener(type: 'message', listener: (event: { data: FromWorker }) => void): void;
}

/** Chunks pushed by the worker, read with `for await`; ends on `close`, throws on `fail`. */
class ChunkStream implements AsyncIterable<unknown> {
  readonly #items: unknown[] = [];
  #end: { error?: Error } | null = null;
  #wake: (() => void) | null = null;

  push(item: unknown): void {
    this.#items.push(item);
    this.#wake?.();
  }

  close(error?: Error): void {
    this.#end = { error };
    this.#wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<unknown> {
    for (;;) {
      if (this.#items.length > 0) {
        yield this.#items.shift();
      } else if (this.#end) {
        if (this.#end.error) throw this.#end.error;
        return;
      } else {
        await new Promise<void>((resolve) => (this.#wake = resolve));
        this.#wake = null;
      }
    }
  }
}

/** What to do with each reply to one request. */
interface Pending {
  onReply(message: FromWorker): void;
  fail(error: Error): void;
}

/** A WebLLM engine in a worker, driven by messages. */
export class WorkerEngine implements EngineLike {
  readonly #port: WorkerPort;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #failure: Error | null = null;

  constructor(port: WorkerPort) {
    this.#port = port;
    port.addEventListener('message', ({ data }) => this.#pending.get(data.id)?.onReply(data));
  }

  /** Send a request; `onReply` sees its progress and chunks, the promise its end. */
  #request(
    message: ToWorker & { id: number },
    onReply: (message: FromWorker) => void = () => {}
  ): Promise<unknown> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      const { id } = message;
      const settle = () => this.#pending.delete(id);
      this.#pending.set(id, {
        onReply: (reply) => {
          if (reply.type === 'done') {
            settle();
            resolve(reply.reply);
          } else if (reply.type === 'error') {
            settle();
            reject(errorFromData(reply.error));
          } else {
            onReply(reply);
          }
        },
        fail: (error) => {
          settle();
          reject(error);
        }
      });
      this.#port.postMessage(message);
    });
  }

  /** Load `modelId` (a teacher's `record`, or WebLLM's prebuilt list) into the worker. */
  async load(
    modelId: string,
    record: WebLLMModelRecord | undefined,
    onProgress: (report: ProgressReport) => void
  ): Promise<void> {
    await this.#request({ type: 'load', id: this.#nextId++, modelId, record }, (reply) => {
      if (reply.type === 'progress') onProgress(reply.report);
    });
  }

  readonly chat = {
    completions: {
      create: async (body: Record<string, unknown>): Promise<unknown> => {
        const id = this.#nextId++;
        if (!body.stream) return this.#request({ type: 'chat', id, body });
        const stream = new ChunkStream();
        this.#request({ type: 'chat', id, body }, (reply) => {
          if (reply.type === 'chunk') stream.push(reply.chunk);
        }).then(
          () => stream.close(),
          (error: Error) => stream.close(error)
        );
        return stream;
      }
    }
  };

  interruptGenerate(): void {
    if (!this.#failure) this.#port.postMessage({ type: 'interrupt' });
  }

  async unload(): Promise<void> {
    await this.#request({ type: 'unload', id: this.#nextId++ });
  }

  /** Delete every stored file of a model, as WebLLM lays them out (weights, config, library). */
  async deleteModel(modelId: string, record?: WebLLMModelRecord): Promise<void> {
    await this.#request({ type: 'delete', id: this.#nextId++, modelId, record });
  }

  /** The worker is gone: every request in flight, and every later one, fails with `error`. */
  fail(error: Error): void {
    this.#failure ??= error;
    for (const pending of [...this.#pending.values()]) pending.fail(error);
  }
}
