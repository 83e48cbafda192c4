/**
 * Brotli and gzip copies of the build's static files (`file.br`, `file.gz` beside `file`), made
 * once at build time so the server never compresses on the fly. Pyodide's files are most of a
 * first visit's bytes: `pyodide.asm.wasm` is 9.6 MB raw, 2.7 MB as brotli at quality 11.
 *
 * Quality 11 on that wasm takes most of a minute on a busy two-core machine, so every result is
 * kept in a cache folder keyed by the file's SHA-256: only a changed file costs anything on the
 * next build. A copy that is not smaller than the file is not written (the server then sends the
 * file as it is).
 *
 * Plain JavaScript: `svelte.config.js` runs it while adapting the build.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** What is worth compressing: text, wasm, and Pyodide's standard library (a zip). */
export const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.json',
  '.css',
  '.svg',
  '.xml',
  '.wasm',
  '.txt',
  '.md',
  '.map',
  '.zip',
  '.webmanifest'
]);

/** Below this many bytes a compressed copy saves less than its headers cost. */
const MIN_BYTES = 1024;

/** @type {Record<'br' | 'gz', (data: Buffer) => Promise<Buffer>>} */
const ENCODERS = {
  br: (data) =>
    brotli(data, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length
      }
    }),
  gz: (data) => gzip(data, { level: zlib.constants.Z_BEST_COMPRESSION })
};

/**
 * Every file under `dir` that {@link COMPRESSIBLE} names, recursively.
 * @param {string} dir
 * @returns {Promise<string[]>}
 */
async function compressibleFiles(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && COMPRESSIBLE.has(extname(entry.name)))
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * The size of the cached encoding at `cached`, made with `encode` first if it is not there yet.
 * @param {string} cached
 * @param {() => Promise<Buffer>} encode
 * @returns {Promise<{ bytes: number, fresh: boolean }>}
 */
async function encodedSize(cached, encode) {
  const known = await stat(cached).catch(() => null);
  if (known) return { bytes: known.size, fresh: false };
  const encoded = await encode();
  // Written under another name first, so an interrupted build never leaves half a file.
  await writeFile(`${cached}.part`, encoded);
  await rename(`${cached}.part`, cached);
  return { bytes: encoded.length, fresh: true };
}

/**
 * Writes `file.br` and `file.gz` for one file, from the cache when it has them.
 * @param {string} file
 * @param {string} cacheDir
 * @returns {Promise<{ raw: number, br: number, gz: number, cached: boolean }>}
 */
async function compressOne(file, cacheDir) {
  const data = await readFile(file);
  const sizes = { raw: data.length, br: data.length, gz: data.length, cached: true };
  if (data.length < MIN_BYTES) return sizes;
  const hash = createHash('sha256').update(data).digest('hex');
  for (const kind of /** @type {const} */ (['br', 'gz'])) {
    const cached = join(cacheDir, `${hash}.${kind}`);
    const size = await encodedSize(cached, () => ENCODERS[kind](data));
    if (size.fresh) sizes.cached = false;
    if (size.bytes < data.length) {
      await copyFile(cached, `${file}.${kind}`);
      sizes[kind] = size.bytes;
    }
  }
  return sizes;
}

/**
 * Compresses every compressible file under `dir` (brotli at the highest quality, gzip at level
 * 9), a few at a time, and says how many bytes that saves.
 * @param {string} dir the build's client folder
 * @param {{ cacheDir: string }} options where results are kept between builds
 * @returns {Promise<{ files: number, fresh: number, raw: number, br: number, gz: number }>}
 */
export async function precompress(dir, { cacheDir }) {
  await mkdir(cacheDir, { recursive: true });
  const files = await compressibleFiles(dir);
  /** @type {Map<string, number>} */
  const sizeOf = new Map();
  for (const file of files) sizeOf.set(file, (await stat(file)).size);
  // Smallest first, so the lanes pop the biggest (the wasm) first and end at about one time.
  const queue = files.sort((a, b) => (sizeOf.get(a) ?? 0) - (sizeOf.get(b) ?? 0));
  const total = { files: queue.length, fresh: 0, raw: 0, br: 0, gz: 0 };
  const lane = async () => {
    for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
      const sizes = await compressOne(file, cacheDir);
      total.raw += sizes.raw;
      total.br += sizes.br;
      total.gz += sizes.gz;
      if (!sizes.cached) total.fresh++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, lane));
  return total;
}

/**
 * Rewrites each sizes list of the runtimes' files (`sizes.json`, written by `vite.config.ts`
 * with the files' sizes as they are) with what the server sends for each file: `identity`
 * (the file), `br` (to a browser that accepts brotli: its `.br` copy, else its `.gz`, else the
 * file, as sirv chooses) and `gzip` (to one that accepts only gzip). The Python download bar
 * takes its total from these (`download-meter.ts`). Runs after {@link precompress}; the list
 * itself is too small to have compressed copies, and any left from before are removed.
 * @param {string} dir the build's client folder
 * @returns {Promise<string[]>} the lists rewritten
 */
export async function listEncodedSizes(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const lists = entries
    .filter((entry) => entry.isFile() && entry.name === 'sizes.json')
    .map((entry) => join(entry.parentPath, entry.name));
  /** @param {string} file */
  const sizeOf = (file) =>
    stat(file).then(
      (s) => s.size,
      () => null
    );
  for (const list of lists) {
    const folder = join(list, '..');
    /** @type {Record<string, unknown>} */
    const listed = JSON.parse(await readFile(list, 'utf8'));
    /** @type {Record<string, { identity: number, br: number, gzip: number }>} */
    const sizes = {};
    for (const name of Object.keys(listed)) {
      const file = join(folder, name);
      const identity = await sizeOf(file);
      if (identity === null) continue;
      const gz = (await sizeOf(`${file}.gz`)) ?? identity;
      sizes[name] = { identity, br: (await sizeOf(`${file}.br`)) ?? gz, gzip: gz };
    }
    await writeFile(list, JSON.stringify(sizes) + '\n');
    for (const kind of ['br', 'gz']) await rm(`${list}.${kind}`, { force: true });
  }
  return lists;
}
