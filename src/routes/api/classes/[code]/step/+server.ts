/** `POST /api/classes/<code>/step`: the teacher moves the class (see class-routes.ts). */
import { json, type RequestHandler } from '@sveltejs/kit';
import { TEACHER_TOKEN_HEADER } from '$lib/core/share/class-session';
import { moveClass } from '$lib/server/class-routes';
import { classHub } from '$lib/server/class-app';
import { classStore } from '$lib/server/store';

export const POST: RequestHandler = async ({ request, params }) => {
  const answer = await moveClass({
    code: params.code ?? '',
    token: request.headers.get(TEACHER_TOKEN_HEADER),
    contentType: request.headers.get('content-type'),
    readText: () => request.text(),
    store: classStore,
    hub: classHub
  });
  return json(answer.body, { status: answer.status, headers: answer.headers });
};
