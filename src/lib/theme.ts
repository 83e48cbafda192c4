/**
 * The learner's theme choice, kept in a cookie so the server can put it on `<html data-theme>`
 * in the first paint (hooks.server.ts): no flash of the wrong theme, and no inline script, so
 * the hash-mode CSP stays as it is. "system" is no cookie at all. Only the two values below
 * are ever written into a page, whatever the cookie holds.
 */

/** A theme chosen by the learner; the system theme is `null`. */
export type ChosenTheme = 'light' | 'dark';

export const THEME_COOKIE = 'acl-theme';

/** Where app.html's `<html>` tag takes the theme: `data-theme="%acl.theme%"`. */
const PLACEHOLDER = ' data-theme="%acl.theme%"';

/** A year, in seconds: the choice outlives a school term. */
const MAX_AGE = 365 * 24 * 60 * 60;

/** The theme a stored value names, or null for anything else (absent, "system", garbage). */
export function parseTheme(value: string | null | undefined): ChosenTheme | null {
  return value === 'light' || value === 'dark' ? value : null;
}

/**
 * The theme in a `document.cookie` string: the choice, null for a cookie that names none, or
 * undefined when there is no theme cookie (nothing chosen since the cookie came in).
 */
export function themeInCookies(cookies: string): ChosenTheme | null | undefined {
  for (const pair of cookies.split(';')) {
    const [name, ...value] = pair.trim().split('=');
    if (name === THEME_COOKIE) return parseTheme(value.join('='));
  }
  return undefined;
}

/** A `document.cookie` assignment that keeps `theme` for a year, or forgets it (system). */
export function themeCookie(theme: ChosenTheme | null, secure: boolean): string {
  const attributes = `; Path=/; SameSite=Lax${secure ? '; Secure' : ''}`;
  return theme
    ? `${THEME_COOKIE}=${theme}; Max-Age=${MAX_AGE}${attributes}`
    : `${THEME_COOKIE}=; Max-Age=0${attributes}`;
}

/**
 * The page with app.html's placeholder replaced: `data-theme` for a chosen theme, no
 * attribute for the system one. Only the first occurrence, which is the `<html>` tag's.
 */
export function withTheme(html: string, theme: ChosenTheme | null): string {
  return html.replace(PLACEHOLDER, theme ? ` data-theme="${theme}"` : '');
}

/** Whether `html` still holds the placeholder (the chunk of a page with the `<html>` tag). */
export function hasThemePlaceholder(html: string): boolean {
  return html.includes(PLACEHOLDER);
}
