/**
 * The embedded store: PGlite (PostgreSQL compiled to WebAssembly, in this process), so
 * `npm run dev` and `node build` keep short links with nothing to install. Its files live in
 * `DATA_DIR` (default `.data/pglite`, git-ignored); `memory://` keeps them in memory (tests).
 */
import { PGlite } from '@electric-sql/pglite';
import { migrate, sqlRunStore, type RunStore } from './run-store';

/** Opens (creating it if needed) the PGlite database in `dataDir` and runs the migrations. */
export async function openPgliteStore(
  dataDir: string,
  options: { beforeCommit?: () => Promise<void> } = {}
): Promise<RunStore> {
  const db = await PGlite.create(dataDir === 'memory://' ? undefined : dataDir);
  await migrate(db);
  return sqlRunStore(db, () => db.close(), options.beforeCommit);
}
