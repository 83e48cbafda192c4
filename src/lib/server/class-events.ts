/**
 * A class's Server-Sent Events (`GET /api/classes/<code>/events`): the teacher's step at once
 * on connect, then each change; a follower count for the teacher; a heartbeat comment every
 * 15 s, which also re-reads the class from the database (so a lost notification is caught up
 * within one heartbeat, and an ended or expired class is noticed).
 *
 * Fan-out: the teacher's move is written to the database first, then NOTIFY `class_<code>`
 * carries the new step to every instance; each instance LISTENs once per class it has streams
 * for (ClassHub) and writes the event to its own streams. No instance keeps state the class
 * needs: a restarted or another instance reads the same row.
 */
import { randomUUID } from 'node:crypto';
import { parseClassEvent, type ClassEvent } from '$lib/core/share/class-session';
import type { ClassState, ClassStore } from './store/classes';
import type { Notifier } from './store/notify';

/** How long a browser waits before it reconnects a dropped stream (the `retry:` field). */
export const RETRY_MS = 1_500;
/** How often a stream sends a comment (proxies close silent connections) and re-reads the class. */
export const HEARTBEAT_MS = 15_000;
/** The most event streams one instance keeps open; one more gets 503 and a sentence. */
export const MAX_STREAMS = 1_000;
/** The process event on which every open stream ends (node-server.js emits it on SIGTERM). */
export const SHUTDOWN_EVENT = 'acl:shutdown';

/** One Server-Sent Event as text: its name, id and data (one `data:` line per line of data). */
export function sseEvent(event: { event?: string; id?: string; data: string }): string {
  let text = '';
  if (event.event) text += `event: ${oneLine(event.event)}\n`;
  if (event.id !== undefined) text += `id: ${oneLine(event.id)}\n`;
  for (const line of event.data.split(/\r\n|\r|\n/)) text += `data: ${line}\n`;
  return `${text}\n`;
}

/** A comment line: ignored by EventSource, it keeps the connection from looking idle. */
export const sseComment = (text: string): string => `: ${oneLine(text)}\n\n`;

/** The reconnection delay a browser keeps for this stream. */
export const sseRetry = (ms: number): string => `retry: ${Math.max(0, Math.round(ms))}\n\n`;

/** A field value cannot hold a line break (it would start another field) or NUL. */
const oneLine = (text: string): string => text.replace(/[\r\n\0]/g, ' ');

/** A class event as the SSE that carries it (a step's id is its version: Last-Event-ID). */
export function classEventText(event: ClassEvent): string {
  const { type, ...data } = event;
  return sseEvent({
    event: type,
    id: type === 'step' ? String(event.version) : undefined,
    data: JSON.stringify(data)
  });
}

/** The NOTIFY channel of a class: lower case, as channel names must be. */
export const classChannel = (code: string): string => `class_${code.toLowerCase()}`;

/**
 * One LISTEN per class per instance, shared by the instance's streams of that class (a
 * second LISTEN on one connection would be a no-op, and its UNLISTEN would silence both).
 */
export class ClassHub {
  readonly #notifier: () => Promise<Notifier>;
  readonly #track: (work: Promise<unknown>) => void;
  readonly #classes = new Map<
    string,
    { listeners: Set<(event: ClassEvent) => void>; stop: Promise<() => Promise<void>> }
  >();

  /** `track` sees the work left running in the background (tests wait for it). */
  constructor(
    notifier: () => Promise<Notifier>,
    track: (work: Promise<unknown>) => void = () => undefined
  ) {
    this.#notifier = notifier;
    this.#track = track;
  }

  /** Calls `listener` with each event of the class; the answer stops (and may UNLISTEN). */
  async subscribe(code: string, listener: (event: ClassEvent) => void): Promise<() => void> {
    let entry = this.#classes.get(code);
    if (!entry) {
      const listeners = new Set<(event: ClassEvent) => void>();
      const stop = this.#notifier().then((n) =>
        n.listen(classChannel(code), (payload) => {
          const event = parseClassEvent(payload);
          if (event) for (const l of listeners) l(event);
        })
      );
      entry = { listeners, stop };
      this.#classes.set(code, entry);
      // A failed LISTEN is forgotten, so the next stream of the class tries again.
      stop.catch(() => {
        if (this.#classes.get(code) === entry) this.#classes.delete(code);
      });
    }
    const current = entry;
    current.listeners.add(listener);
    await current.stop;
    return () => {
      current.listeners.delete(listener);
      if (current.listeners.size > 0 || this.#classes.get(code) !== current) return;
      this.#classes.delete(code);
      this.#track(current.stop.then((unlisten) => unlisten()).catch(() => undefined));
    };
  }

  /** Sends `event` to every instance's streams of the class. */
  async publish(code: string, event: ClassEvent): Promise<void> {
    await (await this.#notifier()).notify(classChannel(code), JSON.stringify(event));
  }

  /** How many classes this instance listens to (tests). */
  get size(): number {
    return this.#classes.size;
  }
}

/** What a stream needs; the route passes the app's, tests their own. */
export interface StreamDeps {
  store: () => Promise<ClassStore>;
  hub: ClassHub;
  /** the open streams of this instance, against the cap */
  counter: StreamCounter;
  heartbeatMs?: number;
  /** when the stream ends because the server shuts down (a process event by default) */
  onShutdown?: (close: () => void) => () => void;
  /** sees the work a closed stream leaves running (leaving the count): tests wait for it */
  track?: (work: Promise<unknown>) => void;
}

/** Counts this instance's open streams against a cap. */
export class StreamCounter {
  open = 0;
  /** the server is shutting down: no new stream (it would hold the exit) */
  draining = false;
  constructor(readonly max: number = MAX_STREAMS) {}
  take(): boolean {
    if (this.draining || this.open >= this.max) return false;
    this.open++;
    return true;
  }
  give(): void {
    this.open = Math.max(0, this.open - 1);
  }
}

const HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  // never stored by a cache or the browser: a stale stream would show another step
  'cache-control': 'no-store',
  // nginx and similar proxies otherwise buffer the stream
  'x-accel-buffering': 'no',
  // the connection ends with the stream: a browser's reconnect must not reuse it, or it would
  // reach a server that is shutting down (and hold its exit) instead of the next one
  connection: 'close'
};

const sentence = (status: number, message: string, headers: Record<string, string> = {}) =>
  new Response(message, {
    status,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      ...headers
    }
  });

/** What a page's follower id looks like (the page makes it with crypto.randomUUID). */
export const FOLLOWER_ID = /^[0-9a-f-]{36}$/;

/** Said when the database cannot be reached: the page says "Reconnecting…" and tries again. */
export const CLASS_STORE_DOWN = 'Classes are not available on this server right now.';

/**
 * The open streams' closers. One process listener serves them all: a listener per stream
 * made Node warn of a leak ("MaxListenersExceededWarning") as soon as eleven students followed.
 */
const closers = new Set<() => void>();
const closeAll = () => {
  for (const close of [...closers]) close();
};

const processShutdown = (close: () => void) => {
  if (closers.size === 0) process.on(SHUTDOWN_EVENT, closeAll);
  closers.add(close);
  return () => {
    closers.delete(close);
    if (closers.size === 0) process.off(SHUTDOWN_EVENT, closeAll);
  };
};

/**
 * The event stream of class `code` for a student (counted as a follower, once per page
 * `follower` id) or the teacher (who also gets the follower count). Never throws: a bad code,
 * a full or restarting instance or a database that is down get a status and a sentence
 * (EventSource then stops, and the page retries).
 */
export async function classEventStream(
  code: string,
  role: 'student' | 'teacher',
  deps: StreamDeps,
  follower: string | null = null
): Promise<Response> {
  if (deps.counter.draining) {
    return sentence(503, 'This server is restarting: the page reconnects by itself.', {
      connection: 'close'
    });
  }
  if (!deps.counter.take()) {
    return sentence(503, 'This server follows as many classes as it can: try again in a minute.', {
      'retry-after': '60'
    });
  }
  let released = false;
  const release = () => {
    if (!released) deps.counter.give();
    released = true;
  };
  let store: ClassStore;
  let state: ClassState | null;
  try {
    store = await deps.store();
    state = await store.get(code);
  } catch {
    release();
    return sentence(503, CLASS_STORE_DOWN);
  }
  if (!state) {
    release();
    return sentence(404, 'There is no class with this code.');
  }
  const opened = state;
  // the page's own id when it sent a sound one, so its reconnects count once
  const streamId = follower && FOLLOWER_ID.test(follower) ? follower : randomUUID();
  const heartbeatMs = deps.heartbeatMs ?? HEARTBEAT_MS;
  let stop: () => void = () => undefined;

  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      /** the version of the last step sent (0: none yet) */
      let version = 0;
      let count = -1;
      const cleanups: (() => void)[] = [];
      /** Keeps `cleanup` for the end, or runs it now if the stream already ended meanwhile. */
      const keep = (cleanup: () => void) => (closed ? cleanup() : cleanups.push(cleanup));
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          finish();
        }
      };
      const finish = () => {
        if (closed) return;
        closed = true;
        for (const cleanup of cleanups.splice(0)) cleanup();
        if (role === 'student') leave();
        release();
        try {
          controller.close();
        } catch {
          // already closed by the browser going away
        }
      };
      stop = finish;
      /** The student's row goes, and the teachers hear the new count (in the background). */
      const leave = () =>
        (deps.track ?? (() => undefined))(
          store
            .leave(streamId)
            .then(announce)
            .catch(() => undefined)
        );
      /** Tells every instance's teacher stream the new count (a student came or went). */
      const announce = async () => {
        const n = await store.followers(code);
        await deps.hub.publish(code, { type: 'followers', count: n });
      };
      const sendStep = (s: { step: number; version: number }) => {
        version = s.version;
        send(classEventText({ type: 'step', step: s.step, version: s.version }));
      };
      const sendCount = (n: number) => {
        if (n === count) return;
        count = n;
        send(classEventText({ type: 'followers', count: n }));
      };
      const sendEnd = (reason: 'ended' | 'expired') => {
        send(classEventText({ type: 'end', reason }));
        finish();
      };

      send(sseRetry(RETRY_MS));
      if (opened.status !== 'open') {
        sendStep(opened);
        return sendEnd(opened.status);
      }
      keep((deps.onShutdown ?? processShutdown)(finish));
      try {
        keep(
          await deps.hub.subscribe(code, (event) => {
            if (event.type === 'step') {
              // a late notification of an older move must not take the class back
              if (event.version > version) sendStep(event);
            } else if (event.type === 'followers') {
              if (role === 'teacher') sendCount(event.count);
            } else sendEnd(event.reason);
          })
        );
        if (role === 'student') {
          await store.join(code, streamId);
          // gone while joining: finish() ran before the row existed
          if (closed) return leave();
          await announce();
        }
        // The step now, read after listening began: a move made while the stream was being
        // opened is in it (or in a notification, whichever is newer), never lost in between.
        await catchUp();
      } catch {
        // the database went away meanwhile: end the stream, the page reconnects
        return finish();
      }
      if (closed) return;
      const timer = setInterval(() => void heartbeat(), heartbeatMs);
      keep(() => clearInterval(timer));

      /** Reads the class and sends what this stream has not had: a newer step, its end, the count. */
      async function catchUp() {
        const now = await store.get(code);
        if (!now) return sendEnd('ended');
        if (now.status !== 'open') return sendEnd(now.status);
        if (now.version > version) sendStep(now);
        if (role === 'teacher') sendCount(await store.followers(code));
      }

      async function heartbeat() {
        send(sseComment('heartbeat'));
        try {
          if (role === 'student') await store.join(code, streamId);
          await catchUp();
        } catch {
          // the database is down: the page shows "Reconnecting…" until it is back
          finish();
        }
      }
    },
    cancel() {
      stop();
    }
  });
  return new Response(body, { headers: HEADERS });
}
