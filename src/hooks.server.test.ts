/** The hook's theme: the cookie's choice on <html>, in the first chunk only, and Vary. */
import { describe, expect, it } from 'vitest';
import { handle } from './hooks.server';

type Event = Parameters<typeof handle>[0]['event'];
type Resolve = Parameters<typeof handle>[0]['resolve'];

/** The page as the hook sends it, in `chunks` (Kit streams a page), with `cookie` set. */
async function render(cookie: string | undefined, chunks: string[]) {
  const locals = {} as App.Locals;
  const event = {
    url: new URL('http://127.0.0.1/'),
    cookies: { get: (name: string) => (name === 'acl-theme' ? cookie : undefined) },
    locals
  } as unknown as Event;
  const resolve: Resolve = async (_event, options) => {
    const out: string[] = [];
    for (const [i, html] of chunks.entries()) {
      out.push(
        (await options?.transformPageChunk?.({ html, done: i === chunks.length - 1 })) ?? html
      );
    }
    return new Response(out.join(''), { headers: { 'content-type': 'text/html' } });
  };
  const response = await handle({ event, resolve });
  return { html: await response.text(), vary: response.headers.get('vary'), locals };
}

const head = '<!doctype html>\n<html lang="en" data-theme="%acl.theme%">\n<head>';

describe('the theme in the server’s HTML', () => {
  it('writes the cookie’s theme on <html>, and hands it to the layout', async () => {
    const page = await render('dark', [head, '<body>…</body></html>']);
    expect(page.html).toContain('<html lang="en" data-theme="dark">');
    expect(page.locals.theme).toBe('dark');
    expect(page.vary).toMatch(/cookie/i);
  });

  it('writes no attribute for the system theme or a value it does not know', async () => {
    for (const cookie of [undefined, 'system', '"><script>x</script>']) {
      const page = await render(cookie, [head]);
      expect(page.html).toContain('<html lang="en">\n');
      expect(page.locals.theme).toBeNull();
    }
  });

  it('leaves the page’s content alone, even where it repeats the placeholder', async () => {
    const content = '<pre> data-theme="%acl.theme%"</pre>';
    const page = await render('light', [head, content]);
    expect(page.html).toContain('data-theme="light"');
    expect(page.html.endsWith(content)).toBe(true);
  });
});
