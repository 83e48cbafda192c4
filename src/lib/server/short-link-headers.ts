/**
 * Cache headers for a short link's data (`/r/<id>/__data.json`, what a client-side navigation
 * to a short link fetches), so a browser, or a CDN in front of the server, keeps it instead of
 * asking again: a class that opens one link then costs the server one read, not thirty.
 *
 * Only when the answer is the page's own data and nothing else. Kit's data request names the
 * nodes it wants (`x-sveltekit-invalidated`, one 0 or 1 per layout and page: a navigation
 * inside the app sends `01`); when it asks for the root layout too (a first fetch, or no
 * parameter at all), the answer carries the learner's theme from a cookie and the lessons of
 * this deploy, which must not be shared or kept, and Kit's own `private, no-store` stays.
 *
 * The page's data is the run stored under the id (immutable: the id is its content's hash) and
 * the `step` of the address, which is part of the URL a cache keys by. It is still kept for an
 * hour rather than a year: the data's shape belongs to this deploy's page code, and a new
 * deploy must not be handed an old one for long. The ETag names the id, the step and the
 * deploy (`version`), so a revalidation after a deploy never matches, and Kit answers a
 * matching `If-None-Match` with 304 and no body.
 */
import { createHash } from 'node:crypto';

/** How long a short link's data may be kept by browsers and shared caches. */
export const SHORT_LINK_DATA_CACHE = 'public, max-age=3600';

/** Kit's query parameter that names the data nodes a data request asks for. */
const INVALIDATED = 'x-sveltekit-invalidated';

/**
 * The `Cache-Control` and `ETag` for a short link's data request, or null when the response
 * must not be kept (it carries the root layout's per-learner data).
 * @param requestUrl the request's own URL (`event.request.url`: Kit's `event.url` drops the
 *   parameter)
 */
export function shortLinkDataHeaders(
  requestUrl: string,
  id: string,
  step: string | null,
  version: string
): { 'cache-control': string; etag: string } | null {
  const nodes = new URL(requestUrl).searchParams.get(INVALIDATED);
  // `0…1`: the root layout skipped, the page's node asked for
  if (nodes === null || !/^0[01]*1$/.test(nodes)) return null;
  const tag = createHash('sha256')
    .update(`${version}\n${nodes}\n${step === null ? 'no step' : `step=${step}`}`)
    .digest('base64url')
    .slice(0, 12);
  return { 'cache-control': SHORT_LINK_DATA_CACHE, etag: `"${id}-${tag}"` };
}
