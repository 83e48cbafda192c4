/**
 * `node build`: the production server. adapter-node's documented route for a custom server —
 * its request handler (`handler.js`) mounted on our own `http` server — with three things the
 * adapter's own `index.js` does not do:
 * - the security headers on every response (`security-headers.js`), static files included;
 * - static files sent precompressed (brotli or gzip, as the browser accepts: the `.br` / `.gz`
 *   copies `precompress.js` made at build time), with `Vary: Accept-Encoding`;
 * - cache headers (`cache-headers.js`): Pyodide's versioned files and the hashed build files
 *   for a year, everything else revalidated;
 * - pages and JSON that SvelteKit renders compressed on the fly (`compression`, a fast brotli
 *   level): a lesson's HTML and its `__data.json` are a third of a cold visit's text otherwise.
 *
 * `svelte.config.js` copies this file to `build/index.js`. Environment: `PORT` (default 3000),
 * `HOST` (default 0.0.0.0), and what adapter-node's handler reads (`ORIGIN`, `PROTOCOL_HEADER`,
 * `HOST_HEADER`, `BODY_SIZE_LIMIT`, …). On SIGTERM or SIGINT it stops taking connections and
 * exits once the open ones are done (or after `SHUTDOWN_TIMEOUT` seconds, default 30); a
 * class's event streams are ended at once (the `acl:shutdown` process event), so they do not
 * hold it.
 */
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import compression from 'compression';
import sirv from 'sirv';
import { constants } from 'node:zlib';
import { cacheControlFor, REVALIDATE } from './cache-headers.js';
// @ts-expect-error build/kit-handler.js exists only in the build (svelte.config.js renames it)
import { handler } from './kit-handler.js';
import { securityHeadersMiddleware } from './security-headers.js';

const client = fileURLToPath(new URL('./client', import.meta.url));

const files = sirv(client, {
  dev: false,
  etag: true,
  gzip: true,
  brotli: true,
  setHeaders: (res, pathname) => res.setHeader('Cache-Control', cacheControlFor(pathname))
});

/**
 * Rendered pages and JSON only: static files are already compressed, and an event stream must
 * reach the browser as it is written, not when a compressor's buffer fills.
 */
// `compression` is typed for Express but uses only Node's own request and response objects.
const compressRendered =
  /** @type {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next: () => void) => void} */ (
    /** @type {unknown} */ (
      compression({
        filter: (_req, res) =>
          /^(text\/html|application\/json)\b/.test(String(res.getHeader('Content-Type'))),
        brotli: { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }
      })
    )
  );

/** @type {import('node:http').RequestListener} */
function listener(req, res) {
  securityHeadersMiddleware(req, res, () =>
    files(req, res, () => {
      // Not a static file: a page, an endpoint or a 404, rendered by SvelteKit (which may set
      // its own). Never immutable, even under an immutable path: a chunk missing after a deploy
      // must not be remembered as missing for a year.
      res.setHeader('Cache-Control', REVALIDATE);
      compressRendered(req, res, () =>
        handler(req, res, () => {
          res.statusCode = 404;
          res.end('Not found');
        })
      );
    })
  );
}

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
