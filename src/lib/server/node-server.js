/**
 * `node build`: the production server. adapter-node's documented route for a custom server —
 * its request handler (`handler.js`) mounted on our own `http` server — with four things the
 * adapter's own `index.js` does not do:
 * - the security headers on every response (`security-headers.js`), static files included;
 * - static files sent precompressed (brotli or gzip, as the browser accepts: the `.br` / `.gz`
 *   copies `precompress.js` made at build time), with `Vary: Accept-Encoding`;
 * - cache headers (`cache-headers.js`): Pyodide's versioned files and the hashed build files
 *   for a year, everything else revalidated;
 * - pages and JSON that SvelteKit renders compressed on the fly (`compression`, a fast brotli
 *   level): a lesson's HTML and its `__data.json` are a third of a cold visit's text otherwise;
 * - `GET /api/runs/<id>` (a short link's run) answered before SvelteKit once the store has
 *   opened and registered its reader (`run-read.js`): the same answer as the Kit endpoint,
 *   behind the same headers and compression, for a fraction of a Kit request's work.
 *
 * The order of those steps is `request-chain.js`. `svelte.config.js` copies this file to
 * `build/index.js`. Environment: `PORT` (default 3000),
 * `HOST` (default 0.0.0.0), and what adapter-node's handler reads (`ORIGIN`, `PROTOCOL_HEADER`,
 * `HOST_HEADER`, `BODY_SIZE_LIMIT`, …). On SIGTERM or SIGINT it stops taking connections and
 * exits once the open ones are done (or after `SHUTDOWN_TIMEOUT` seconds, default 30); a
 * class's event streams are ended at once (the `acl:shutdown` process event), so they do not
 * hold it.
 */
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
// @ts-expect-error build/kit-handler.js exists only in the build (svelte.config.js renames it)
import { handler } from './kit-handler.js';
import { requestListener } from './request-chain.js';

const listener = requestListener(handler, fileURLToPath(new URL('./client', import.meta.url)));

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const server = createServer(listener);
server.listen(port, host, () => console.log(`Listening on http://${host}:${port}`));

const shutdownSeconds = Number(process.env.SHUTDOWN_TIMEOUT ?? 30);
function shutdown() {
  // Long-lived responses end now, or they would hold the exit for SHUTDOWN_TIMEOUT: a class's
  // event streams (class-events.ts listens for this), whose browsers reconnect by themselves.
  /** @type {import('node:events').EventEmitter} */ (process).emit('acl:shutdown');
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => server.closeAllConnections(), shutdownSeconds * 1000).unref();
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
