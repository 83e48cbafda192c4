/** `POST /api/classes`: opens a class on a stored run (see class-routes.ts). */
import { json, type RequestHandler } from '@sveltejs/kit';
import { createClass } from '$lib/server/class-routes';
import { classLimiter } from '$lib/server/class-app';
import { classStore } from '$lib/server/store';

export const POST: RequestHandler = async ({ request, getClientAddress, url }) => {
  const answer = await createClass({
    contentType: request.headers.get('content-type'),
    readText: () => request.text(),
    client: getClientAddress(),
    origin: url.origin,
    limiter: classLimiter,
    store: classStore
  });
  return json(answer.body, { status: answer.status, headers: answer.headers });
};
