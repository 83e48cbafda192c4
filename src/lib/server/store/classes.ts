/**
 * Class sessions: a short code, the stored run the class follows, the teacher's current step,
 * and the SHA-256 of the teacher's secret token (the token itself is never stored). Over the
 * same SqlClient as the runs (PGlite or PostgreSQL: one dialect), with the tables of migration
 * 2 in run-store.ts. Times come from the database's clock, so every instance agrees.
 *
 * A class ends when the teacher ends it or after CLASS_QUIET_HOURS without a step; its row is
 * kept a day longer so a late student reads "this class has ended" rather than "no such
 * class", then swept (lazily, from `create`).
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import {
  CLASS_CODE_ALPHABET,
  CLASS_CODE_LENGTH,
  CLASS_CODE_PATTERN,
  CLASS_QUIET_HOURS
} from '$lib/core/share/class-session';
import type { SqlClient } from './run-store';

/** A class as the pages see it. `status` is computed by the database at the time of reading. */
export interface ClassState {
  code: string;
  runId: string;
  step: number;
  /** how many times the teacher moved the class (+1): the id of its latest step event */
  version: number;
  status: 'open' | 'ended' | 'expired';
}

/** What a move or an end came to. */
export type ClassChange =
  { ok: true; state: ClassState } | { ok: false; reason: 'missing' | 'forbidden' | 'closed' };

/** What every database behind classes must do. */
export interface ClassStore {
  /** Opens a class on the stored run `runId` at `step`; null when there is no such run. */
  create(runId: string, step: number): Promise<{ state: ClassState; token: string } | null>;
  /** The class under `code` (ended and expired ones too, for a day), or null. */
  get(code: string): Promise<ClassState | null>;
  /** Moves an open class to `step`, only with its teacher's token. */
  move(code: string, token: string, step: number): Promise<ClassChange>;
  /** Ends an open class, only with its teacher's token. */
  end(code: string, token: string): Promise<ClassChange>;
  /**
   * A student's page follows the class (its stream opened, or is still open: the heartbeat).
   * `followerId` is the page's own random id, so a page that reconnects (after a restart, or
   * to another instance) is still one follower.
   */
  join(code: string, followerId: string): Promise<void>;
  /** A student's stream closed. */
  leave(followerId: string): Promise<void>;
  /** How many students' streams are open on the class, on every instance. */
  followers(code: string): Promise<number>;
  /** Deletes classes over a day past their end and presence rows of dead instances. */
  sweep(): Promise<void>;
}

/**
 * A stream whose last heartbeat is older than this is not counted: its instance died without
 * closing it. Three heartbeats (15 s each).
 */
export const PRESENCE_SECONDS = 45;

/** A new random code of the unambiguous alphabet. */
export function newClassCode(): string {
  let code = '';
  for (let i = 0; i < CLASS_CODE_LENGTH; i++)
    code += CLASS_CODE_ALPHABET[randomInt(CLASS_CODE_ALPHABET.length)];
  return code;
}

/** A new teacher token: 32 random bytes, base64url (43 characters). */
export const newTeacherToken = (): string => randomBytes(32).toString('base64url');

/** What is stored of a token: its SHA-256, hex. */
export const hashToken = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('hex');

/** True when `token` is the one whose hash is `hash`; the comparison takes the same time either way. */
export function tokenMatches(token: string, hash: string): boolean {
  const given = Buffer.from(hashToken(token), 'hex');
  const kept = Buffer.from(hash, 'hex');
  return given.length === kept.length && timingSafeEqual(given, kept);
}

// The status as of the database's clock. CLASS_QUIET_HOURS is a number constant, not input.
const STATUS = `CASE WHEN ended_at IS NOT NULL THEN 'ended'
  WHEN updated_at <= now() - interval '${CLASS_QUIET_HOURS} hours' THEN 'expired'
  ELSE 'open' END AS status`;
const COLUMNS = `code, run_id, step, version, ${STATUS}`;
const OPEN = `ended_at IS NULL AND updated_at > now() - interval '${CLASS_QUIET_HOURS} hours'`;

interface Row {
  code: string;
  run_id: string;
  step: number;
  version: number;
  status: ClassState['status'];
}
const stateOf = (row: Row): ClassState => ({
  code: row.code,
  runId: row.run_id,
  step: Number(row.step),
  version: Number(row.version),
  status: row.status
});

/** How often `create` sweeps old classes away. */
const SWEEP_MS = 10 * 60_000;

/** How many codes `create` tries before it gives up (a collision is one in millions). */
const CODE_TRIES = 5;

/** A ClassStore over any SQL client of PostgreSQL's dialect; `code` is injectable for tests. */
export function sqlClassStore(db: SqlClient, code: () => string = newClassCode): ClassStore {
  let swept = 0;
  async function withToken(
    given: string,
    token: string,
    change: (row: Row) => Promise<Row | undefined>
  ): Promise<ClassChange> {
    if (!CLASS_CODE_PATTERN.test(given)) return { ok: false, reason: 'missing' };
    const { rows } = await db.query<Row & { token_hash: string }>(
      `SELECT ${COLUMNS}, token_hash FROM classes WHERE code = $1`,
      [given]
    );
    const row = rows[0];
    if (!row) return { ok: false, reason: 'missing' };
    if (!tokenMatches(token, row.token_hash)) return { ok: false, reason: 'forbidden' };
    if (row.status !== 'open') return { ok: false, reason: 'closed' };
    // The update checks again that the class is open: it may have ended since the read.
    const changed = await change(row);
    return changed ? { ok: true, state: stateOf(changed) } : { ok: false, reason: 'closed' };
  }

  return {
    async create(runId, step) {
      // Old classes go lazily, as new ones come: at most once every SWEEP_MS per instance.
      if (Date.now() - swept > SWEEP_MS) {
        swept = Date.now();
        await this.sweep();
      }
      const token = newTeacherToken();
      for (let i = 0; i < CODE_TRIES; i++) {
        const { rows } = await db.query<Row>(
          `INSERT INTO classes (code, run_id, step, token_hash)
           SELECT $1, id, $3, $4 FROM runs WHERE id = $2
           ON CONFLICT (code) DO NOTHING
           RETURNING ${COLUMNS}`,
          [code(), runId, step, hashToken(token)]
        );
        if (rows[0]) return { state: stateOf(rows[0]), token };
        const run = await db.query('SELECT 1 FROM runs WHERE id = $1', [runId]);
        if (run.rows.length === 0) return null;
      }
      throw new Error(`no free class code after ${CODE_TRIES} tries`);
    },

    async get(given) {
      if (!CLASS_CODE_PATTERN.test(given)) return null;
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM classes WHERE code = $1`, [
        given
      ]);
      return rows[0] ? stateOf(rows[0]) : null;
    },

    move(given, token, step) {
      return withToken(given, token, async () => {
        const { rows } = await db.query<Row>(
          `UPDATE classes SET step = $2, version = version + 1, updated_at = now()
           WHERE code = $1 AND ${OPEN} RETURNING ${COLUMNS}`,
          [given, step]
        );
        return rows[0];
      });
    },

    end(given, token) {
      return withToken(given, token, async () => {
        const { rows } = await db.query<Row>(
          `UPDATE classes SET ended_at = now() WHERE code = $1 AND ${OPEN} RETURNING ${COLUMNS}`,
          [given]
        );
        return rows[0];
      });
    },

    async join(given, followerId) {
      await db.query(
        `INSERT INTO class_followers (stream_id, code) VALUES ($1, $2)
         ON CONFLICT (stream_id) DO UPDATE SET code = $2, seen_at = now()`,
        [followerId, given]
      );
    },

    async leave(followerId) {
      await db.query('DELETE FROM class_followers WHERE stream_id = $1', [followerId]);
    },

    async followers(given) {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM class_followers
         WHERE code = $1 AND seen_at > now() - interval '${PRESENCE_SECONDS} seconds'`,
        [given]
      );
      return Number(rows[0]?.n ?? 0);
    },

    async sweep() {
      await db.query(
        `DELETE FROM classes
         WHERE coalesce(ended_at, updated_at) < now() - interval '${CLASS_QUIET_HOURS + 24} hours'`
      );
      await db.query(
        `DELETE FROM class_followers WHERE seen_at < now() - interval '${PRESENCE_SECONDS} seconds'`
      );
    }
  };
}
