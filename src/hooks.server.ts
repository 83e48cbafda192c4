/**
 * Two things every rendered page needs from the request:
 *
 * - The page policy per route: Kit sends every rendered page the same CSP (kit.csp, from
 *   `pageDirectives`), whose `connect-src` reaches any http(s) origin because a learner's
 *   model endpoint can be anywhere. Only the pages that may call a model keep it; every other
 *   page is narrowed to `connect-src 'self'`, so nothing on it (a shared run, a program's
 *   output) can make the page send data elsewhere.
 * - The learner's theme (the `acl-theme` cookie, see $lib/theme) on `<html data-theme>` in
 *   the HTML itself, so the first paint has it: no flash, and no inline script for the CSP.
 */
import type { Handle, ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { callsModels } from '$lib/model-pages';
import { narrowPageCsp } from '$lib/server/security-headers.js';
import { THEME_COOKIE, hasThemePlaceholder, parseTheme, withTheme } from '$lib/theme';
import { runStore } from '$lib/server/store';

/**
 * Opens the short links' store (and runs its migrations) as the server starts, without
 * waiting for it: creating PGlite's database takes seconds, which the first Share must not
 * spend. Not while building (prerendering creates a server too). A failure is logged by
 * runStore and retried by the first request that needs the store.
 */
export const init: ServerInit = () => {
  if (!building) runStore().catch(() => undefined);
};

export const handle: Handle = async ({ event, resolve }) => {
  const theme = parseTheme(event.cookies.get(THEME_COOKIE));
  event.locals.theme = theme;
  let placed = false;
  const response = await resolve(event, {
    // Only the chunk with the <html> tag: later chunks are the page's content, left alone.
    transformPageChunk: ({ html }) => {
      if (placed || !hasThemePlaceholder(html)) return html;
      placed = true;
      return withTheme(html, theme);
    }
  });
  const csp = response.headers.get('content-security-policy');
  if (csp && !callsModels(event.url.pathname)) {
    response.headers.set('content-security-policy', narrowPageCsp(csp));
  }
  // The page differs by the theme cookie: a shared cache must not give one learner's to another.
  if (response.headers.get('content-type')?.startsWith('text/html')) {
    response.headers.append('vary', 'Cookie');
  }
  return response;
};
