/**
 * What a call does when the server asks it to wait (429/503 with `retry-after-ms` or
 * `Retry-After`), refuses `stream_options`, or wants `max_completion_tokens`: a scripted
 * fetch answers, and records every request the model sent.
 */
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '$lib/core/run/effects';
import { explainModelError } from './errors';
import { OpenAICompatibleModel } from './openai';

const request: ChatRequest = {
  messages: [{ role: 'user', content: 'Write f.' }],
  temperature: 0,
  maxTokens: 64
};

const reply = (text: string) =>
  new Response(
    JSON.stringify({
      model: 'm',
      choices: [{ index: 0, message: { content: text }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 }
    }),
    { status: 200, headers: { 'content-type': 'application/json' } }
  );

const failure = (status: number, message: string, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ error: { message } }), {
    status,
    headers: { 'content-type': 'application/json', ...headers }
  });

const stream = (text: string) =>
  new Response(
    `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: text } }] })}\n\n` +
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n` +
      'data: [DONE]\n\n',
    { status: 200, headers: { 'content-type': 'text/event-stream' } }
  );

/** A model whose server answers with `answers` in turn; its requests and waits are kept. */
function scripted(answers: (() => Response)[], more: { baseUrl?: string } = {}) {
  const bodies: Record<string, unknown>[] = [];
  const waits: number[] = [];
  const model = new OpenAICompatibleModel({
    baseUrl: more.baseUrl ?? 'http://server.test/v1',
    model: 'm',
    fetch: async (_url, init) => {
      bodies.push(JSON.parse(String(init?.body)));
      const next = answers.shift();
      if (!next) throw new Error('no more answers');
      return next();
    },
    retry: { sleep: async (ms) => void waits.push(ms) }
  });
  return { model, bodies, waits };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to reject');
}

describe('a server that asks to wait', () => {
  it('waits the retry-after-ms it gives, then asks again', async () => {
    const { model, bodies, waits } = scripted([
      () => failure(429, 'Rate limit reached', { 'retry-after-ms': '1500' }),
      () => reply('ok')
    ]);
    const result = await model.complete(request);
    expect(result.text).toBe('ok');
    expect(waits).toEqual([1500]);
    expect(bodies).toHaveLength(2);
  });

  it('waits Retry-After seconds on a 503, also when streaming', async () => {
    const { model, waits } = scripted([
      () => failure(503, 'Loading the model', { 'retry-after': '2' }),
      () => stream('hi')
    ]);
    const tokens: string[] = [];
    const result = await model.complete(request, { onToken: (t) => tokens.push(t) });
    expect(result.text).toBe('hi');
    expect(tokens).toEqual(['hi']);
    expect(waits).toEqual([2000]);
  });

  it('gives up after four tries, and the error still says how long to wait', async () => {
    const { model, bodies, waits } = scripted(
      Array.from({ length: 5 }, () => () => failure(429, 'Slow down', { 'retry-after': '1' }))
    );
    const error = await rejection(model.complete(request));
    expect(bodies).toHaveLength(4);
    expect(waits).toEqual([1000, 1000, 1000]);
    expect(explainModelError(error).message).toContain('Wait 1 second');
  });

  it('does not wait on a 429 without a wait, or on a wait past a minute', async () => {
    const none = scripted([() => failure(429, 'Slow down'), () => reply('late')]);
    await rejection(none.model.complete(request));
    expect(none.bodies).toHaveLength(1);
    const long = scripted([
      () => failure(429, 'Slow down', { 'retry-after': '3600' }),
      () => reply('late')
    ]);
    await rejection(long.model.complete(request));
    expect(long.bodies).toHaveLength(1);
    expect(long.waits).toEqual([]);
  });

  it('does not retry other errors (a 500)', async () => {
    const { model, bodies } = scripted([
      () => failure(500, 'Boom', { 'retry-after': '1' }),
      () => reply('late')
    ]);
    await rejection(model.complete(request));
    expect(bodies).toHaveLength(1);
  });

  it('a wait is cut short by Stop', async () => {
    const controller = new AbortController();
    const model = new OpenAICompatibleModel({
      baseUrl: 'http://server.test/v1',
      model: 'm',
      fetch: async () => failure(429, 'Slow down', { 'retry-after': '30' })
    });
    const call = rejection(model.complete(request, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    const started = Date.now();
    const error = await call;
    expect((error as Error).name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('a server that refuses stream_options', () => {
  it('is asked again without it, and never again with it', async () => {
    const baseUrl = 'http://old-server.test/v1';
    const { model, bodies } = scripted(
      [
        () => failure(400, 'Unrecognized request argument supplied: stream_options'),
        () => stream('one'),
        () => stream('two')
      ],
      { baseUrl }
    );
    const first = await model.complete(request, { onToken: () => {} });
    expect(first.text).toBe('one');
    expect(first.usage.estimated).toBe(true);
    expect(bodies[0].stream_options).toEqual({ include_usage: true });
    expect(bodies[1].stream_options).toBeUndefined();
    await model.complete(request, { onToken: () => {} });
    expect(bodies[2].stream_options).toBeUndefined();
    // Another model object for the same server remembers too (a new run makes a new one).
    const again = scripted([() => stream('three')], { baseUrl });
    await again.model.complete(request, { onToken: () => {} });
    expect(again.bodies[0].stream_options).toBeUndefined();
  });

  it('keeps other 400s as they are', async () => {
    const { model, bodies } = scripted(
      [() => failure(400, 'messages: too long'), () => stream('never')],
      { baseUrl: 'http://strict.test/v1' }
    );
    await rejection(model.complete(request, { onToken: () => {} }));
    expect(bodies).toHaveLength(1);
  });
});

describe('max_completion_tokens', () => {
  it('is sent instead of max_tokens when set', async () => {
    const bodies: Record<string, unknown>[] = [];
    const model = new OpenAICompatibleModel({
      baseUrl: 'http://server.test/v1',
      model: 'm',
      tokenField: 'max_completion_tokens',
      fetch: async (_url, init) => {
        bodies.push(JSON.parse(String(init?.body)));
        return reply('ok');
      }
    });
    await model.complete(request);
    expect(bodies[0].max_completion_tokens).toBe(64);
    expect(bodies[0]).not.toHaveProperty('max_tokens');
  });

  it('a server that requires it gets a sentence naming the setting', async () => {
    const { model } = scripted([
      () =>
        failure(
          400,
          "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead."
        )
    ]);
    const explained = explainModelError(await rejection(model.complete(request)));
    expect(explained.title).toBe('This model wants max_completion_tokens');
    expect(explained.message).toContain('Send max_completion_tokens');
    expect(explained.action).toBe('check-endpoint');
  });
});
