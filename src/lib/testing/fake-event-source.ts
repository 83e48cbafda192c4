/**
 * An EventSource stand-in for Node tests of the class pages' state: the test opens it, sends
 * events and makes it fail, as a browser's would (readyState 0 connecting, 1 open, 2 closed).
 */
import type { EventSourceLike } from '$lib/state/class-stream.svelte';

export class FakeEventSource implements EventSourceLike {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  readonly #listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();

  constructor(readonly url: string) {}

  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.readyState = 2;
    this.closed = true;
  }

  /** The connection opened. */
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  /** An event arrived with this data. */
  emit(type: string, data: unknown): void {
    const event = { data: JSON.stringify(data) } as MessageEvent<string>;
    for (const listener of this.#listeners.get(type) ?? []) listener(event);
  }

  /** The connection was lost: the browser retries by itself, or (`gaveUp`) not any more. */
  fail(gaveUp: boolean): void {
    this.readyState = gaveUp ? 2 : 0;
    this.onerror?.(new Event('error'));
  }
}

/** A factory that keeps every source it made, newest last. */
export function fakeSources(): { open: (url: string) => FakeEventSource; made: FakeEventSource[] } {
  const made: FakeEventSource[] = [];
  return {
    made,
    open: (url) => {
      const source = new FakeEventSource(url);
      made.push(source);
      return source;
    }
  };
}
