/** `POST /api/runs`: stores a shared run and answers its short link (see short-links.ts). */
import { json, type RequestHandler } from '@sveltejs/kit';
import { createShortLink } from '$lib/server/short-links';
import { rateLimiter } from '$lib/server/rate-limit';
import { runStore } from '$lib/server/store';

/** 30 links a minute per client address, kept in this instance's memory. */
const limiter = rateLimiter(30, 60_000);

export const POST: RequestHandler = async ({ request, getClientAddress, url }) => {
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
