/**
 * The page policy per route: Kit sends every rendered page the same CSP (kit.csp, from
 * `pageDirectives`), whose `connect-src` reaches any http(s) origin because a learner's model
 * endpoint can be anywhere. Only the pages that may call a model keep it; every other page is
 * narrowed to `connect-src 'self'`, so nothing on it (a shared run, a program's output) can
 * make the page send data elsewhere.
 */
import type { Handle } from '@sveltejs/kit';
import { callsModels } from '$lib/model-pages';
import { narrowPageCsp } from '$lib/server/security-headers.js';

export const handle: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  const csp = response.headers.get('content-security-policy');
  if (csp && !callsModels(event.url.pathname)) {
    response.headers.set('content-security-policy', narrowPageCsp(csp));
  }
  return response;
};
