/**
 * The WebLLM adapter against a fake engine with WebLLM's call shapes (no inference is
 * possible here): streaming, usage, interrupt on abort, and the worker's string rejections.
 */
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '$lib/core/run/effects';
import { explainModelError } from './errors';
import { WebLLMEngines } from './model-for-run';
import type { WebLLMModelRecord } from './self-hosted';
import { asError, WebLLMModel, type EngineLike } from './webllm';

const request: ChatRequest = {
  messages: [{ role: 'user', content: 'Write f.' }],
  temperature: 0,
  maxTokens: 128,
  seed: 3
};

function engine(
  pieces: string[],
  options: { reject?: unknown; gate?: Promise<void> } = {}
): EngineLike & { sent: Record<string, unknown>[]; interrupted: number } {
  const fake = {
    sent: [] as Record<string, unknown>[],
    interrupted: 0,
    interruptGenerate() {
      fake.interrupted++;
    },
    unload: async () => {},
    chat: {
      completions: {
        async create(body: Record<string, unknown>) {
          fake.sent.push(body);
          if (options.reject !== undefined) throw options.reject;
          if (!body.stream) {
            return {
              choices: [{ message: { content: pieces.join('') }, finish_reason: 'length' }],
              usage: { prompt_tokens: 9, completion_tokens: 4 }
            };
          }
          return (async function* () {
            for (const p of pieces) {
              if (fake.interrupted) break;
              yield { choices: [{ delta: { content: p }, finish_reason: null }] };
              await options.gate;
            }
            yield { choices: [{ delta: {}, finish_reason: fake.interrupted ? 'abort' : 'stop' }] };
            yield { choices: [], usage: { prompt_tokens: 9, completion_tokens: pieces.length } };
          })();
        }
      }
    }
  };
  return fake;
}

describe('WebLLMModel', () => {
  it('streams pieces and takes the engine’s token counts', async () => {
    const e = engine(['def ', 'f():', ' pass']);
    const tokens: string[] = [];
    const result = await new WebLLMModel('m', e).complete(request, {
      onToken: (t) => tokens.push(t)
    });
    expect(tokens).toEqual(['def ', 'f():', ' pass']);
    expect(result).toEqual({
      text: 'def f(): pass',
      finishReason: 'stop',
      modelId: 'm',
      usage: { promptTokens: 9, completionTokens: 3, estimated: false }
    });
    expect(e.sent[0]).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 128,
      seed: 3
    });
  });

  it('does not stream n > 1 (WebLLM refuses to), and answers with one JSON reply', async () => {
    const e = engine(['ab']);
    const result = await new WebLLMModel('m', e).complete(
      { ...request, n: 2 },
      { onToken: () => {} }
    );
    expect(e.sent[0].stream).toBe(false);
    expect(result.finishReason).toBe('length');
  });

  it('interrupts generation on abort and rejects with an AbortError, not a partial reply', async () => {
    let release!: () => void;
    const e = engine(['a', 'b', 'c'], { gate: new Promise<void>((r) => (release = r)) });
    const controller = new AbortController();
    const call = new WebLLMModel('m', e).complete(request, {
      signal: controller.signal,
      onToken: () => controller.abort()
    });
    release();
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(e.interrupted).toBe(1);
  });

  it('turns the worker’s string rejections into Errors that are still explained', async () => {
    const e = engine([], { reject: 'ShaderF16SupportError: This model requires shader-f16' });
    const error = await new WebLLMModel('m', e).complete(request).catch((x: unknown) => x);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'ShaderF16SupportError' });
    expect(explainModelError(error).action).toBe('switch-to-f32');

    const plain = asError('Something odd happened in the worker');
    expect(plain).toMatchObject({
      name: 'WebLLMWorkerError',
      message: 'Something odd happened in the worker'
    });
    expect(asError({ message: 'object' }).message).toBe('object');
  });
});

describe('WebLLMEngines', () => {
  it('loads a model once, reloads for another, and forgets a failed load', async () => {
    const loads: string[] = [];
    const disposed: string[] = [];
    let fail = true;
    const engines = new WebLLMEngines(async (id) => {
      loads.push(id);
      if (id === 'broken' && fail) throw new Error('Failed to fetch');
      return { model: new WebLLMModel(id, engine([])), dispose: () => disposed.push(id) };
    });
    const a = await engines.model('a');
    expect(await engines.model('a')).toBe(a);
    await engines.model('b');
    await expect(engines.model('broken')).rejects.toThrow('Failed to fetch');
    fail = false;
    await engines.model('broken');
    expect(loads).toEqual(['a', 'b', 'broken', 'broken']);
    await new Promise((r) => setTimeout(r, 0));
    expect(disposed).toEqual(['a', 'b']);
  });

  it('keeps an engine for the next page, whose stream hears the rest of the load', async () => {
    const loads: string[] = [];
    let finish = () => {};
    let report: ((fraction: number) => void) | undefined;
    const engines = new WebLLMEngines(async (id, options) => {
      loads.push(id);
      report = (fraction) =>
        options.onProgress?.({ phase: 'download', fraction, elapsed: 0, text: '' });
      await new Promise<void>((resolve) => (finish = resolve));
      return { model: new WebLLMModel(id, engine([])), dispose: () => {} };
    });
    const heardByFirst: number[] = [];
    const heardBySecond: number[] = [];
    const first = engines.model('a', { onProgress: (p) => heardByFirst.push(p.fraction) });
    report?.(0.25);
    // The next lesson asks for the same model while it loads: no second load.
    const second = engines.model('a', { onProgress: (p) => heardBySecond.push(p.fraction) });
    report?.(0.75);
    finish();
    expect(await second).toBe(await first);
    expect(loads).toEqual(['a']);
    expect(heardByFirst).toEqual([0.25]);
    expect(heardBySecond).toEqual([0.75]);
  });

  it('loads again for the same id from another self-hosted record', async () => {
    const loads: string[] = [];
    const engines = new WebLLMEngines(async (id, options) => {
      loads.push(`${id}@${options.record?.model ?? 'prebuilt'}`);
      return { model: new WebLLMModel(id, engine([])), dispose: () => {} };
    });
    const record: WebLLMModelRecord = {
      model_id: 'a',
      model: 'https://models.test/a',
      model_lib: 'https://models.test/a.wasm'
    };
    await engines.model('a');
    await engines.model('a', { record });
    await engines.model('a', { record });
    expect(loads).toEqual(['a@prebuilt', 'a@https://models.test/a']);
  });
});
