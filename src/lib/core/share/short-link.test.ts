import { describe, expect, it } from 'vitest';
import { requestShortLink } from './short-link';

const answer =
  (status: number, body: unknown): typeof fetch =>
  async () =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });

describe('requestShortLink', () => {
  it('posts the payload as JSON and answers the short link at the step', async () => {
    let sent: RequestInit | undefined;
    const fetcher: typeof fetch = async (_url, init) => {
      sent = init;
      return new Response(
        JSON.stringify({ id: 'abcdefghijkl', url: 'http://x.test/r/abcdefghijkl' }),
        {
          status: 201
        }
      );
    };
    expect(await requestShortLink('PAYLOAD', 7, fetcher)).toEqual({
      ok: true,
      url: 'http://x.test/r/abcdefghijkl?step=7'
    });
    expect(sent?.method).toBe('POST');
    expect(JSON.parse(String(sent?.body))).toEqual({ run: 'PAYLOAD' });
  });

  it("passes the server's sentence on when it refuses", async () => {
    const result = await requestShortLink('p', 0, answer(503, { message: 'The store is down.' }));
    expect(result).toEqual({ ok: false, message: 'The store is down.' });
  });

  it('says the server makes no short links when there is no API', async () => {
    const result = await requestShortLink('p', 0, answer(404, '<html>Not found</html>'));
    expect(result).toEqual({ ok: false, message: 'This server does not make short links.' });
  });

  it('refuses an answer that is not a short link of ours', async () => {
    const result = await requestShortLink('p', 0, answer(201, { url: 'javascript:alert(1)' }));
    expect(result.ok).toBe(false);
  });

  it('says so when the network fails', async () => {
    const result = await requestShortLink('p', 0, async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(result).toEqual({
      ok: false,
      message: 'The server could not be reached to make a short link.'
    });
  });
});
