/**
 * Where short links keep their runs. A run is stored once under a short content hash of its
 * canonical JSON, so the same run always gets the same id and a stored run never changes.
 *
 * The interface is what the routes see; PGlite (embedded, the default) implements it here, and
 * PostgreSQL (when `DATABASE_URL` is set, next) will implement it with the same SQL and the
 * same migrations: both speak one dialect, PostgreSQL's.
 */
import { createHash } from 'node:crypto';

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

/** The length of an id: 12 base32 characters are 60 bits of the hash. */
export const ID_LENGTH = 12;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
/** What an id looks like; anything else is not looked up at all. */
export const ID_PATTERN = new RegExp(`^[${BASE32}]{${ID_LENGTH}}$`);

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
 * The schema, as versioned migrations: each runs once, in order, inside a transaction with
 * its row in `migrations`, so a failed one leaves nothing behind and a restart retries it.
 * Append new ones; never edit one that has shipped.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE runs (
     id text PRIMARY KEY,
     payload text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now()
   )`
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

/** Runs the migrations not yet applied; returns how many ran. Safe to call again. */
export async function migrate(db: SqlClient): Promise<number> {
  await db.exec(
    `CREATE TABLE IF NOT EXISTS migrations (
       version integer PRIMARY KEY,
       applied_at timestamptz NOT NULL DEFAULT now()
     )`
  );
  const { rows } = await db.query<{ version: number }>('SELECT version FROM migrations');
  const done = new Set(rows.map((row) => Number(row.version)));
  let ran = 0;
  for (const [index, sql] of MIGRATIONS.entries()) {
    const version = index + 1;
    if (done.has(version)) continue;
    await db.transaction(async (tx) => {
      await tx.exec(sql);
      await tx.query('INSERT INTO migrations (version) VALUES ($1)', [version]);
    });
    ran++;
  }
  return ran;
}

/**
 * A RunStore over any SQL client of PostgreSQL's dialect. `beforeCommit` is a test seam: it
 * runs inside the transaction after the row is written, so a test can fail the write midway.
 */
export function sqlRunStore(
  db: SqlClient,
  close: () => Promise<void>,
  beforeCommit: () => Promise<void> = async () => undefined
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
      const { rows } = await db.query<{ payload: string }>(
        'SELECT payload FROM runs WHERE id = $1',
        [id]
      );
      return rows[0]?.payload ?? null;
    },
    close
  };
}
