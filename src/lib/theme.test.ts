import { describe, expect, it } from 'vitest';
import { parseTheme, themeCookie, themeInCookies, withTheme } from './theme';

const page = '<!doctype html>\n<html lang="en" data-theme="%acl.theme%">\n<head></head>';

describe('the theme cookie', () => {
  it('accepts only light and dark', () => {
    expect(parseTheme('dark')).toBe('dark');
    expect(parseTheme('light')).toBe('light');
    for (const other of ['system', 'Dark', '', '"><script>alert(1)</script>', undefined, null])
      expect(parseTheme(other)).toBeNull();
  });

  it('finds the choice among other cookies, and tells none from no cookie', () => {
    expect(themeInCookies('a=1; acl-theme=dark; b=2')).toBe('dark');
    expect(themeInCookies('acl-theme=blue')).toBeNull();
    expect(themeInCookies('acl-themes=dark; a=1')).toBeUndefined();
    expect(themeInCookies('')).toBeUndefined();
  });

  it('is kept a year, site-wide, and forgotten for the system theme', () => {
    expect(themeCookie('dark', false)).toBe(
      'acl-theme=dark; Max-Age=31536000; Path=/; SameSite=Lax'
    );
    expect(themeCookie('light', true)).toContain('; Secure');
    expect(themeCookie(null, false)).toBe('acl-theme=; Max-Age=0; Path=/; SameSite=Lax');
  });

  it('puts the theme on <html>, or no attribute for the system theme', () => {
    expect(withTheme(page, 'dark')).toContain('<html lang="en" data-theme="dark">');
    expect(withTheme(page, null)).toContain('<html lang="en">\n');
    // a page whose text repeats the placeholder is changed only in its <html> tag
    const twice = `${page}<p> data-theme="%acl.theme%"</p>`;
    expect(withTheme(twice, 'light')).toMatch(/data-theme="light">[\s\S]*%acl\.theme%/);
  });
});
