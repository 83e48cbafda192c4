/**
 * Issue 21: hostile endpoints, each over a real local HTTP server (src/lib/testing/
 * hostile-endpoint.ts). Every call must end, with a plain sentence or with what was received
 * marked as cut off; none may hang, read without bound, or blame the wrong thing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatResultSchema, type ChatRequest } from '$lib/core/run/effects';
import { startHostileEndpoint, type HostileEndpoint } from '../../testing/hostile-endpoint';
import { explainModelError } from './errors';
import type { ModelCallLimits } from './limits';
import { OpenAICompatibleModel } from './openai';

const request: ChatRequest = {
  messages: [{ role: 'user', content: 'Write f.' }],
  temperature: 0,
  maxTokens: 64
};
const MB = 1024 * 1024;

let server: HostileEndpoint;
beforeAll(async () => {
  server = await startHostileEndpoint();
});
afterAll(async () => {
  await server.close();
});

const model = (name: string, limits: Partial<ModelCallLimits> = {}) =>
  new OpenAICompatibleModel({ baseUrl: server.origin, model: name, limits });

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to reject, and it resolved');
}

/** Both ways a call goes: streamed to a page, or one reply (as `solve` asks). */
const ways = [
  {
    way: 'streamed',
    call: (m: OpenAICompatibleModel) => m.complete(request, { onToken: () => {} })
  },
  { way: 'not streamed', call: (m: OpenAICompatibleModel) => m.complete(request) }
];

describe('a 50 MB reply line', () => {
  for (const { way, call } of ways) {
    it(`ends the call with a sentence after reading about 1 MB (${way})`, async () => {
      const before = server.sent.get('huge-line') ?? 0;
      const heapBefore = process.memoryUsage().heapUsed;
      const error = await rejection(call(model('huge-line')));
      expect(error.name).toBe('ReplyTooLargeError');
      expect(error.message).toMatch(/^The reply was larger than 1 MB in a single line;/);
      const explained = explainModelError(error);
      expect(explained.title).toBe('The reply was too large');
      expect(explained.action).toBe('check-endpoint');
      // The client hung up: the server did not get to send the line (sockets buffer a few MB).
      await server.closed('huge-line');
      expect((server.sent.get('huge-line') ?? 0) - before).toBeLessThan(16 * MB);
      // Memory stays bounded: nothing near the line's 50 MB (the issue saw 2.4 GB) is kept.
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(40 * MB);
    });
  }

  it('caps a JSON reply by bytes as well', async () => {
    const error = await rejection(model('huge-json', { minReplyBytes: 2 * MB }).complete(request));
    expect(error.name).toBe('ReplyTooLargeError');
    expect(error.message).toBe(
      'The reply was larger than 2 MB, more than a reply of at most 64 tokens can take; the ' +
        'call was stopped and nothing of it was used.'
    );
    expect(server.sent.get('huge-json') ?? 0).toBeLessThan(16 * MB);
  });
});

describe('an endless stream', () => {
  for (const { way, call } of ways) {
    it(`stops at the token cap and keeps what came, marked cut off (${way})`, async () => {
      const tokens: string[] = [];
      const m = model('endless');
      const result =
        way === 'streamed'
          ? await m.complete(request, { onToken: (t) => tokens.push(t) })
          : await call(m);
      expect(result.finishReason).toBe('length');
      // 64 tokens: at most 2 events a token (and a few more) or 16 characters a token.
      expect(result.text.length).toBeGreaterThan(0);
      expect(result.text.length).toBeLessThanOrEqual(64 * 16);
      expect(result.text).toMatch(/^(tok )+$/);
      if (way === 'streamed') expect(tokens.join('')).toBe(result.text);
      expect(ChatResultSchema.parse(result)).toEqual(result);
      await server.closed('endless');
    });
  }
});

describe('time limits', () => {
  it('a server that accepts and never answers: the first-byte limit ends the call', async () => {
    for (const { call } of ways) {
      const error = await rejection(call(model('silent', { firstByteTimeoutMs: 200 })));
      expect(error.name).toBe('ModelTimeoutError');
      expect(error.message).toBe(
        'The endpoint did not start answering within 0.2 seconds, so the call was stopped.'
      );
      expect(explainModelError(error).title).toBe('The endpoint did not answer in time');
    }
    await server.closed('silent');
  });

  it('a stream that stalls: the idle limit ends the call, the partial reply unused', async () => {
    const tokens: string[] = [];
    const error = await rejection(
      model('stall', { idleTimeoutMs: 200 }).complete(request, { onToken: (t) => tokens.push(t) })
    );
    expect(tokens).toEqual(['def f(']);
    expect(error.name).toBe('ModelTimeoutError');
    expect(error.message).toBe(
      'The reply stalled: nothing arrived for 0.2 seconds after 6 characters, so the call was ' +
        'stopped and the partial reply was not used.'
    );
    expect(explainModelError(error).title).toBe('The reply stalled');
    await server.closed('stall');
  });

  it('a call that goes on too long: the per-call limit ends it', async () => {
    const error = await rejection(
      model('huge-line-slow', { callTimeoutMs: 300 }).complete(request, { onToken: () => {} })
    );
    expect(error.name).toBe('ModelTimeoutError');
    expect(error.message).toBe(
      'The model call took longer than 0.3 seconds, the limit per call, so it was stopped.'
    );
    expect(explainModelError(error).title).toBe('The model call took too long');
  });

  it('a stop still wins over a limit, and reads as a stop', async () => {
    const controller = new AbortController();
    const call = model('silent', { firstByteTimeoutMs: 60_000 }).complete(request, {
      signal: controller.signal
    });
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(call);
    expect(error.name).toBe('AbortError');
    expect(explainModelError(error).title).toBe('Stopped');
  });
});

describe('misleading answers', () => {
  for (const { way, call } of ways) {
    it(`a 200 web page says so, and points at /v1 (${way})`, async () => {
      const error = await rejection(call(model('html')));
      expect(error.name).toBe('EndpointWebPageError');
      expect(error.message).toBe(
        `The server at ${server.origin}/v1/chat/completions answered with a web page ` +
          '(“Welcome to nginx!”), not the API.'
      );
      const explained = explainModelError(error);
      expect(explained.title).toBe('The endpoint answered with a web page');
      expect(explained.message).toContain('usually ends in /v1');
      expect(explained.message).not.toMatch(/cut off/);
    });
  }

  // Waits of up to a minute are honoured (openai-retry.test.ts); once the tries are used up,
  // or with one try as here, the error says how long the server asked to wait.
  const once = (name: string) =>
    new OpenAICompatibleModel({ baseUrl: server.origin, model: name, retry: { attempts: 1 } });

  it('429 with Retry-After in seconds says how long to wait', async () => {
    const error = await rejection(once('retry-after-seconds').complete(request));
    expect(error).toMatchObject({ name: 'EndpointHttpError', status: 429, retryAfterSeconds: 30 });
    expect(error.message).toContain('(retry after 30 seconds)');
    const explained = explainModelError(error);
    expect(explained.message).toContain('Wait 30 seconds (the time it asks for) and try again');
    expect(explained.message).not.toContain('Wait a minute');
  });

  it('429 with Retry-After as an HTTP date says how long to wait', async () => {
    const error = await rejection(
      once('retry-after-date').complete(request, { onToken: () => {} })
    );
    expect(error).toMatchObject({ name: 'EndpointHttpError', status: 429 });
    expect(explainModelError(error).message).toContain(
      'Wait about 5 minutes (the time it asks for)'
    );
  });
});
