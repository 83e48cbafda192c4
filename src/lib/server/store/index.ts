/**
 * The app's one database: PostgreSQL when `DATABASE_URL` is set, else PGlite in `DATA_DIR`
 * (default `.data/pglite`). Opened as the server starts (`init` in hooks.server.ts) or else by
 * the first request that needs it; the runs (`runStore`), the classes (`classStore`) and the
 * messages between instances (`notifier`) share it. `RUN_CACHE_CHARS` sizes the cache of runs
 * read (`run-cache.ts`; 0 turns it off). Once open, its runs' `get` is also registered as the
 * process's run reader (`run-read.js`), which `node build` answers `GET /api/runs/<id>` with
 * before SvelteKit.
 */
import { env } from '$env/dynamic/private';
import { registerRunReader } from '../run-read.js';
import { sqlClassStore, type ClassStore } from './classes';
import type { Notifier } from './notify';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import { openOnce } from './reopen';
import { cacheChars } from './run-cache';
import type { Database, RunStore } from './run-store';

/**
 * The database, or a rejected promise when it cannot be opened (the caller answers 503 with
 * a sentence). A failed open is forgotten, so the next request tries again: a database that
 * was down at start-up is used as soon as it is back.
 */
const database = openOnce<Database>(
  async () => {
    const cache = { cacheChars: cacheChars(env.RUN_CACHE_CHARS) };
    const db = await (env.DATABASE_URL
      ? openPostgres({ url: env.DATABASE_URL, ...cache })
      : openPglite(env.DATA_DIR || '.data/pglite', cache));
    registerRunReader((id) => db.store.get(id));
    return db;
  },
  (error) => console.error(`The database could not be opened: ${error.message}`)
);

/** The store of short links' runs (see `database` for failures). */
export async function runStore(): Promise<RunStore> {
  return (await database()).store;
}

/** Messages to every instance of the server, over the same database as the runs. */
export async function notifier(): Promise<Notifier> {
  return (await database()).notifier;
}

/** One ClassStore per database (it sweeps old classes now and then: one clock for it). */
const classStores = new WeakMap<Database, ClassStore>();

/** The class sessions, over the same database as the runs (see `database` for failures). */
export async function classStore(): Promise<ClassStore> {
  const db = await database();
  let classes = classStores.get(db);
  if (!classes) classStores.set(db, (classes = sqlClassStore(db.sql)));
  return classes;
}
