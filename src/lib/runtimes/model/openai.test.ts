import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatRequestSchema, ChatResultSchema, type ChatRequest } from '$lib/core/run/effects';
import { explainModelError, isAbortError } from './errors';
import { startFakeEndpoint, type FakeEndpoint } from '../../testing/fake-endpoint';
import { listModels, OpenAICompatibleModel } from './openai';

const request: ChatRequest = {
  messages: [
    { role: 'system', content: 'You write Python.' },
    { role: 'user', content: 'Write f.' }
  ],
  temperature: 0.2,
  maxTokens: 256
};

let server: FakeEndpoint;
beforeAll(async () => {
  server = await startFakeEndpoint();
});
afterAll(async () => {
  await server.close();
});

const model = (name: string, extra: { apiKey?: string } = {}) =>
  new OpenAICompatibleModel({ baseUrl: server.origin, model: name, ...extra });

/** The rejection of a promise that must reject. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to reject, and it resolved');
}

describe('OpenAICompatibleModel over a real HTTP server', () => {
  it('asks for one JSON reply without onToken, mapping every request field', async () => {
    const full = { ...request, topP: 0.9, n: 2, seed: 7, stop: ['```\n', '</s>'] };
    expect(ChatRequestSchema.parse(full)).toEqual(full);
    const result = await model('json').complete(full);

    expect(result).toEqual({
      text: 'def f():\n    return 1',
      finishReason: 'length',
      modelId: 'served-model',
      usage: { promptTokens: 12, completionTokens: 9, estimated: false }
    });
    expect(ChatResultSchema.parse(result)).toEqual(result);
    const sent = server.received.at(-1)!;
    expect(sent.url).toBe('/v1/chat/completions');
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body).toEqual({
      model: 'json',
      messages: full.messages,
      temperature: 0.2,
      max_tokens: 256,
      top_p: 0.9,
      n: 2,
      seed: 7,
      stop: ['```\n', '</s>']
    });
  });

  it('returns every sample of an n > 1 call from completeChoices', async () => {
    const all = await model('json').completeChoices({ ...request, n: 2 });
    expect(all.choices).toEqual([
      { text: 'def f():\n    return 1', finishReason: 'length' },
      { text: 'second', finishReason: 'stop' }
    ]);
    expect(all.usage.completionTokens).toBe(9);
  });

  it('estimates usage (marked) when a JSON reply has none', async () => {
    const result = await model('json-no-usage').complete(request);
    expect(result.text).toBe('abcdefgh');
    expect(result.usage).toEqual({ promptTokens: 15, completionTokens: 2, estimated: true });
  });

  it('streams SSE split at awkward byte boundaries, with the usage chunk and [DONE]', async () => {
    const tokens: string[] = [];
    const result = await model('stream').complete(request, { onToken: (t) => tokens.push(t) });

    expect(tokens).toEqual(['déf f', '(): 🙂', ' ok']);
    expect(result).toEqual({
      text: 'déf f(): 🙂 ok',
      finishReason: 'stop',
      modelId: 'served-model',
      usage: { promptTokens: 17, completionTokens: 5, estimated: false }
    });
    const sent = server.received.at(-1)!;
    expect(sent.headers.accept).toBe('text/event-stream');
    expect(sent.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('reads CRLF-separated events the same way', async () => {
    const tokens: string[] = [];
    const result = await model('stream-crlf').complete(request, { onToken: (t) => tokens.push(t) });
    expect(result.text).toBe('déf f(): 🙂 ok');
    expect(tokens).toHaveLength(3);
  });

  it('estimates usage, marked estimated, when the stream has no usage chunk', async () => {
    const result = await model('stream-no-usage').complete(request, { onToken: () => {} });
    expect(result.text).toBe('déf f(): 🙂 ok');
    expect(result.usage.estimated).toBe(true);
    expect(result.usage.completionTokens).toBe(Math.ceil('déf f(): 🙂 ok'.length / 4));
  });

  it('rejects a stream cut mid-way (socket destroyed), never returning the partial text', async () => {
    const tokens: string[] = [];
    const error = await rejection(
      model('cut').complete(request, { onToken: (t) => tokens.push(t) })
    );
    expect(tokens).toEqual(['def f(', 'x):']);
    expect((error as Error).name).toBe('StreamInterruptedError');
    expect((error as Error).message).toMatch(/stopped after 9 characters/);
    const explained = explainModelError(error);
    expect(explained.title).toBe('The reply was cut off');
    expect(explained.message).toMatch(/partial reply was not used/);
  });

  it('rejects a stream that ends cleanly without a finish reason or [DONE]', async () => {
    const error = await rejection(model('cut-clean').complete(request, { onToken: () => {} }));
    expect((error as Error).name).toBe('StreamInterruptedError');
  });

  it('rejects when the server sends an error object mid-stream', async () => {
    const error = await rejection(
      model('error-mid-stream').complete(request, { onToken: () => {} })
    );
    expect((error as Error).name).toBe('EndpointResponseError');
    expect((error as Error).message).toMatch(/CUDA out of memory/);
  });

  it('aborts mid-stream: rejects with an AbortError and closes the connection', async () => {
    const controller = new AbortController();
    const tokens: string[] = [];
    const call = model('hang').complete(request, {
      signal: controller.signal,
      onToken: (t) => {
        tokens.push(t);
        controller.abort();
      }
    });
    const error = await rejection(call);
    expect(tokens).toEqual(['first']);
    expect(isAbortError(error)).toBe(true);
    await server.hangClosed; // the server saw the client hang up
    expect(explainModelError(error)).toEqual({
      title: 'Stopped',
      message: 'The model call was stopped before it finished.',
      action: null
    });
  });

  it('does not send anything when the signal is already aborted', async () => {
    const before = server.received.length;
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(model('json').complete(request, { signal: controller.signal }));
    expect(isAbortError(error)).toBe(true);
    expect(server.received.length).toBe(before);
  });

  it('maps HTTP 401 with an OpenAI error body to "check the key"', async () => {
    const error = await rejection(model('needs-key', { apiKey: 'wrong-key' }).complete(request));
    expect(server.received.at(-1)!.headers.authorization).toBe('Bearer wrong-key');
    expect(error).toMatchObject({ name: 'EndpointHttpError', status: 401 });
    const explained = explainModelError(error);
    expect(explained.action).toBe('check-endpoint');
    expect(explained.title).toBe('The endpoint refused the key');
    expect(explained.message).toContain('Incorrect API key provided');

    const ok = await model('needs-key', { apiKey: 'good-key' }).complete(request);
    expect(ok.text).toBe('hi');
  });

  it('maps HTTP 404 (unknown model) to "wrong address or model name"', async () => {
    const error = await rejection(model('no-such-model').complete(request));
    expect(error).toMatchObject({ name: 'EndpointHttpError', status: 404 });
    const explained = explainModelError(error);
    expect(explained.title).toBe('Wrong address or model name');
    expect(explained.message).toContain('`no-such-model` does not exist');
  });

  it('maps HTTP 500 to "the model server failed", also when streaming', async () => {
    const error = await rejection(model('server-error').complete(request, { onToken: () => {} }));
    expect(error).toMatchObject({ name: 'EndpointHttpError', status: 500 });
    const explained = explainModelError(error);
    expect(explained.title).toBe('The model server failed');
    expect(explained.message).toContain('The server had an error while processing your request.');
  });

  it('rejects a 200 web page instead of JSON, saying what came back', async () => {
    const error = await rejection(model('not-json').complete(request));
    expect((error as Error).name).toBe('EndpointWebPageError');
    expect((error as Error).message).toContain('answered with a web page (“Welcome to nginx!”)');
  });

  it('reports an endpoint nobody listens on as unreachable (CORS or down)', async () => {
    const port = await freePort();
    const dead = new OpenAICompatibleModel({ baseUrl: `http://127.0.0.1:${port}`, model: 'x' });
    const error = await rejection(dead.complete(request));
    expect((error as Error).name).toBe('EndpointNetworkError');
    const explained = explainModelError(error);
    expect(explained.action).toBe('check-endpoint');
    expect(explained.message).toMatch(/CORS/);
  });

  it('lists the models of the endpoint', async () => {
    expect(await model('json').listModels()).toEqual(['llama3.2:1b', 'qwen2.5-coder:1.5b']);
    expect(await listModels({ baseUrl: `${server.origin}/v1/` })).toEqual([
      'llama3.2:1b',
      'qwen2.5-coder:1.5b'
    ]);
    expect(server.received.at(-1)).toMatchObject({ method: 'GET', url: '/v1/models' });
  });
});

/** A port that was free a moment ago (a listener opened and closed). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
