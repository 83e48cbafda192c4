import { describe, expect, it } from 'vitest';
import { ModelStream } from './model-stream.svelte';

const result = (completionTokens: number, estimated: boolean) => ({
  text: 'x',
  finishReason: 'stop' as const,
  modelId: 'm',
  usage: { promptTokens: 1, completionTokens, estimated }
});

describe('ModelStream', () => {
  it('shows the text as it streams and the rate from the clock', () => {
    let now = 1_000;
    const stream = new ModelStream(() => now);
    stream.begin();
    expect(stream.active).toBe(true);
    now += 500;
    stream.token('def ');
    now += 500;
    stream.token('f():');
    expect(stream.text).toBe('def f():');
    expect(stream.pieces).toBe(2);
    expect(stream.rate).toBe(2); // 2 pieces in 1 s
    now += 1_000;
    stream.end({ result: result(40, false) });
    expect(stream.active).toBe(false);
    expect(stream.last).toEqual({ tokens: 40, estimated: false, seconds: 2, tokensPerSecond: 20 });
  });

  it('says how long the server asked to wait, until the reply comes', async () => {
    const { OpenAICompatibleModel } = await import('$lib/runtimes/model/openai');
    const { StreamingModel } = await import('$lib/runtimes/model/streaming');
    const stream = new ModelStream();
    const seen: (number | null)[] = [];
    let calls = 0;
    const inner = new OpenAICompatibleModel({
      baseUrl: 'http://server.test/v1',
      model: 'm',
      fetch: async () =>
        ++calls === 1
          ? new Response('{"error":{"message":"Slow down"}}', {
              status: 429,
              headers: { 'content-type': 'application/json', 'retry-after': '3' }
            })
          : new Response(
              '{"choices":[{"index":0,"message":{"content":"ok"},"finish_reason":"stop"}]}',
              { status: 200, headers: { 'content-type': 'application/json' } }
            ),
      retry: { sleep: async () => void seen.push(stream.waiting) }
    });
    const model = new StreamingModel(inner, stream);
    const reply = await model.complete({
      messages: [{ role: 'user', content: 'hi' }],
      temperature: 0,
      maxTokens: 64
    });
    expect(reply.text).toBe('ok');
    expect(seen).toEqual([3]);
    expect(stream.waiting).toBe(null);
  });

  it('counts streamed pieces when the server sent no token counts', () => {
    let now = 0;
    const stream = new ModelStream(() => now);
    stream.begin();
    for (let i = 0; i < 10; i++) stream.token('a');
    now = 2_000;
    stream.end({ result: result(3, true) });
    expect(stream.last).toMatchObject({ tokens: 10, estimated: true, tokensPerSecond: 5 });
  });

  it('a stop is not a failure; a failure is explained; a load failure too', () => {
    const stream = new ModelStream(() => 0);
    stream.begin();
    stream.end({ error: new DOMException('stopped', 'AbortError') });
    expect(stream.error).toBeNull();
    stream.begin();
    const aborted = new Error('The run was stopped.');
    aborted.name = 'RunAbortedError';
    stream.end({ error: aborted });
    expect(stream.error).toBeNull();
    stream.begin();
    stream.end({ error: 'ShaderF16SupportError: needs f16' });
    expect(stream.error?.action).toBe('switch-to-f32');
    stream.loading = { phase: 'download', fraction: 0.5, elapsed: 1, text: '' };
    stream.fail(new TypeError('Failed to fetch'));
    expect(stream.loading).toBeNull();
    expect(stream.error?.title).toBe('The download was interrupted');
    stream.reset();
    expect([stream.error, stream.last, stream.text]).toEqual([null, null, '']);
  });
});
