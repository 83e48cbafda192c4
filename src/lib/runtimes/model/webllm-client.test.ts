/**
 * The page's client and the worker's host, joined by an in-memory channel that copies every
 * message (`structuredClone`) and delivers it later, as postMessage does. The engine is a
 * fake with WebLLM's call shapes: no inference is possible here.
 */
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '$lib/core/run/effects';
import { explainModelError } from './errors';
import { WebLLMModel } from './webllm';
import { WorkerEngine, type WorkerPort } from './webllm-client';
import { WebLLMHost, type AppConfigLike, type HostEngine } from './webllm-host';
import type { FromWorker } from './webllm-protocol';
import type { ProgressReport } from './progress';

const request: ChatRequest = {
  messages: [{ role: 'user', content: 'Write f.' }],
  temperature: 0,
  maxTokens: 64
};
const record = {
  model: 'https://models.school.example/qwen/resolve/main/',
  model_id: 'Mine',
  model_lib: 'https://models.school.example/qwen.wasm'
};

/** A fake MLCEngine: `reload` reports progress, chat streams `pieces` until interrupted. */
function fakeEngine(
  config: { appConfig: AppConfigLike; initProgressCallback: (r: ProgressReport) => void },
  pieces: string[],
  log: string[],
  fail?: unknown
): HostEngine {
  let interrupted = false;
  return {
    async reload(modelId) {
      log.push(`reload ${modelId} (${config.appConfig.model_list.length} records)`);
      config.initProgressCallback({ progress: 0.5, timeElapsed: 1, text: 'Fetching' });
      if (fail !== undefined) throw fail;
    },
    interruptGenerate() {
      interrupted = true;
    },
    async unload() {
      log.push('unload');
    },
    chat: {
      completions: {
        async create(body) {
          interrupted = false;
          if (!body.stream) return { choices: [{ message: { content: pieces.join('') } }] };
          return (async function* () {
            for (const content of pieces) {
              if (interrupted) break;
              yield { choices: [{ delta: { content } }] };
              await new Promise((r) => setTimeout(r, 5));
            }
            yield { choices: [{ delta: {}, finish_reason: interrupted ? 'abort' : 'stop' }] };
          })();
        }
      }
    }
  };
}

/** A client and a host talking through copied, delayed messages. */
function connect(options: { pieces?: string[]; fail?: unknown } = {}) {
  const log: string[] = [];
  const deleted: { modelId: string; ids: unknown[] }[] = [];
  const listeners: ((event: { data: FromWorker }) => void)[] = [];
  const host = new WebLLMHost(
    {
      createEngine: (config) => fakeEngine(config, options.pieces ?? [], log, options.fail),
      prebuilt: { model_list: [{ model_id: 'Prebuilt' }] },
      async deleteModel(modelId, appConfig) {
        deleted.push({
          modelId,
          ids: appConfig.model_list.map((m) => (m as { model_id: string }).model_id)
        });
      }
    },
    (message) => {
      const copy = structuredClone(message);
      setTimeout(() => listeners.forEach((l) => l({ data: copy })), 0);
    }
  );
  const port: WorkerPort = {
    postMessage: (message) => {
      const copy = structuredClone(message);
      setTimeout(() => void host.handle(copy), 0);
    },
    addEventListener: (_type, listener) => listeners.push(listener)
  };
  return { engine: new WorkerEngine(port), log, deleted };
}

describe('WebLLM through its worker', () => {
  it('loads with progress, putting a teacher’s record before the prebuilt list', async () => {
    const { engine, log } = connect();
    const reports: ProgressReport[] = [];
    await engine.load('Mine', record, (r) => reports.push(r));
    expect(reports).toEqual([{ progress: 0.5, timeElapsed: 1, text: 'Fetching' }]);
    expect(log).toEqual(['reload Mine (2 records)']);
  });

  it('streams a completion piece by piece, and answers one that does not stream', async () => {
    const { engine } = connect({ pieces: ['def ', 'f(): ', 'pass'] });
    await engine.load('Prebuilt', undefined, () => {});
    const model = new WebLLMModel('Prebuilt', engine);
    const tokens: string[] = [];
    const streamed = await model.complete(request, { onToken: (t) => tokens.push(t) });
    expect(tokens).toEqual(['def ', 'f(): ', 'pass']);
    expect(streamed).toMatchObject({ text: 'def f(): pass', finishReason: 'stop' });
    const whole = await model.complete({ ...request, n: 2 });
    expect(whole.text).toBe('def f(): pass');
  });

  it('interrupts the worker’s generation when the call is aborted', async () => {
    const { engine } = connect({ pieces: Array.from({ length: 200 }, (_, i) => `${i} `) });
    await engine.load('Prebuilt', undefined, () => {});
    const controller = new AbortController();
    const tokens: string[] = [];
    const call = new WebLLMModel('Prebuilt', engine).complete(request, {
      signal: controller.signal,
      onToken: (t) => {
        tokens.push(t);
        if (tokens.length === 2) controller.abort();
      }
    });
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    // the worker stopped long before its 200 pieces (a few were already on their way)
    await new Promise((r) => setTimeout(r, 50));
    expect(tokens.length).toBeLessThan(20);
  });

  it('keeps the name of an error thrown in the worker, so it is still explained', async () => {
    const { engine } = connect({
      fail: 'ShaderF16SupportError: This model requires WebGPU extension shader-f16'
    });
    const error = await engine.load('Prebuilt', undefined, () => {}).catch((x: unknown) => x);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'ShaderF16SupportError' });
    expect(explainModelError(error).action).toBe('switch-to-f32');
    await expect(engine.chat.completions.create({ messages: [], stream: false })).rejects.toThrow(
      'No model is loaded in the model worker.'
    );
  });

  it('deletes a stored model with WebLLM’s helper, knowing a teacher’s record', async () => {
    const { engine, deleted } = connect();
    await engine.deleteModel('Mine', record);
    await engine.deleteModel('Prebuilt');
    expect(deleted).toEqual([
      { modelId: 'Mine', ids: ['Mine', 'Prebuilt'] },
      { modelId: 'Prebuilt', ids: ['Prebuilt'] }
    ]);
  });

  it('fails every request in flight, and every later one, when the worker dies', async () => {
    const { engine } = connect();
    const loading = engine.load('Prebuilt', undefined, () => {});
    engine.fail(new Error('The model worker failed to start: out of memory'));
    await expect(loading).rejects.toThrow('out of memory');
    await expect(engine.unload()).rejects.toThrow('out of memory');
  });
});
