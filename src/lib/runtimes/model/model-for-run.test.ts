/**
 * A live endpoint model in a run, end to end in Node: the self-debugging lesson answered by a
 * real HTTP server streaming the lesson's replies, the real Pyodide sandbox, the Player's Stop
 * in the middle of a streamed reply, and Resume. The server's replies are the input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effectsOf, runTechnique } from '$lib/core/run/context';
import type { RunEvent } from '$lib/core/run/events';
import { LOG_VERSION } from '$lib/core/run/events';
import { RunSchema, type Run } from '$lib/core/run/run';
import { outcomeAt } from '$lib/core/views/timeline';
import { selfDebug, selfDebugParams } from '$lib/core/techniques/self-debug';
import { Player } from '$lib/state/player.svelte';
import { ModelStream } from '$lib/state/model-stream.svelte';
import { loadSelfDebuggingLesson } from '$lib/testing/self-debugging-lesson';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';
import { startFakeEndpoint, type FakeEndpoint } from '../../testing/fake-endpoint';
import { createModel, keyFor } from './model-for-run';
import { StreamingModel } from './streaming';

const lesson = loadSelfDebuggingLesson();
let server: FakeEndpoint;
let slow: FakeEndpoint;
let sandbox: Sandbox;

beforeAll(async () => {
  [server, slow, sandbox] = await Promise.all([
    startFakeEndpoint({ replies: lesson.walkthrough.responses }),
    startFakeEndpoint({ replies: lesson.walkthrough.responses, pieceDelayMs: 15 }),
    sharedPythonSandbox()
  ]);
});
afterAll(async () => {
  await Promise.all([server?.close(), slow?.close()]);
});

const spec = (origin: string) =>
  ({
    kind: 'endpoint',
    id: 'replies',
    label: 'replies — test endpoint',
    baseUrl: `${origin}/v1`
  }) as const;

/** A log without its timings, which differ between live runs. */
const untimed = (events: readonly RunEvent[]) =>
  events.map((e) =>
    e.kind === 'note'
      ? { ...e, t: 0 }
      : e.kind === 'execute'
        ? { ...e, t: 0, dur: 0, result: { ...e.result, durationMs: 0 } }
        : { ...e, t: 0, dur: 0 }
  );

async function until(condition: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('an endpoint model in a run', () => {
  it('sends the key only to the endpoint it was configured for', () => {
    const mine = { baseUrl: 'http://localhost:8000', apiKey: 'k1' };
    expect(keyFor('http://localhost:8000/v1', mine)).toBe('k1');
    expect(keyFor('https://someone-else.example/v1', mine)).toBeUndefined();
    expect(keyFor('http://localhost:8000/v1', { ...mine, apiKey: '' })).toBeUndefined();
    expect(keyFor('http://localhost:8000/v1', null)).toBeUndefined();
  });

  it('solves the self-debugging lesson through the server, streaming every reply', async () => {
    const stream = new ModelStream();
    const pieces: string[] = [];
    const model = new StreamingModel(await createModel(spec(server.origin), {}), {
      begin: () => stream.begin(),
      token: (p) => (pieces.push(p), stream.token(p)),
      end: (o) => stream.end(o)
    });
    const params = selfDebugParams.parse({ ...lesson.meta.params, temperature: 0.3 });
    // The server is the file's: only this run's requests count, whichever test ran first.
    const earlier = server.received.length;
    const record = await runTechnique(selfDebug, lesson.problem, params, {
      runtimes: { model, sandbox },
      seed: 1
    });
    expect(record.error).toBeUndefined();
    expect(outcomeAt(record.events)?.status).toBe('solved');
    const calls = effectsOf(record.events).filter((e) => e.kind === 'model');
    expect(calls.map((c) => c.result.text)).toEqual(
      lesson.walkthrough.responses.slice(0, calls.length)
    );
    expect(calls[0].result.usage.estimated).toBe(false);
    expect(calls[0].result.modelId).toBe('served-model');
    // The text arrived in many pieces, and the request carried the learner's temperature.
    expect(pieces.join('')).toBe(calls.map((c) => c.result.text).join(''));
    expect(pieces.length).toBeGreaterThan(calls.length * 10);
    const sent = server.received.slice(earlier).filter((r) => r.url === '/v1/chat/completions');
    expect(sent[0].body).toMatchObject({ model: 'replies', temperature: 0.3, stream: true });
    expect(stream.last?.tokens).toBe(calls.at(-1)!.result.usage.completionTokens);
    expect(stream.error).toBeNull();
  });

  it('Stop mid-reply keeps only finished effects; Resume finishes with the same log', async () => {
    const stream = new ModelStream();
    const player = new Player(async () => ({
      model: new StreamingModel(await createModel(spec(slow.origin), {}), stream),
      sandbox
    }));
    const run: Run = {
      version: LOG_VERSION,
      technique: 'self-debug',
      params: lesson.meta.params,
      problem: lesson.problem,
      model: spec(slow.origin),
      seed: 1,
      events: []
    };
    const started = player.start(run);
    player.toEnd();
    // Let the first reply and its execution finish, then stop in the middle of the second.
    await until(
      () => player.events.some((e) => e.kind === 'execute') && stream.active && stream.pieces > 3,
      'the second reply to stream'
    );
    const partial = stream.text;
    player.stop();
    await started;
    expect(player.stopped).toBe(true);
    expect(player.live).toBe(false);
    const kept = player.events;
    expect(effectsOf(kept).map((e) => e.kind)).toEqual(['model', 'execute']);
    expect(JSON.stringify(kept)).not.toContain(partial);
    expect(outcomeAt(kept)).toBeNull();
    expect(RunSchema.safeParse(player.run).success).toBe(true);
    expect(stream.error).toBeNull(); // a stop is not a failure

    const resumed = player.resume();
    player.toEnd();
    await resumed;
    await until(() => !player.live, 'the resumed run to finish');
    expect(player.stopped).toBe(false);
    expect(outcomeAt(player.events)?.status).toBe('solved');
    // The first two effects come from the stopped log unchanged, timings included.
    expect(player.events.slice(0, kept.length)).toEqual(kept);

    const straight = await runTechnique(
      selfDebug,
      lesson.problem,
      selfDebugParams.parse(lesson.meta.params),
      { runtimes: { model: await createModel(spec(server.origin), {}), sandbox }, seed: 1 }
    );
    expect(untimed(player.events)).toEqual(untimed(straight.events));
    player.dispose();
  });

  it('a failing endpoint is explained with what to do', async () => {
    const stream = new ModelStream();
    const model = new StreamingModel(
      await createModel({ ...spec(server.origin), id: 'server-error' }, {}),
      stream
    );
    await expect(
      model.complete({ messages: [{ role: 'user', content: 'hi' }], temperature: 0, maxTokens: 64 })
    ).rejects.toThrow(/500/);
    expect(stream.active).toBe(false);
    expect(stream.error).toMatchObject({
      title: 'The model server failed',
      action: 'check-endpoint'
    });
  });
});
