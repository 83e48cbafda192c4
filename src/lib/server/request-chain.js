/**
 * What `node build` does with each request, in order (`node-server.js` serves it; a test
 * mounts it around a stand-in for SvelteKit's handler): the security headers; a static file,
 * precompressed, with its cache header; else compression of what is rendered, the short
 * links' read path (`run-read.js`), and SvelteKit. Plain JavaScript: `svelte.config.js`
 * copies it to `build/`.
 */
import compression from 'compression';
import sirv from 'sirv';
import { constants } from 'node:zlib';
import { cacheControlFor, REVALIDATE } from './cache-headers.js';
import { runReadFastPath } from './run-read.js';
import { securityHeadersMiddleware } from './security-headers.js';

/** @typedef {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next: () => void) => void} Middleware */

/**
 * Rendered pages and JSON only: static files are already compressed, and an event stream must
 * reach the browser as it is written, not when a compressor's buffer fills.
 */
// `compression` is typed for Express but uses only Node's own request and response objects.
const compressRendered = /** @type {Middleware} */ (
  /** @type {unknown} */ (
    compression({
      filter: (_req, res) =>
        /^(text\/html|application\/json)\b/.test(String(res.getHeader('Content-Type'))),
      brotli: { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }
    })
  )
);

/**
 * The server's request listener.
 * @param {Middleware} kit SvelteKit's handler (adapter-node's `handler.js`)
 * @param {string} client the directory of the static files (`build/client`)
 * @returns {import('node:http').RequestListener}
 */
export function requestListener(kit, client) {
  const files = sirv(client, {
    dev: false,
    etag: true,
    gzip: true,
    brotli: true,
    setHeaders: (res, pathname) => res.setHeader('Cache-Control', cacheControlFor(pathname))
  });
  return (req, res) =>
    securityHeadersMiddleware(req, res, () =>
      files(req, res, () => {
        // Not a static file: a page, an endpoint or a 404, rendered by SvelteKit (which may set
        // its own). Never immutable, even under an immutable path: a chunk missing after a
        // deploy must not be remembered as missing for a year.
        res.setHeader('Cache-Control', REVALIDATE);
        compressRendered(req, res, () =>
          runReadFastPath(req, res, () =>
            kit(req, res, () => {
              res.statusCode = 404;
              res.end('Not found');
            })
          )
        );
      })
    );
}
