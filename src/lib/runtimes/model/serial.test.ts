import { describe, expect, it } from 'vitest';
import type { ChatRequest, ChatResult, LanguageModel } from '$lib/core/run/effects';
import { CallQueue, SerialModel } from './serial';
import { WebLLMEngines } from './model-for-run';
import type { WebLLMModel } from './webllm';
import { liveModels } from '$lib/state/live-models';
import { ModelStream } from '$lib/state/model-stream.svelte';

/** A model that answers after `ms`, counting how many of its calls run at once. */
class SlowModel implements LanguageModel {
  readonly id = 'slow';
  running = 0;
  most = 0;
  started: string[] = [];
  constructor(private readonly ms: number) {}
  async complete(request: ChatRequest): Promise<ChatResult> {
    const text = String(request.messages.at(-1)?.content);
    this.started.push(text);
    this.running++;
    this.most = Math.max(this.most, this.running);
    await new Promise((resolve) => setTimeout(resolve, this.ms));
    this.running--;
    return {
      text,
      finishReason: 'stop',
      usage: { promptTokens: 1, completionTokens: 1, estimated: false }
    } as ChatResult;
  }
}

const ask = (text: string): ChatRequest =>
  ({ messages: [{ role: 'user', content: text }] }) as ChatRequest;

describe('SerialModel', () => {
  it('runs calls through one queue one at a time, in order', async () => {
    const inner = new SlowModel(20);
    const queue = new CallQueue();
    const [a, b] = [new SerialModel(inner, queue), new SerialModel(inner, queue)];
    const replies = await Promise.all([
      a.complete(ask('1')),
      b.complete(ask('2')),
      a.complete(ask('3'))
    ]);
    expect(replies.map((r) => r.text)).toEqual(['1', '2', '3']);
    expect(inner.started).toEqual(['1', '2', '3']);
    expect(inner.most).toBe(1);
  });

  it('a call stopped while it waits leaves the queue and never reaches the model', async () => {
    const inner = new SlowModel(40);
    const queue = new CallQueue();
    const model = new SerialModel(inner, queue);
    const stop = new AbortController();
    const first = model.complete(ask('first'));
    const waiting = model.complete(ask('stopped'), { signal: stop.signal });
    const third = model.complete(ask('third'));
    stop.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    expect((await first).text).toBe('first');
    expect((await third).text).toBe('third');
    expect(inner.started).toEqual(['first', 'third']);
    expect(inner.most).toBe(1); // the third still waited for the first
    const already = new AbortController();
    already.abort();
    await expect(model.complete(ask('late'), { signal: already.signal })).rejects.toMatchObject({
      name: 'AbortError'
    });
    expect((await model.complete(ask('after'))).text).toBe('after');
  });
});

describe("the page's live models", () => {
  it('two panes calling the in-browser model take turns, each streaming into its own pane', async () => {
    const inner = new SlowModel(20);
    const engines = new WebLLMEngines(async () => ({
      model: inner as unknown as WebLLMModel,
      dispose: () => undefined
    }));
    const queue = new CallQueue();
    const streams = [new ModelStream(), new ModelStream()];
    const spec = { kind: 'webllm', id: 'Qwen2.5-Coder-0.5B', label: 'Qwen' } as const;
    const [left, right] = await Promise.all(
      streams.map((stream) =>
        liveModels({
          settings: () => null,
          stream,
          engines: () => engines,
          queue: () => queue
        })(spec)
      )
    );
    const calls = Promise.all([left.complete(ask('left')), right.complete(ask('right'))]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    // The left call has the engine; the right one waits and its pane shows nothing yet.
    expect([streams[0].active, streams[1].active]).toEqual([true, false]);
    await calls;
    expect(inner.most).toBe(1);
    expect(streams.map((s) => s.last !== null)).toEqual([true, true]);
  });
});
