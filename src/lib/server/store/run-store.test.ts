import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_PAYLOAD_BYTES, pgliteNotifier, postgresNotifier, type Notifier } from './notify';
import { openPglite, openPgliteStore } from './pglite';
import { openPostgres, poolClient } from './postgres';
import { RunCache } from './run-cache';
import {
  ID_LENGTH,
  ID_PATTERN,
  MIGRATIONS,
  migrate,
  runId,
  sqlRunStore,
  type RunStore,
  type SqlClient
} from './run-store';

/**
 * The store's contract, run against every database the server can use: PGlite in memory in
 * every test run, and PostgreSQL when TEST_DATABASE_URL is set (`.ci/postgres` sets one up;
 * `.ci/run` always does). On PostgreSQL each run of this file works in a schema of its own,
 * `acl_test_<random>`, created empty and dropped at the end, so runs never see each other's
 * rows; channels are named per run too, since LISTEN/NOTIFY is per database, not per schema.
 */
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? '';
const IN_CI = !!process.env.CI && !['0', 'false'].includes(process.env.CI.toLowerCase());

/** A new, empty (unmigrated) database of one kind, as the contract needs it. */
interface Fresh {
  /** a client of the database */
  sql: SqlClient;
  /** another client of it: another pool of connections on PostgreSQL, as another instance has */
  another(): SqlClient;
  /** a notifier, and one as another instance of the server would have */
  notifiers: [Notifier, Notifier];
  close(): Promise<void>;
}

interface Backend {
  name: string;
  /** false, or why this database is not tested in this run */
  skip: string | false;
  fresh(): Promise<Fresh>;
}

const pglite: Backend = {
  name: 'PGlite',
  skip: false,
  async fresh() {
    const db = await PGlite.create();
    return {
      sql: db,
      another: () => db,
      notifiers: [pgliteNotifier(db), pgliteNotifier(db)],
      close: () => db.close()
    };
  }
};

/** A unique lower-case suffix for the names this run creates. */
const unique = () => randomBytes(6).toString('hex');

/** Creates schema `name` in the test database (and drops it again with `drop`). */
async function withSchema(name: string) {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${name}`);
  } finally {
    await admin.end();
  }
  return async () => {
    const again = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await again.connect();
    try {
      await again.query(`DROP SCHEMA ${name} CASCADE`);
    } finally {
      await again.end();
    }
  };
}

const postgres: Backend = {
  name: 'PostgreSQL',
  skip: TEST_DATABASE_URL
    ? false
    : 'TEST_DATABASE_URL is not set (run `export TEST_DATABASE_URL=$(.ci/postgres)` as root to test PostgreSQL too)',
  async fresh() {
    const schema = `acl_test_${unique()}`;
    const drop = await withSchema(schema);
    const config = { connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` };
    const pools: pg.Pool[] = [];
    const pool = () => {
      const made = new pg.Pool(config);
      pools.push(made);
      return made;
    };
    const first = pool();
    const notifiers = [postgresNotifier(first, config), postgresNotifier(pool(), config)] as const;
    return {
      sql: poolClient(first),
      another: () => poolClient(pool()),
      notifiers: [...notifiers],
      async close() {
        for (const notifier of notifiers) await notifier.close();
        for (const made of pools) await made.end();
        await drop();
      }
    };
  }
};

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

describe('PostgreSQL in CI', () => {
  // CI must never pass by skipping PostgreSQL: .ci/run installs and starts it.
  it.skipIf(!IN_CI)('is tested: .ci/run sets TEST_DATABASE_URL', () => {
    expect(TEST_DATABASE_URL, 'CI=1 and TEST_DATABASE_URL is not set').toMatch(
      /^postgres(ql)?:\/\//
    );
  });
});

/** A client that counts the runs it reads (`SELECT payload`), and otherwise is `sql`. */
function countingReads(sql: SqlClient): { client: SqlClient; reads: () => number } {
  let reads = 0;
  const client: SqlClient = {
    query: (text, params) => {
      if (text.startsWith('SELECT payload FROM runs')) reads++;
      return sql.query(text, params);
    },
    exec: (text) => sql.exec(text),
    transaction: (fn) => sql.transaction(fn)
  };
  return { client, reads: () => reads };
}

/**
 * Listens on `channel` and answers (once LISTEN is in place) the next message there; the
 * listener stops after it. The promise is wrapped so that awaiting `listenOnce` does not
 * wait for the message too.
 */
async function listenOnce(notifier: Notifier, channel: string) {
  let resolve!: (payload: string) => void;
  const received = new Promise<string>((done) => (resolve = done));
  const stop = await notifier.listen(channel, resolve);
  return { next: received.finally(stop) };
}

for (const backend of [pglite, postgres]) {
  const title = backend.skip
    ? `the ${backend.name} store — skipped: ${backend.skip}`
    : `the ${backend.name} store`;
  describe.skipIf(backend.skip !== false)(title, () => {
    // One database for the file's tests: starting PGlite takes seconds on a busy machine.
    let db: Fresh;
    /** set by a test to make the next write fail after its row is written, before the commit */
    let crash: Error | null = null;
    let s: RunStore;
    const channel = (name: string) => `t${unique()}_${name}`;
    beforeAll(async () => {
      db = await backend.fresh();
      expect(await migrate(db.sql)).toBe(MIGRATIONS.length);
      s = sqlRunStore(
        db.sql,
        async () => undefined,
        async () => {
          if (crash) throw crash;
        }
      );
    }, 60_000);
    afterAll(() => db?.close());

    describe('migrations', () => {
      it('run once: a second start applies nothing and keeps the data', async () => {
        await db.sql.query('INSERT INTO runs (id, payload) VALUES ($1, $2)', ['kept', 'x']);
        expect(await migrate(db.sql)).toBe(0);
        const { rows } = await db.sql.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM migrations'
        );
        expect(rows[0].n).toBe(MIGRATIONS.length);
        const kept = await db.sql.query<{ payload: string }>(
          "SELECT payload FROM runs WHERE id = 'kept'"
        );
        expect(kept.rows).toEqual([{ payload: 'x' }]);
      });

      it('run once when instances start at the same time', async () => {
        const other = await backend.fresh();
        try {
          const ran = await Promise.all([
            migrate(other.sql),
            migrate(other.another()),
            migrate(other.another())
          ]);
          expect(ran.toSorted()).toEqual([0, 0, MIGRATIONS.length]);
          const { rows } = await other.sql.query<{ version: number }>(
            'SELECT version FROM migrations ORDER BY version'
          );
          expect(rows.map((row) => Number(row.version))).toEqual(MIGRATIONS.map((_, i) => i + 1));
        } finally {
          await other.close();
        }
      });
    });

    describe('runs', () => {
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

      it('keeps a run byte for byte: quotes, backslashes, markup and astral characters', async () => {
        const run = JSON.stringify({ version: 3, title: `'"\\</script>😀\u2028` });
        const { id } = await s.put(run);
        expect(await s.get(id)).toBe(run);
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

      it('reads a run from the database once, then from memory, within its size', async () => {
        const runs = ['c1', 'c2'].map((title) => JSON.stringify({ version: 3, title }));
        const ids = await Promise.all(runs.map(async (run) => (await s.put(run)).id));
        const { client, reads } = countingReads(db.sql);
        // Room for one of the two runs only.
        const cached = sqlRunStore(client, async () => undefined, undefined, new RunCache(30));
        expect(await cached.get(ids[0])).toBe(runs[0]);
        expect(await cached.get(ids[0])).toBe(runs[0]);
        expect(reads()).toBe(1);
        expect(await cached.get(ids[1])).toBe(runs[1]); // the first is dropped for it
        expect(await cached.get(ids[0])).toBe(runs[0]);
        expect(reads()).toBe(3);
      });

      it('does not remember that a run was missing: another instance may store it', async () => {
        const run = JSON.stringify({ version: 3, title: 'later' });
        const { client, reads } = countingReads(db.sql);
        const cached = sqlRunStore(client, async () => undefined);
        expect(await cached.get(runId(run))).toBeNull();
        await sqlRunStore(db.another(), async () => undefined).put(run);
        expect(await cached.get(runId(run))).toBe(run);
        expect(reads()).toBe(2);
      });

      it('stores the same new run from two instances at once as one row', async () => {
        const run = JSON.stringify({ version: 3, title: 'race' });
        const other = sqlRunStore(db.another(), async () => undefined);
        const both = await Promise.all([s.put(run), other.put(run)]);
        expect(both.map((r) => r.id)).toEqual([runId(run), runId(run)]);
        expect(both.filter((r) => r.created)).toHaveLength(1);
      });
    });

    describe('the notifier', () => {
      it('delivers a message to a listener, byte for byte', async () => {
        const [notifier] = db.notifiers;
        const name = channel('one');
        const payload = `{"step":3,"text":"'\\"; DROP TABLE runs; -- 😀"}`;
        const { next } = await listenOnce(notifier, name);
        await notifier.notify(name, payload);
        expect(await next).toBe(payload);
      });

      it('delivers to the listeners of another instance', async () => {
        const [mine, theirs] = db.notifiers;
        const name = channel('across');
        const { next } = await listenOnce(theirs, name);
        await mine.notify(name, 'step 4');
        expect(await next).toBe('step 4');
      });

      it('delivers to every listener of a channel, and only to those', async () => {
        const [notifier] = db.notifiers;
        const name = channel('two');
        const first: string[] = [];
        const second: string[] = [];
        const elsewhere: string[] = [];
        const stops = [
          await notifier.listen(name, (p) => first.push(p)),
          await notifier.listen(name, (p) => second.push(p)),
          await notifier.listen(channel('other'), (p) => elsewhere.push(p))
        ];
        try {
          await notifier.notify(name, 'hello');
          await flush(notifier);
          expect(first).toEqual(['hello']);
          expect(second).toEqual(['hello']);
          expect(elsewhere).toEqual([]);
        } finally {
          for (const stop of stops) await stop();
        }
      });

      it('stops delivering once the listener unlistens; the others still get it', async () => {
        const [notifier] = db.notifiers;
        const name = channel('stop');
        const stopped: string[] = [];
        const kept: string[] = [];
        const stop = await notifier.listen(name, (p) => stopped.push(p));
        const keep = await notifier.listen(name, (p) => kept.push(p));
        try {
          await notifier.notify(name, 'before');
          await flush(notifier);
          await stop();
          await stop(); // a second call does nothing
          await notifier.notify(name, 'after');
          await flush(notifier);
          expect(stopped).toEqual(['before']);
          expect(kept).toEqual(['before', 'after']);
        } finally {
          await keep();
        }
        // the channel has no listener left: a message now reaches nobody, and nothing fails
        await notifier.notify(name, 'nobody');
        await flush(notifier);
        expect(kept).toEqual(['before', 'after']);
      });

      it('refuses channel names that are not lower-case letters, digits and underscores', async () => {
        const [notifier] = db.notifiers;
        const bad = ['', 'Teacher', 'a-b', 'a b', '"x"; DROP TABLE runs', 'é', 'x'.repeat(61)];
        for (const name of bad) {
          await expect(notifier.notify(name, 'x'), name).rejects.toThrow(/channel name/);
          await expect(
            notifier.listen(name, () => undefined),
            name
          ).rejects.toThrow(/channel name/);
        }
        // the longest allowed name works
        const longest = `t${unique()}`.padEnd(60, '_');
        expect(await nextAfterNotify(notifier, longest, 'ok')).toBe('ok');
      });

      it(`refuses a message over ${MAX_PAYLOAD_BYTES} bytes, counting UTF-8 bytes`, async () => {
        const [notifier] = db.notifiers;
        const name = channel('size');
        // 2,334 three-byte characters are 7,002 bytes: over, though only 2,334 characters
        await expect(notifier.notify(name, '€'.repeat(2_334))).rejects.toThrow(/7000 bytes/);
        const largest = 'x'.repeat(MAX_PAYLOAD_BYTES);
        expect(await nextAfterNotify(notifier, name, largest)).toBe(largest);
      });
    });
  });
}

/** Listens on `channel`, sends `payload` to it, and answers what arrives. */
async function nextAfterNotify(notifier: Notifier, channel: string, payload: string) {
  const got: string[] = [];
  const stop = await notifier.listen(channel, (p) => got.push(p));
  try {
    await notifier.notify(channel, payload);
    await flush(notifier);
    return got[0];
  } finally {
    await stop();
  }
}

/**
 * Waits until every message sent before it has been delivered: sends a marker on a channel of
 * its own and waits for it. Messages reach one listening connection in the order they were
 * committed, so the marker comes last.
 */
async function flush(notifier: Notifier) {
  const marker = `flush_${unique()}`;
  const { next } = await listenOnce(notifier, marker);
  await notifier.notify(marker, 'flush');
  await next;
}

describe('a PGlite store in a data directory', () => {
  it('keeps its runs across a restart, migrating the existing database without loss', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acl-pglite-'));
    try {
      // a directory whose parents do not exist yet, as `.data/pglite` on a fresh checkout
      const data = join(dir, 'nested', 'pglite');
      const first = await openPgliteStore(data);
      const { id } = await first.put(RUN_A);
      await first.close();
      const second = await openPglite(data);
      try {
        expect(await second.store.get(id)).toBe(RUN_A);
        expect(await second.store.put(RUN_A)).toEqual({ id, created: false });
        const counted = await second.sql.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM runs'
        );
        expect(counted.rows).toEqual([{ n: 1 }]);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe.skipIf(postgres.skip !== false)('a PostgreSQL database', () => {
  it('opens with its migrations run, and its notifier reconnects after the connection drops', async () => {
    const schema = `acl_test_${unique()}`;
    const drop = await withSchema(schema);
    const app = `acl_test_listener_${unique()}`;
    let reconnected!: () => void;
    const back = new Promise<void>((done) => (reconnected = done));
    const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL });
    const config = {
      connectionString: TEST_DATABASE_URL,
      application_name: app,
      options: `-c search_path=${schema}`
    };
    const notifier = postgresNotifier(pool, config, { onReconnect: reconnected, backoffMs: 50 });
    const database = await openPostgres({ url: TEST_DATABASE_URL, schema });
    try {
      expect(await database.store.put(RUN_A)).toEqual({ id: runId(RUN_A), created: true });
      // its SQL client reaches the same tables, in the schema it was given
      const counted = await database.sql.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM runs'
      );
      expect(counted.rows).toEqual([{ n: 1 }]);
      const name = `t${unique()}_drop`;
      const got: string[] = [];
      const stop = await notifier.listen(name, (p) => got.push(p));
      // what a database restart or a failover does to the listening connection
      const killed = await pool.query(
        'SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1',
        [app]
      );
      expect(killed.rows).toEqual([{ ok: true }]);
      await back;
      await notifier.notify(name, 'after the drop');
      await flush(notifier);
      expect(got).toEqual(['after the drop']);
      await stop();
    } finally {
      await notifier.close();
      await pool.end();
      await database.close();
      await drop();
    }
  });

  it('refuses to open when the database cannot be reached, with the reason', async () => {
    // port 1 on this machine: nothing listens there, so the connection is refused at once
    await expect(openPostgres({ url: 'postgres://nobody@127.0.0.1:1/none' })).rejects.toThrow(
      /ECONNREFUSED|connect/
    );
  });
});
