/**
 * A sandbox whose runtime is still loading (the browser's Python, loading in the background):
 * the run waits for it before the effect's clock starts, so the logged duration is the
 * program's own, and an abort while waiting ends the run without a trace of the effect.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { effectsOf, runTechnique } from './context';
import type { ExecRequest, ExecResult, Sandbox } from './effects';
import type { Technique } from './technique';
import type { Problem } from '../problems/problem';

const problem = {
  id: 'p',
  title: 'p',
  prompt: 'def f(x):\n    """x"""\n',
  entryPoint: 'f',
  visibleTests: [],
  hiddenTests: []
} as unknown as Problem;

const request: ExecRequest = {
  language: 'python',
  code: 'def f(x):\n    return x\n',
  entryPoint: 'f',
  tests: [],
  timeoutMs: 1000,
  suite: 'visible'
};

const once: Technique<Record<string, never>> = {
  id: 'once',
  title: 'once',
  citation: { authors: '', title: '', venue: '', year: 2024, url: '' },
  params: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  async run(_problem, _params, ctx) {
    await ctx.execute(request, 'run the program');
  }
};

/** A clock moved by hand, and a sandbox that loads for `loadMs` and runs for `runMs`. */
function loadingSandbox(loadMs: number, runMs: number) {
  let clock = 0;
  let release = () => {};
  const loaded = new Promise<void>((resolve) => (release = resolve));
  const calls: string[] = [];
  const sandbox: Sandbox = {
    language: 'python',
    async prepare() {
      calls.push('prepare');
      await loaded;
    },
    async execute(): Promise<ExecResult> {
      calls.push('execute');
      clock += runMs;
      return { status: 'ok', tests: [], error: null, stdout: '', stderr: '', durationMs: runMs };
    }
  };
  return {
    sandbox,
    calls,
    now: () => clock,
    finishLoading() {
      clock += loadMs;
      release();
    }
  };
}

describe('an execution that waits for its runtime to load', () => {
  it('logs the program’s time, not the time spent waiting for the runtime', async () => {
    const fake = loadingSandbox(9_000, 40);
    const running = runTechnique(
      once,
      problem,
      {},
      {
        runtimes: { sandbox: fake.sandbox },
        seed: 1,
        now: fake.now
      }
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fake.calls).toEqual(['prepare']); // nothing runs before the runtime is up
    fake.finishLoading();
    const run = await running;
    expect(run.error).toBeUndefined();
    expect(fake.calls).toEqual(['prepare', 'execute']);
    const [effect] = effectsOf(run.events);
    expect(effect.kind).toBe('execute');
    expect(effect.dur).toBe(40);
  });

  it('ends without logging the effect when aborted while waiting', async () => {
    const fake = loadingSandbox(9_000, 40);
    const abort = new AbortController();
    const running = runTechnique(
      once,
      problem,
      {},
      {
        runtimes: { sandbox: fake.sandbox },
        seed: 1,
        now: fake.now,
        signal: abort.signal
      }
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    abort.abort();
    const run = await running;
    expect(run.aborted).toBe(true);
    expect(fake.calls).toEqual(['prepare']);
    expect(effectsOf(run.events)).toEqual([]);
  });
});
