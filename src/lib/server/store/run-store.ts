/**
 * Where short links keep their runs. A run is stored once under a short content hash of its
 * canonical JSON, so the same run always gets the same id and a stored run never changes.
 *
 * The interface is what the routes see; `sqlRunStore` implements it over any client of
 * PostgreSQL's dialect, and both databases use it with the same SQL and the same migrations:
 * PGlite (embedded, the default, `pglite.ts`) and PostgreSQL (`DATABASE_URL`, `postgres.ts`).
 */
import { createHash } from 'node:crypto';
import type { Notifier } from './notify';
import { ID_PATTERN } from '../run-read.js';
import { RunCache } from './run-cache';

/** A run as the store keeps it: its canonical JSON text (already validated by the caller). */
export type RunPayload = string;

/** What every database behind short links must do. */
export interface RunStore {
  /**
   * Stores `payload` under its content id. `created` is false when the same run was already
   * stored (nothing is written then). Atomic: a failure leaves no row.
   */
  put(payload: RunPayload): Promise<{ id: string; created: boolean }>;
  /** The run stored under `id`, or null when there is none. */
  get(id: string): Promise<RunPayload | null>;
  /** Releases the database (tests, shutdown). */
  close(): Promise<void>;
}

/** One database as the server uses it: the runs, the messages between instances, and its end. */
export interface Database {
  store: RunStore;
  notifier: Notifier;
  /** The database's SQL client, for other stores over the same tables' migrations (classes). */
  sql: SqlClient;
  /** Closes the store and the notifier's connection (tests, shutdown). */
  close(): Promise<void>;
}

/** The length of an id: 12 base32 characters are 60 bits of the hash. */
export const ID_LENGTH = 12;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
/**
 * What an id looks like (`[BASE32]{ID_LENGTH}`, defined beside the read path that also checks
 * it, `run-read.js`); anything else is not looked up at all.
 */
export { ID_PATTERN };

/**
 * The id of a payload: the first 60 bits of its SHA-256, in lower-case base32 (RFC 4648's
 * alphabet), so ids are short, case-insensitive to read aloud, and URL-safe.
 */
export function runId(payload: RunPayload): string {
  const digest = createHash('sha256').update(payload, 'utf8').digest();
  let bits = 0;
  let value = 0;
  let id = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && id.length < ID_LENGTH) {
      id += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (id.length === ID_LENGTH) break;
  }
  return id;
}

/**
 * The schema, as versioned migrations: each runs once, in order, with its row in
 * `migrations`; the ones a start-up applies run in one transaction, so a failed one leaves
 * nothing behind and the next start retries them. Append new ones; never edit one that has
 * shipped.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE runs (
     id text PRIMARY KEY,
     payload text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  // 2: class sessions (classes.ts). A class shows one stored run; its step lives here, never
  // in a server's memory, so any instance (and a restarted one) answers the same. Only the
  // SHA-256 of the teacher's token is kept. `class_followers` has a row per open student
  // stream, refreshed by its heartbeat: the follower count is the fresh rows, whichever
  // instance holds the stream.
  `CREATE TABLE classes (
     code text PRIMARY KEY,
     run_id text NOT NULL REFERENCES runs (id),
     step integer NOT NULL CHECK (step >= 0),
     version integer NOT NULL DEFAULT 1,
     token_hash text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     ended_at timestamptz
   );
   CREATE TABLE class_followers (
     stream_id text PRIMARY KEY,
     code text NOT NULL REFERENCES classes (code) ON DELETE CASCADE,
     seen_at timestamptz NOT NULL DEFAULT now()
   );
   CREATE INDEX class_followers_code_seen ON class_followers (code, seen_at)`
];

/** The part of a SQL client the store needs: PGlite's and node-postgres' shapes agree here. */
export interface SqlClient {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<unknown>;
  transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
}
/** A transaction: queries that commit together or not at all. */
export interface SqlTx {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<unknown>;
}

/**
 * The key of the advisory lock that migrations hold (any constant works; this one is
 * "acl-migr" read as a number), so instances starting at once never run a migration twice.
 */
export const MIGRATION_LOCK = 0x61636c2d6d696772n;

/**
 * Runs the migrations not yet applied; returns how many ran. Safe to call again, and from
 * several instances at once: the first to take the lock migrates, the others wait for it and
 * then find nothing to do. The lock is a transaction's (`pg_advisory_xact_lock`), so COMMIT or
 * ROLLBACK releases it whichever pooled connection ran it, and a crash cannot leave it held.
 */
export async function migrate(db: SqlClient): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK.toString()]);
    await tx.exec(
      `CREATE TABLE IF NOT EXISTS migrations (
         version integer PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`
    );
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM migrations');
    const done = new Set(rows.map((row) => Number(row.version)));
    let ran = 0;
    for (const [index, sql] of MIGRATIONS.entries()) {
      const version = index + 1;
      if (done.has(version)) continue;
      await tx.exec(sql);
      await tx.query('INSERT INTO migrations (version) VALUES ($1)', [version]);
      ran++;
    }
    return ran;
  });
}

/**
 * A RunStore over any SQL client of PostgreSQL's dialect. `beforeCommit` is a test seam: it
 * runs inside the transaction after the row is written, so a test can fail the write midway.
 * `get` keeps the runs it read in `cache` (see `run-cache.ts` for why nothing is invalidated).
 */
export function sqlRunStore(
  db: SqlClient,
  close: () => Promise<void>,
  beforeCommit: () => Promise<void> = async () => undefined,
  cache: RunCache = new RunCache()
): RunStore {
  return {
    async put(payload) {
      const id = runId(payload);
      return db.transaction(async (tx) => {
        const inserted = await tx.query<{ id: string }>(
          'INSERT INTO runs (id, payload) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id',
          [id, payload]
        );
        if (inserted.rows.length === 0) {
          const { rows } = await tx.query<{ payload: string }>(
            'SELECT payload FROM runs WHERE id = $1',
            [id]
          );
          // 60 bits make a collision vanishingly rare; if one happens, never overwrite.
          if (rows[0]?.payload !== payload) throw new Error(`id ${id} holds another run`);
          return { id, created: false };
        }
        await beforeCommit();
        return { id, created: true };
      });
    },
    async get(id) {
      if (!ID_PATTERN.test(id)) return null;
      const cached = cache.get(id);
      if (cached !== undefined) return cached;
      const { rows } = await db.query<{ payload: string }>(
        'SELECT payload FROM runs WHERE id = $1',
        [id]
      );
      const payload = rows[0]?.payload ?? null;
      if (payload !== null) cache.set(id, payload);
      return payload;
    },
    close
  };
}
