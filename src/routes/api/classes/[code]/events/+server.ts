/**
 * `GET /api/classes/<code>/events`: the class's Server-Sent Events (see class-events.ts).
 * `?role=teacher` is the teacher's own stream: not counted as a follower, and it carries the
 * follower count. It is no secret: it reveals only that count. A student's page sends
 * `?follower=<its random id>`, so its reconnects count as one follower.
 */
import type { RequestHandler } from '@sveltejs/kit';
import { normalizeClassCode } from '$lib/core/share/class-session';
import { classEventStream } from '$lib/server/class-events';
import { classHub, streamCounter } from '$lib/server/class-app';
import { classStore } from '$lib/server/store';

export const GET: RequestHandler = async ({ params, url }) => {
  const code = normalizeClassCode(params.code ?? '');
  if (!code) {
    return new Response('There is no class with this code.', {
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8' }
    });
  }
  const role = url.searchParams.get('role') === 'teacher' ? 'teacher' : 'student';
  return classEventStream(
    code,
    role,
    { store: classStore, hub: classHub, counter: streamCounter },
    url.searchParams.get('follower')
  );
};
