/**
 * `GET /api/runs/<id>`: a short link's stored run as JSON (see `run-read.js`, which holds the
 * answer; `node build` answers the same request before Kit once the store is open).
 */
import type { RequestHandler } from '@sveltejs/kit';
import { runReadAnswer } from '$lib/server/run-read.js';
import { runStore } from '$lib/server/store';

export const GET: RequestHandler = async ({ params, request }) => {
  const answer = await runReadAnswer(
    params.id ?? '',
    async (id) => (await runStore()).get(id),
    request.headers.get('if-none-match')
  );
  return new Response(answer.status === 304 ? null : answer.body, answer);
};
