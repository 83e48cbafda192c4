/** `POST /api/classes/<code>/end`: the teacher ends the class (see class-routes.ts). */
import { json, type RequestHandler } from '@sveltejs/kit';
import { TEACHER_TOKEN_HEADER } from '$lib/core/share/class-session';
import { endClass } from '$lib/server/class-routes';
import { classHub } from '$lib/server/class-app';
import { classStore } from '$lib/server/store';

export const POST: RequestHandler = async ({ request, params }) => {
  const answer = await endClass({
    code: params.code ?? '',
    token: request.headers.get(TEACHER_TOKEN_HEADER),
    store: classStore,
    hub: classHub
  });
  return json(answer.body, { status: answer.status, headers: answer.headers });
};
