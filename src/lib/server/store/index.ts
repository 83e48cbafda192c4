/**
 * The app's one RunStore: PGlite in `DATA_DIR` (default `.data/pglite`), opened as the server
 * starts (`init` in hooks.server.ts) or else by the first request that needs it.
 * `DATABASE_URL` (PostgreSQL) is the next slice: until then, setting it means no store, so
 * the app says so instead of silently writing somewhere else.
 */
import { env } from '$env/dynamic/private';
import { openPgliteStore } from './pglite';
import type { RunStore } from './run-store';

let opening: Promise<RunStore> | null = null;

/**
 * The store, or a rejected promise when there is none (the caller answers 503 with a
 * sentence). A failed open is forgotten, so the next request tries again.
 */
export function runStore(): Promise<RunStore> {
  if (!opening) {
    opening = env.DATABASE_URL
      ? Promise.reject(new Error('DATABASE_URL is set, and PostgreSQL is not supported yet.'))
      : openPgliteStore(env.DATA_DIR || '.data/pglite');
    opening.catch((error) => {
      console.error(`The run store could not be opened: ${(error as Error).message}`);
      opening = null;
    });
  }
  return opening;
}
