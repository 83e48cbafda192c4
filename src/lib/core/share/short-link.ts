/**
 * Asks this app's server for a short link (`POST /api/runs`) to a run whose permalink payload
 * is already made. A server without a store, a static host with no API, a database that is
 * down or a network that fails all end the same way: one sentence, and the caller keeps the
 * long link, which works without any server.
 */

/** A short link at a step, or why there is none. */
export type ShortLinkResult = { ok: true; url: string } | { ok: false; message: string };

/** How long the dialog waits for the server before it settles for the long link. */
export const SHORT_LINK_TIMEOUT_MS = 8_000;

const UNAVAILABLE = 'This server does not make short links.';

/**
 * Posts `payload` (the permalink's `run=` value) and answers the short link opened at `step`.
 * Never throws. `fetcher` is injectable for tests.
 */
export async function requestShortLink(
  payload: string,
  step: number,
  fetcher: typeof fetch = fetch
): Promise<ShortLinkResult> {
  let response: Response;
  try {
    response = await fetcher('/api/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ run: payload }),
      signal: AbortSignal.timeout(SHORT_LINK_TIMEOUT_MS)
    });
  } catch (error) {
    return {
      ok: false,
      message:
        (error as Error).name === 'TimeoutError'
          ? 'The server took too long to make a short link.'
          : 'The server could not be reached to make a short link.'
    };
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // a static host's 404 page, a proxy's error: not our API
  }
  const { url, message } = (typeof body === 'object' && body ? body : {}) as {
    url?: unknown;
    message?: unknown;
  };
  if (response.ok && typeof url === 'string' && /^https?:\/\/[^\s]+\/r\/[a-z2-7]+$/.test(url)) {
    return { ok: true, url: `${url}?step=${step}` };
  }
  if (response.status === 404 || typeof message !== 'string')
    return { ok: false, message: UNAVAILABLE };
  return { ok: false, message };
}
