/**
 * The embedded database: PGlite (PostgreSQL compiled to WebAssembly, in this process), so
 * `npm run dev` and `node build` keep short links with nothing to install. Its files live in
 * `DATA_DIR` (default `.data/pglite`, git-ignored); `memory://` keeps them in memory (tests).
 */
import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import { pgliteNotifier } from './notify';
import { RunCache } from './run-cache';
import { migrate, sqlRunStore, type Database, type RunStore } from './run-store';

/** Test seams of a store (see `sqlRunStore`), and the size of its cache of runs. */
export interface StoreOptions {
  beforeCommit?: () => Promise<void>;
  /** The most characters of runs kept in memory (`RunCache`; 0: none; default 8 million). */
  cacheChars?: number;
}

/**
 * Opens (creating it if needed) the PGlite database in `dataDir`, runs the migrations, and
 * answers its store and its notifier (LISTEN/NOTIFY within this process).
 */
export async function openPglite(dataDir: string, options: StoreOptions = {}): Promise<Database> {
  const inMemory = dataDir === 'memory://';
  // PGlite creates its own directory but not its parents (`.data/` on a fresh checkout).
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(inMemory ? undefined : dataDir);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  const close = () => db.close();
  return {
    store: sqlRunStore(db, close, options.beforeCommit, new RunCache(options.cacheChars)),
    notifier: pgliteNotifier(db),
    sql: db,
    close
  };
}

/** The store alone of a PGlite database (see `openPglite`). */
export async function openPgliteStore(
  dataDir: string,
  options: StoreOptions = {}
): Promise<RunStore> {
  return (await openPglite(dataDir, options)).store;
}
