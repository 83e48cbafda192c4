/**
 * One model call at a time. WebLLM has one engine per page, and stopping a call interrupts
 * whatever the engine is generating: with two panes of lesson 10 calling it at once, Stop in
 * one pane would cut the other pane's reply short (and that cut reply would be taken as
 * finished). Calls through one queue wait their turn instead; a call stopped while it waits
 * leaves the queue at once and never reaches the engine.
 */
import type { ChatRequest, ChatResult, LanguageModel } from '$lib/core/run/effects';

function abortError(): DOMException {
  return new DOMException('The model call was stopped.', 'AbortError');
}

/** Runs tasks one after another, in the order they were queued. */
export class CallQueue {
  #tail: Promise<void> = Promise.resolve();

  /** Runs `task` once every task queued before it has settled (or rejects if `signal` aborts first). */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    // The next task waits for this one, or, if this one leaves early, for the one before it.
    const done = () => void previous.then(release);
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        reject(abortError());
        done();
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      void previous.then(() => {
        if (signal?.aborted) return;
        signal?.removeEventListener('abort', onAbort);
        task().then(resolve, reject).finally(release);
      });
    });
  }
}

/** A model whose calls go through `queue`, so no two of them run at once. */
export class SerialModel implements LanguageModel {
  readonly id: string;
  readonly #inner: LanguageModel;
  readonly #queue: CallQueue;

  constructor(inner: LanguageModel, queue: CallQueue) {
    this.id = inner.id;
    this.#inner = inner;
    this.#queue = queue;
  }

  complete(
    request: ChatRequest,
    options: Parameters<LanguageModel['complete']>[1] = {}
  ): Promise<ChatResult> {
    return this.#queue.run(() => this.#inner.complete(request, options), options.signal);
  }
}
