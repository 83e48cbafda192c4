/**
 * `GET /api/runs/<id>`: a short link's stored run, as JSON (exactly the payload `POST
 * /api/runs` stored: the permalink's versioned run, validated and re-serialized), answered the
 * same way by two paths:
 * - the Kit endpoint `src/routes/api/runs/[id]/+server.ts` (`npm run dev`, and `node build`
 *   while the store is not open);
 * - the production server's fast path (`runReadFastPath`, mounted by `node-server.js`), which
 *   answers before SvelteKit once the store has opened: a Kit request costs about as much as a
 *   whole read (adapter-node's Node↔Web conversion, routing, devalue: docs/benchmarks.md),
 *   and a read is what a class does thirty times at once.
 *
 * The two meet on a process-wide symbol, `Symbol.for('acl.runReader')`: the Kit side (the
 * store's `index.ts`, inside Kit's bundle) registers a plain reader there when its database
 * opens (`registerRunReader`), and this module, imported by `build/index.js` outside the
 * bundle, finds it (`Symbol.for` is the same symbol in every module of the process, which a
 * module-level variable would not be: the bundle has its own copy of this file). No reader yet
 * (the store not open, or never reachable) → the request goes on to Kit, which says why.
 *
 * A run's id is its content's hash, so the answer at an address never changes: a 200 may be
 * kept for a year (`immutable`) and its ETag is the id; a matching `If-None-Match` gets 304.
 * A 404 or 503 is never kept (the run may be stored a moment later, the store may come back).
 * Plain JavaScript: `svelte.config.js` copies it to `build/` beside `node-server.js`.
 */
import { IMMUTABLE } from './cache-headers.js';

/** The process-wide key of the reader (documented in the header). */
export const RUN_READER = Symbol.for('acl.runReader');

/** What an id looks like: 12 characters of lower-case base32 (`run-store.ts` makes them). */
export const ID_PATTERN = /^[a-z2-7]{12}$/;

/** Said (404) for an id that is malformed or not stored; the page `/r/<id>` says it too. */
export const NOT_FOUND =
  'There is no shared run at this address: the link may have been mistyped or cut.';
/** Said (503) when the store cannot be reached. */
export const NO_STORE =
  'Short links cannot be opened on this server right now. Ask for the long link, which works without it.';

/** @typedef {(id: string) => Promise<string | null>} RunReader */
/** @typedef {{ status: number, headers: Record<string, string>, body: string }} RunReadAnswer */

/**
 * Makes `read` the process's run reader (the store calls this when its database opens).
 * @param {RunReader} read
 */
export function registerRunReader(read) {
  /** @type {Record<symbol, unknown>} */ (globalThis)[RUN_READER] = read;
}

/** The registered reader, or undefined before the store has opened. */
export function registeredRunReader() {
  const read = /** @type {Record<symbol, unknown>} */ (globalThis)[RUN_READER];
  return typeof read === 'function' ? /** @type {RunReader} */ (read) : undefined;
}

/** @param {string} body */
const jsonHeaders = (body) => ({
  'content-type': 'application/json',
  'content-length': String(Buffer.byteLength(body))
});

/**
 * @param {number} status
 * @param {string} message
 * @returns {RunReadAnswer}
 */
function say(status, message) {
  const body = JSON.stringify({ message });
  return { status, headers: { ...jsonHeaders(body), 'cache-control': 'no-store' }, body };
}

/**
 * True when an `If-None-Match` header names `etag` (or is `*`); weak tags match too, as a
 * GET's comparison is weak (RFC 9110, 13.1.2).
 * @param {string | null | undefined} header
 * @param {string} etag
 */
function matches(header, etag) {
  if (!header) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

/**
 * The answer to `GET /api/runs/<id>`, whichever path serves it. Never throws.
 * @param {string} rawId the path's segment, decoded (an id is case-insensitive)
 * @param {RunReader} read the store's `get` (may reject: the store is down)
 * @param {string | null | undefined} ifNoneMatch the request's `If-None-Match`
 * @returns {Promise<RunReadAnswer>}
 */
export async function runReadAnswer(rawId, read, ifNoneMatch) {
  const id = rawId.toLowerCase();
  if (!ID_PATTERN.test(id)) return say(404, NOT_FOUND);
  const etag = `"${id}"`;
  const cache = { 'cache-control': IMMUTABLE, etag };
  // The id is the content's hash: a matching tag needs no read at all.
  if (matches(ifNoneMatch, etag)) return { status: 304, headers: cache, body: '' };
  /** @type {string | null} */
  let run;
  try {
    run = await read(id);
  } catch {
    return say(503, NO_STORE);
  }
  if (run === null) return say(404, NOT_FOUND);
  return { status: 200, headers: { ...jsonHeaders(run), ...cache }, body: run };
}

/** The id in a fast-path address: `/api/runs/<id>` exactly, any query; anything else is Kit's. */
const FAST_PATH = /^\/api\/runs\/([A-Za-z2-7]{12})(?:\?|$)/;

/**
 * Connect-style middleware: answers `GET /api/runs/<id>` itself once a reader is registered,
 * else passes the request on. It answers only addresses whose id has an id's shape (anything
 * else, percent-encoded or not, goes to Kit, which answers the same sentences), and only GET
 * (HEAD goes to Kit, which answers it from its GET handler).
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {() => void} next
 */
export function runReadFastPath(req, res, next) {
  const read = req.method === 'GET' ? registeredRunReader() : undefined;
  const id = read && FAST_PATH.exec(req.url ?? '')?.[1];
  if (!read || !id) return next();
  runReadAnswer(id, read, req.headers['if-none-match']).then(({ status, headers, body }) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.statusCode = status;
    res.end(body);
  });
}
