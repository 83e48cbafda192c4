/** `POST /api/runs`: stores a shared run and answers its short link (see short-links.ts). */
import { json, type RequestHandler } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { createShortLink } from '$lib/server/short-links';
import { linksPerMinute, rateLimiter, type RateLimiter } from '$lib/server/rate-limit';
import { runStore } from '$lib/server/store';

/**
 * 30 links a minute per client address (`RATE_LIMIT_PER_MINUTE` changes it, for a
 * benchmark), kept in this instance's memory; made on the first request, when the server's
 * environment is certainly read.
 */
let limiter: RateLimiter | null = null;

export const POST: RequestHandler = async ({ request, getClientAddress, url }) => {
  limiter ??= rateLimiter(linksPerMinute(env.RATE_LIMIT_PER_MINUTE), 60_000);
  const answer = await createShortLink({
    contentType: request.headers.get('content-type'),
    contentLength: request.headers.get('content-length'),
    readText: () => request.text(),
    client: getClientAddress(),
    origin: url.origin,
    limiter,
    store: runStore
  });
  return json(answer.body, { status: answer.status, headers: answer.headers });
};
