/**
 * A class's event stream in the browser: an EventSource that always comes back. The browser
 * reconnects a dropped stream by itself (after the server's `retry:`), but gives up for good
 * when an answer is not a stream (a 503 while the database is down, a proxy's 502 while the
 * server restarts): then this opens a new one, waiting longer each time (up to 10 s). The
 * server sends the current step first on every connect, so a reconnect lands on it.
 */
import {
  CLASS_EVENT_NAMES,
  jsonObject,
  parseClassEvent,
  type ClassEvent
} from '$lib/core/share/class-session';

/** How the stream stands, for the page's sentence. */
export type Connection = 'connecting' | 'live' | 'reconnecting' | 'ended';

/** The waits before each new attempt after the browser gave up, then the last one, repeated. */
export const BACKOFF_MS = [1_000, 2_000, 4_000, 10_000] as const;

/** The part of EventSource this uses (injectable for tests). */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}
export type EventSourceFactory = (url: string) => EventSourceLike;

/** EventSource.CLOSED, without needing EventSource to exist (Node tests). */
const CLOSED = 2;

export class ClassStream {
  connection = $state<Connection>('connecting');

  readonly #url: string;
  readonly #onevent: (event: ClassEvent) => void;
  readonly #open: EventSourceFactory;
  #source: EventSourceLike | null = null;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;
  readonly #online = () => {
    // back on the network: try now rather than at the end of a long wait
    if (this.#timer !== null && !this.#stopped) {
      clearTimeout(this.#timer);
      this.#timer = null;
      this.#connect();
    }
  };

  constructor(
    url: string,
    onevent: (event: ClassEvent) => void,
    open: EventSourceFactory = (u) => new EventSource(u)
  ) {
    this.#url = url;
    this.#onevent = onevent;
    this.#open = open;
  }

  start(): void {
    this.#stopped = false;
    if (typeof window !== 'undefined') window.addEventListener('online', this.#online);
    this.#connect();
  }

  /** Closes the stream for good (the page is going, or the class ended). */
  stop(): void {
    this.#stopped = true;
    if (typeof window !== 'undefined') window.removeEventListener('online', this.#online);
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#source?.close();
    this.#source = null;
  }

  #connect(): void {
    const source = this.#open(this.#url);
    this.#source = source;
    source.onopen = () => {
      this.#attempt = 0;
      this.connection = 'live';
    };
    source.onerror = () => {
      if (this.#stopped || this.#source !== source) return;
      this.connection = 'reconnecting';
      if (source.readyState !== CLOSED) return; // the browser reconnects by itself
      source.close();
      const wait = BACKOFF_MS[Math.min(this.#attempt, BACKOFF_MS.length - 1)];
      this.#attempt++;
      this.#timer = setTimeout(() => {
        this.#timer = null;
        if (!this.#stopped) this.#connect();
      }, wait);
    };
    for (const name of CLASS_EVENT_NAMES) {
      source.addEventListener(name, (message) => {
        if (this.#source !== source) return;
        const event = parseClassEvent(JSON.stringify({ ...jsonObject(message.data), type: name }));
        if (!event) return;
        // an event arrives only on an open stream (onopen may not have run yet in a test)
        this.connection = 'live';
        if (event.type === 'end') {
          this.connection = 'ended';
          this.stop();
        }
        this.#onevent(event);
      });
    }
  }
}
