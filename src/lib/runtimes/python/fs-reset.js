/**
 * Puts Pyodide's in-memory file system back as it was after loading, after every run: a file a
 * program writes (`/tmp/x`, `notes.txt` in the working directory, a `helper.py` that later runs
 * would import) is gone when the next program starts, and a file it overwrites or deletes (even
 * the standard library's zip) comes back.
 *
 * The snapshot is small (about twenty entries and the 2.5 MB standard library zip, copied once
 * per worker); checking it costs a walk of the tree and one `lstat` per entry, so a run that
 * wrote nothing pays a fraction of a millisecond. A changed file is found by its size, mode and
 * times; that misses a program that restores the times on purpose, which is cheating rather than
 * an accident (see the harness's comment on what the sandbox guards against).
 *
 * Plain JavaScript with JSDoc types because Node 20's worker_threads cannot load TypeScript.
 */

/**
 * The part of Emscripten's FS used here (Pyodide types it loosely).
 * @typedef {object} EmscriptenFS
 * @property {(path: string) => string[]} readdir
 * @property {(path: string) => FSStat} lstat
 * @property {(path: string) => Uint8Array} readFile
 * @property {(path: string, data: Uint8Array) => void} writeFile
 * @property {(path: string) => string} readlink
 * @property {(target: string, path: string) => void} symlink
 * @property {(path: string, mode?: number) => void} mkdir
 * @property {(path: string, mode?: number, dev?: number) => unknown} mkdev
 * @property {(path: string) => void} rmdir
 * @property {(path: string) => void} unlink
 * @property {(path: string, mode: number) => void} chmod
 * @property {(path: string, atime: number, mtime: number) => void} utime
 * @property {(path: string) => void} chdir
 * @property {() => string} cwd
 * @property {(mode: number) => boolean} isDir
 * @property {(mode: number) => boolean} isFile
 * @property {(mode: number) => boolean} isLink
 */

/**
 * @typedef {object} FSStat
 * @property {number} mode
 * @property {number} size
 * @property {number} rdev
 * @property {Date} atime
 * @property {Date} mtime
 * @property {Date} ctime
 */

/**
 * @typedef {object} Entry
 * @property {'dir' | 'file' | 'link' | 'other'} kind
 * @property {FSStat} stat
 * @property {string} signature what must not change (mode, size, times) for files and links
 * @property {Uint8Array} [contents] a file's bytes
 * @property {string} [target] a link's target
 */

/**
 * @typedef {object} FSSnapshot
 * @property {Map<string, Entry>} entries by path, parents before children
 * @property {string} cwd
 */

/** Not files: the kernel's view of the process, regenerated on every read. */
const SKIPPED = new Set(['/proc']);

/** @param {string} dir @param {string} name */
const join = (dir, name) => (dir === '/' ? `/${name}` : `${dir}/${name}`);

/** @param {EmscriptenFS} FS @param {FSStat} stat @returns {Entry['kind']} */
function kindOf(FS, stat) {
  if (FS.isDir(stat.mode)) return 'dir';
  if (FS.isFile(stat.mode)) return 'file';
  if (FS.isLink(stat.mode)) return 'link';
  return 'other';
}

/** @param {FSStat} stat */
const signatureOf = (stat) =>
  [stat.mode, stat.size, stat.mtime.getTime(), stat.ctime.getTime()].join(':');

/**
 * Every path under `/` (but /proc) with its stat, parents before children.
 * @param {EmscriptenFS} FS
 * @returns {Map<string, FSStat>}
 */
function walk(FS) {
  /** @type {Map<string, FSStat>} */
  const found = new Map();
  /** @param {string} dir */
  const visit = (dir) => {
    for (const name of FS.readdir(dir)) {
      if (name === '.' || name === '..') continue;
      const path = join(dir, name);
      if (SKIPPED.has(path)) continue;
      const stat = FS.lstat(path);
      found.set(path, stat);
      if (!FS.isDir(stat.mode)) continue;
      // A program may have locked a directory (chmod 0); restoreFS puts the mode back.
      if ((stat.mode & 0o700) !== 0o700) FS.chmod(path, stat.mode | 0o700);
      visit(path);
    }
  };
  visit('/');
  return found;
}

/**
 * Records the file system as it is now.
 * @param {EmscriptenFS} FS
 * @returns {FSSnapshot}
 */
export function snapshotFS(FS) {
  /** @type {Map<string, Entry>} */
  const entries = new Map();
  for (const [path, stat] of walk(FS)) {
    const kind = kindOf(FS, stat);
    /** @type {Entry} */
    const entry = { kind, stat, signature: signatureOf(stat) };
    if (kind === 'file') entry.contents = FS.readFile(path).slice();
    if (kind === 'link') entry.target = FS.readlink(path);
    entries.set(path, entry);
  }
  return { entries, cwd: FS.cwd() };
}

/**
 * Removes a path and everything under it.
 * @param {EmscriptenFS} FS
 * @param {string} path
 */
function remove(FS, path) {
  const stat = FS.lstat(path);
  if (!FS.isDir(stat.mode)) return FS.unlink(path);
  // The owner may have taken away our right to list or change it.
  FS.chmod(path, 0o777);
  for (const name of FS.readdir(path)) {
    if (name !== '.' && name !== '..') remove(FS, join(path, name));
  }
  FS.rmdir(path);
}

/**
 * Writes an entry back from the snapshot, then records its new signature (writing changes the
 * times, which the next check would otherwise see as a change).
 * @param {EmscriptenFS} FS
 * @param {string} path
 * @param {Entry} entry
 */
function recreate(FS, path, entry) {
  const { stat } = entry;
  if (entry.kind === 'dir') FS.mkdir(path, stat.mode & 0o7777);
  else if (entry.kind === 'file') FS.writeFile(path, entry.contents ?? new Uint8Array());
  else if (entry.kind === 'link') FS.symlink(entry.target ?? '', path);
  else FS.mkdev(path, stat.mode, stat.rdev);
  if (entry.kind !== 'link') {
    FS.chmod(path, stat.mode & 0o7777);
    FS.utime(path, stat.atime.getTime(), stat.mtime.getTime());
  }
  entry.signature = signatureOf(FS.lstat(path));
}

/**
 * Puts the file system back as `snapshot` recorded it: removes what is new, restores what was
 * changed or removed, and returns to the snapshot's working directory.
 * @param {EmscriptenFS} FS
 * @param {FSSnapshot} snapshot
 */
export function restoreFS(FS, snapshot) {
  const current = walk(FS);
  // Children before their parents (the walk lists parents first), so a new directory is
  // already empty when its turn comes.
  for (const [path, stat] of [...current].reverse()) {
    const entry = snapshot.entries.get(path);
    if (!entry || entry.kind !== kindOf(FS, stat)) {
      remove(FS, path);
      current.delete(path);
    }
  }
  for (const [path, entry] of snapshot.entries) {
    const stat = current.get(path);
    const mode = entry.stat.mode & 0o7777;
    if (!stat) recreate(FS, path, entry);
    else if (entry.kind === 'dir' || entry.kind === 'other') {
      // Their times change with normal use (a new file, a write to /dev/null): only the mode.
      if ((stat.mode & 0o7777) !== mode) FS.chmod(path, mode);
    } else if (signatureOf(stat) !== entry.signature) {
      remove(FS, path);
      recreate(FS, path, entry);
    }
  }
  FS.chdir(snapshot.cwd);
}
