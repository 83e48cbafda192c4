/**
 * How long browsers may keep what `node build` serves (see `node-server.js`):
 * - Pyodide under its versioned path (`/pyodide/<version>/…`) and the build's hashed files
 *   (`/_app/immutable/…`) never change at an address: a year, `immutable`;
 * - everything else (pages, `/favicon.svg`, the version file, the service worker's script
 *   `/service-worker.js`) is revalidated on every use (`no-cache` with the ETag or a fresh
 *   render), so a new deploy, and its new service worker, is seen at once.
 * Plain JavaScript: the production server imports it without a build step.
 */

/** Cache-Control for files whose address changes whenever their content does. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Cache-Control for everything else: keep, but ask the server before each use. */
export const REVALIDATE = 'no-cache';

/**
 * The Cache-Control header for a request's path.
 * @param {string} pathname
 * @returns {string}
 */
export function cacheControlFor(pathname) {
  if (/^\/pyodide\/[^/]+\/[^/]/.test(pathname)) return IMMUTABLE;
  if (pathname.startsWith('/_app/immutable/')) return IMMUTABLE;
  return REVALIDATE;
}
