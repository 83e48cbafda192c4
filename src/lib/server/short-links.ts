/**
 * `POST /api/runs`, as a function of the request's parts, so it is tested without a server.
 *
 * The body is JSON `{ "run": "<payload>" }`, where the payload is exactly what a permalink
 * carries after `run=` (the run's JSON, deflate-raw, base64url). Why that and not the run's
 * JSON: the server then opens it with the permalink decoder itself (`decodeShareHash`), so a
 * short link and a long link pass the very same caps (hash length, deflate-bomb guard,
 * nesting depth), version check and schema; and a lesson's run is 3–5 KB this way instead of
 * tens of KB, far under adapter-node's default 512 KB body limit.
 *
 * What is stored is the validated run's canonical JSON (the schema's output, re-serialized),
 * so the same run gets the same id however it was compressed or its keys were ordered (the
 * schema is strict: a run with fields it does not know is refused, never stored).
 */
import { decodeShareHash, MAX_HASH_CHARS } from '$lib/core/share/permalink';
import type { RateLimiter } from './rate-limit';
import type { RunStore } from './store/run-store';

/** What the endpoint answers: a status, a JSON body, and headers. */
export interface ShortLinkResponse {
  status: number;
  body: { id: string; url: string } | { message: string };
  headers?: Record<string, string>;
}

/** The most characters a request body may have: a permalink's longest payload, and a margin. */
export const MAX_BODY_CHARS = MAX_HASH_CHARS + 1_000;

/** Said when the store cannot be reached; the Share dialog shows it beside the long link. */
export const NO_STORE =
  'Short links are not available on this server right now; the long link works without it.';

const say = (status: number, message: string, headers?: Record<string, string>) => ({
  status,
  body: { message },
  headers
});

/** Creates (or finds) the short link of the run in a request. Never throws. */
export async function createShortLink(request: {
  contentType: string | null;
  contentLength: string | null;
  readText: () => Promise<string>;
  client: string;
  origin: string;
  limiter: RateLimiter;
  store: () => Promise<RunStore>;
}): Promise<ShortLinkResponse> {
  const allowed = request.limiter.take(request.client);
  if (!allowed.ok) {
    const wait = allowed.retryAfterSeconds;
    return say(429, `Too many links from this address: try again in ${wait} s.`, {
      'retry-after': String(allowed.retryAfterSeconds)
    });
  }
  if (!/^application\/json\b/i.test(request.contentType ?? '')) {
    return say(415, 'Send the run as JSON: {"run": "<the permalink payload>"}.');
  }
  // The declared length first, so an oversized body is refused before it is read.
  if (Number(request.contentLength ?? 0) > MAX_BODY_CHARS) return say(413, tooLarge());
  let text: string;
  try {
    text = await request.readText();
  } catch (error) {
    // adapter-node refuses a body over BODY_SIZE_LIMIT (default 512 KB) with a 413 error
    if ((error as { status?: unknown }).status === 413) return say(413, tooLarge());
    return say(400, 'The request body could not be read.');
  }
  if (text.length > MAX_BODY_CHARS) return say(413, tooLarge());
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return say(400, 'The request body is not JSON.');
  }
  const payload =
    typeof body === 'object' && body !== null ? (body as { run?: unknown }).run : undefined;
  if (typeof payload !== 'string' || payload === '') {
    return say(400, 'The request has no run: send {"run": "<the permalink payload>"}.');
  }
  // `run=` alone, without `step=`: the step belongs to the short link's address, not the run.
  const decoded = await decodeShareHash(`run=${payload}`);
  if (!decoded.ok) {
    // The decoder's size refusals say "too large"; every other failure is a bad run.
    return say(decoded.message.includes('too large') ? 413 : 422, decoded.message);
  }
  let store: RunStore;
  try {
    store = await request.store();
  } catch {
    return say(503, NO_STORE);
  }
  try {
    const { id, created } = await store.put(JSON.stringify(decoded.run));
    return { status: created ? 201 : 200, body: { id, url: `${request.origin}/r/${id}` } };
  } catch (error) {
    console.error(`A run could not be stored: ${(error as Error).message}`);
    return say(503, NO_STORE);
  }
}

function tooLarge() {
  return 'The run is too large to store on this server.';
}
