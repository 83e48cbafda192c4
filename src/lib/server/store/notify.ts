/**
 * Messages between server instances, for a class to follow its teacher behind a load
 * balancer: PostgreSQL's LISTEN/NOTIFY. PGlite (one process) has the same commands in-process,
 * so the single-instance default needs nothing more.
 *
 * A message is delivered to the listeners that are listening when it is sent, once; one sent
 * while an instance is disconnected is lost to that instance, so a listener that must not miss
 * the latest state re-reads it from the database after a reconnect (`onReconnect` below).
 */
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';

/** Cross-instance messages: PostgreSQL LISTEN/NOTIFY (PGlite's in-process equivalent by default). */
export interface Notifier {
  /** Sends `payload` (≤ 7,000 bytes, NOTIFY's limit is 8,000) to every listener of `channel` on every instance. */
  notify(channel: string, payload: string): Promise<void>;
  /** Calls `onMessage` for each message on `channel` until the returned function is called. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
}

/** A notifier that owns a connection: `close` ends it (shutdown, tests). */
export interface ClosableNotifier extends Notifier {
  close(): Promise<void>;
}

/** What a channel name may be: it is put in LISTEN's SQL (quoted), so nothing else is allowed. */
export const CHANNEL_PATTERN = /^[a-z0-9_]{1,60}$/;
/** The largest payload in UTF-8 bytes: PostgreSQL's NOTIFY refuses 8,000 and more. */
export const MAX_PAYLOAD_BYTES = 7_000;

/** Throws a sentence when `channel` is not a valid channel name. */
export function checkChannel(channel: string): void {
  if (typeof channel !== 'string' || !CHANNEL_PATTERN.test(channel)) {
    throw new Error(
      `A channel name is 1 to 60 lower-case letters, digits or underscores, not ${JSON.stringify(String(channel).slice(0, 80))}.`
    );
  }
}

function checkPayload(payload: string): void {
  if (typeof payload !== 'string') throw new Error('A message is a string.');
  const bytes = Buffer.byteLength(payload, 'utf8');
  if (bytes > MAX_PAYLOAD_BYTES) {
    throw new Error(`A message is at most ${MAX_PAYLOAD_BYTES} bytes; this one is ${bytes}.`);
  }
}

/**
 * `notify` over a client's query: checks the channel and the payload, then sends them as
 * parameters of `pg_notify`, never as SQL text.
 */
function notifyOver(db: { query(sql: string, params: unknown[]): Promise<unknown> }) {
  return async (channel: string, payload: string) => {
    checkChannel(channel);
    checkPayload(payload);
    await db.query('SELECT pg_notify($1, $2)', [channel, payload]);
  };
}

/** `stop` made safe to call twice: the second call does nothing. */
function once(stop: () => Promise<void>): () => Promise<void> {
  let stopped = false;
  return async () => {
    if (stopped) return;
    stopped = true;
    await stop();
  };
}

/** The channel as a quoted identifier; safe because checkChannel allows no quote or space. */
const quoted = (channel: string) => `"${channel}"`;

/** Calls one listener; a listener that throws is logged and does not stop the others. */
function deliver(onMessage: (payload: string) => void, channel: string, payload: string) {
  try {
    onMessage(payload);
  } catch (error) {
    console.error(`A listener of ${channel} failed: ${(error as Error).message}`);
  }
}

/**
 * The notifier of a PGlite database (one process, so "every instance" is this one). Each
 * listener gets its own callback, so the same function listening twice is called twice, as
 * on PostgreSQL.
 */
export function pgliteNotifier(db: PGlite): Notifier {
  return {
    notify: notifyOver(db),
    async listen(channel, onMessage) {
      checkChannel(channel);
      const callback = (payload: string) => deliver(onMessage, channel, payload);
      const unlisten = await db.listen(channel, callback);
      // PGlite refuses commands once closed; a closed database listens to nothing anyway.
      return once(async () => {
        if (!db.closed) await unlisten();
      });
    }
  };
}

/** Options of the PostgreSQL notifier. */
export interface PostgresNotifierOptions {
  /** Called each time the listening connection is back after a drop, every channel listened again. */
  onReconnect?: () => void;
  /** The first wait before reconnecting, doubled on each failure up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * The notifier of a PostgreSQL database: sends go through `pool` (`SELECT pg_notify`), and
 * every LISTEN of this instance shares ONE dedicated connection (opened with `config` on the
 * first listen), whose messages are handed out by channel in memory. When that connection
 * drops, it is opened again with a growing backoff and every channel is listened again.
 */
export function postgresNotifier(
  pool: pg.Pool,
  config: pg.ClientConfig,
  options: PostgresNotifierOptions = {}
): ClosableNotifier {
  const firstBackoff = options.backoffMs ?? 250;
  const maxBackoff = options.maxBackoffMs ?? 10_000;
  /** the listeners of each channel: the state the connection is made to match */
  const handlers = new Map<string, Set<(payload: string) => void>>();
  /** the channels LISTENed on the current connection */
  const listening = new Set<string>();
  let client: pg.Client | null = null;
  let closed = false;
  let backoff = firstBackoff;
  let retry: ReturnType<typeof setTimeout> | null = null;
  // LISTEN, UNLISTEN and (re)connecting run one at a time, in order, so a quick
  // listen-unlisten-listen of one channel ends with the server listening.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = chain.then(work);
    chain = next.catch(() => undefined);
    return next;
  };

  async function connect(): Promise<pg.Client> {
    if (client) return client;
    if (closed) throw new Error('The notifier is closed.');
    const fresh = new pg.Client(config);
    fresh.on('notification', (message) => {
      const set = handlers.get(message.channel);
      for (const onMessage of set ?? []) deliver(onMessage, message.channel, message.payload ?? '');
    });
    // Without an 'error' listener a dropped connection would crash the process.
    fresh.on('error', (error) => {
      console.error(`The notifier's connection failed: ${error.message}`);
    });
    fresh.on('end', () => dropped(fresh));
    try {
      await fresh.connect();
      for (const channel of handlers.keys()) {
        await fresh.query(`LISTEN ${quoted(channel)}`);
        listening.add(channel);
      }
    } catch (error) {
      listening.clear();
      fresh.removeAllListeners('end');
      await fresh.end().catch(() => undefined);
      throw error;
    }
    client = fresh;
    backoff = firstBackoff;
    return fresh;
  }

  function dropped(which: pg.Client) {
    if (client !== which) return;
    client = null;
    listening.clear();
    if (!closed && handlers.size > 0) scheduleReconnect();
  }

  function scheduleReconnect() {
    if (retry || closed) return;
    const wait = backoff;
    backoff = Math.min(backoff * 2, maxBackoff);
    retry = setTimeout(() => {
      retry = null;
      if (closed || handlers.size === 0) return;
      serial(connect).then(
        () => options.onReconnect?.(),
        (error: Error) => {
          console.error(
            `The notifier could not reconnect (next try in ${backoff} ms): ${error.message}`
          );
          scheduleReconnect();
        }
      );
    }, wait);
    // A reconnect loop must not keep a finished process alive.
    retry.unref?.();
  }

  /** Makes the connection listen to `channel` exactly when it has listeners. */
  async function sync(channel: string) {
    const wanted = handlers.has(channel);
    if (!wanted && !client) return; // nothing is listened without a connection
    const connection = await connect();
    if (wanted && !listening.has(channel)) {
      await connection.query(`LISTEN ${quoted(channel)}`);
      listening.add(channel);
    } else if (!wanted && listening.has(channel)) {
      listening.delete(channel);
      await connection.query(`UNLISTEN ${quoted(channel)}`);
    }
  }

  return {
    notify: notifyOver(pool),
    async listen(channel, onMessage) {
      checkChannel(channel);
      if (closed) throw new Error('The notifier is closed.');
      let set = handlers.get(channel);
      if (!set) handlers.set(channel, (set = new Set()));
      const callback = (payload: string) => onMessage(payload);
      set.add(callback);
      const forget = () => {
        set.delete(callback);
        if (set.size === 0 && handlers.get(channel) === set) handlers.delete(channel);
      };
      try {
        await serial(() => sync(channel));
      } catch (error) {
        forget();
        throw error;
      }
      return once(async () => {
        forget();
        // An UNLISTEN that fails (the connection just dropped) leaves nothing listened anyway.
        await serial(() => sync(channel)).catch(() => undefined);
      });
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      retry = null;
      handlers.clear();
      await serial(async () => {
        const last = client;
        client = null;
        listening.clear();
        await last?.end();
      }).catch(() => undefined);
    }
  };
}
