import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgliteStore } from './pglite';
import {
  ID_LENGTH,
  ID_PATTERN,
  MIGRATIONS,
  migrate,
  runId,
  sqlRunStore,
  type RunStore
} from './run-store';

// The store's contract, against PGlite in memory (PostgreSQL, with DATABASE_URL, will run the
// same). One database for the file: starting PGlite takes seconds on a busy machine.
let db: PGlite;
/** set by a test to make the next write fail after its row is written, before the commit */
let crash: Error | null = null;
let s: RunStore;
beforeAll(async () => {
  db = await PGlite.create();
  s = sqlRunStore(
    db,
    async () => undefined,
    async () => {
      if (crash) throw crash;
    }
  );
}, 60_000);
afterAll(() => db.close());

const RUN_A = JSON.stringify({ version: 3, title: 'a' });
const RUN_B = JSON.stringify({ version: 3, title: 'b' });

describe('runId', () => {
  it('is 12 lower-case base32 characters, the same for the same text', () => {
    expect(runId(RUN_A)).toMatch(ID_PATTERN);
    expect(runId(RUN_A)).toHaveLength(ID_LENGTH);
    expect(runId(RUN_A)).not.toBe(runId(RUN_B));
  });

  it('encodes the first 60 bits of SHA-256', () => {
    // SHA-256("") = e3b0c442 98fc1c14 …; its first 60 bits in RFC 4648 base32 are 4oymiquy7qobj.
    expect(runId('')).toBe('4oymiquy7qob');
  });
});

describe('migrations', () => {
  it('run once: a second start applies nothing and keeps the data', async () => {
    expect(await migrate(db)).toBe(MIGRATIONS.length);
    await db.query('INSERT INTO runs (id, payload) VALUES ($1, $2)', ['kept', 'x']);
    expect(await migrate(db)).toBe(0);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM migrations');
    expect(rows[0].n).toBe(MIGRATIONS.length);
    const kept = await db.query<{ payload: string }>("SELECT payload FROM runs WHERE id = 'kept'");
    expect(kept.rows).toEqual([{ payload: 'x' }]);
  });
});

describe('the PGlite run store', () => {
  it('stores a run once: the same run gets the same id, created only the first time', async () => {
    const first = await s.put(RUN_A);
    const again = await s.put(RUN_A);
    expect(first).toEqual({ id: runId(RUN_A), created: true });
    expect(again).toEqual({ id: first.id, created: false });
    expect(await s.get(first.id)).toBe(RUN_A);
  });

  it('keeps different runs apart, and a stored run never changes', async () => {
    const a = await s.put(RUN_A);
    const b = await s.put(RUN_B);
    expect(a.id).not.toBe(b.id);
    await s.put(RUN_B);
    expect(await s.get(a.id)).toBe(RUN_A);
    expect(await s.get(b.id)).toBe(RUN_B);
  });

  it('answers null for an unknown id and for anything that is not an id', async () => {
    expect(await s.get(runId('never stored'))).toBeNull();
    expect(await s.get("x' OR '1'='1")).toBeNull();
    expect(await s.get('')).toBeNull();
  });

  it('leaves no row when the write fails midway', async () => {
    const run = JSON.stringify({ version: 3, title: 'crash' });
    crash = new Error('crash mid-write');
    try {
      await expect(s.put(run)).rejects.toThrow('crash mid-write');
    } finally {
      crash = null;
    }
    expect(await s.get(runId(run))).toBeNull();
    expect(await s.put(run)).toEqual({ id: runId(run), created: true });
  });
});

describe('a store in a data directory', () => {
  it('keeps its runs across a restart, migrating the existing database without loss', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acl-pglite-'));
    try {
      // a directory whose parents do not exist yet, as `.data/pglite` on a fresh checkout
      const data = join(dir, 'nested', 'pglite');
      const first = await openPgliteStore(data);
      const { id } = await first.put(RUN_A);
      await first.close();
      const second = await openPgliteStore(data);
      try {
        expect(await second.get(id)).toBe(RUN_A);
        expect(await second.put(RUN_A)).toEqual({ id, created: false });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
