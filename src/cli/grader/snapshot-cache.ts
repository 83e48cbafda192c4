/**
 * The grader's memory snapshot on disk, so only the first run after an install pays for a cold
 * Pyodide load (as CPython keeps compiled modules in `__pycache__`). The file is the snapshot a
 * worker made right after the harness loaded, before any program ran (see `serve.js`); its name
 * carries a hash of everything it depends on (Pyodide's version, the harness source, Node's
 * version), so a change to any of them makes a new one. A file that does not load is ignored:
 * that worker loads cold and a fresh snapshot replaces it.
 *
 * It lives in `node_modules/.cache/agentic-code-lab/` (about 30 MB); delete it at will.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { version as pyodideVersion } from 'pyodide';
import { HARNESS_SOURCE } from '../../lib/runtimes/python/harness';
import { SnapshotStore } from '../../lib/runtimes/python/snapshots';

/** Where the snapshots are kept. */
export const SNAPSHOT_DIR = fileURLToPath(
  new URL('../../../node_modules/.cache/agentic-code-lab/', import.meta.url)
);

/** The file for this Pyodide, harness and Node. */
export function snapshotPath(dir = SNAPSHOT_DIR): string {
  const key = createHash('sha256')
    .update(`${pyodideVersion}\n${process.versions.node}\n${HARNESS_SOURCE}`)
    .digest('hex')
    .slice(0, 16);
  return `${dir}pyodide-${pyodideVersion}-${key}.snapshot`;
}

/** The saved snapshot, or null when there is none (or it cannot be read). */
export async function readSnapshot(path = snapshotPath()): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await readFile(path));
  } catch {
    return null;
  }
}

/**
 * Saves a snapshot (written aside, then renamed, so a reader never sees half a file). Failing
 * to save is not an error: the next run loads cold again.
 */
export async function saveSnapshot(snapshot: Uint8Array, path = snapshotPath()): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temporary, snapshot);
    await rename(temporary, path);
  } catch {
    // read-only node_modules, full disk: no cache this time
  }
}

/**
 * A snapshot store for a grading run that starts from the saved snapshot, if any, and saves
 * the one its first cold worker makes; `saved` settles once that is written.
 */
export async function cachedSnapshots(
  path = snapshotPath()
): Promise<{ store: SnapshotStore; saved: () => Promise<void> }> {
  let saving: Promise<void> = Promise.resolve();
  const store = new SnapshotStore({
    initial: await readSnapshot(path),
    onMade: (snapshot) => {
      saving = saveSnapshot(snapshot, path);
    }
  });
  return { store, saved: () => saving };
}
