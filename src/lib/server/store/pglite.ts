/**
 * The embedded store: PGlite (PostgreSQL compiled to WebAssembly, in this process), so
 * `npm run dev` and `node build` keep short links with nothing to install. Its files live in
 * `DATA_DIR` (default `.data/pglite`, git-ignored); `memory://` keeps them in memory (tests).
 */
import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import { migrate, sqlRunStore, type RunStore } from './run-store';

/** Opens (creating it if needed) the PGlite database in `dataDir` and runs the migrations. */
export async function openPgliteStore(
  dataDir: string,
  options: { beforeCommit?: () => Promise<void> } = {}
): Promise<RunStore> {
  const inMemory = dataDir === 'memory://';
  // PGlite creates its own directory but not its parents (`.data/` on a fresh checkout).
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(inMemory ? undefined : dataDir);
  await migrate(db);
  return sqlRunStore(db, () => db.close(), options.beforeCommit);
}
