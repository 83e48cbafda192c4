/**
 * Parallel effects: several programs in the worker pool at once. The log must not depend on
 * which one finishes first, and a stepping gate must let them through one by one.
 */
import { describe, expect, it } from 'vitest';
import { effectsOf, runTechnique } from './context';
import type {
  ChatRequest,
  ChatResult,
  ExecRequest,
  ExecResult,
  LanguageModel,
  Sandbox
} from './effects';
import { Gate } from './gate';
import type { Technique } from './technique';
import type { Problem } from '../problems/problem';
import { z } from 'zod';

const problem: Problem = {
  id: 'p',
  title: 'p',
  prompt: 'def f(x):\n    """x"""\n',
  entryPoint: 'f',
  visibleTests: [],
  hiddenTests: []
} as unknown as Problem;

/** Finishes program i after (n - i) ticks, so later programs finish first. */
function reversedSandbox(n: number): Sandbox {
  return {
    language: 'python',
    async execute(request: ExecRequest): Promise<ExecResult> {
      const i = Number(request.code.slice(1));
      for (let tick = 0; tick < (n - i) * 3; tick++) await Promise.resolve();
      return {
        status: 'ok',
        tests: [],
        error: null,
        stdout: request.code,
        stderr: '',
        durationMs: 0
      };
    }
  };
}

const program = (i: number): ExecRequest => ({
  language: 'python',
  code: `#${i}`,
  entryPoint: 'f',
  tests: [],
  timeoutMs: 1000,
  suite: 'visible'
});

function parallel(n: number): Technique<Record<string, never>> {
  return {
    id: 'parallel',
    title: 'parallel',
    citation: { authors: '', title: '', venue: '', year: 2024, url: '' },
    params: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
    async run(_problem, _params, ctx) {
      const results = await Promise.all(
        Array.from({ length: n }, (_, i) => ctx.execute(program(i), `program ${i}`))
      );
      ctx.emit({ type: 'feedback', turn: 1, text: results.map((r) => r.stdout).join(',') });
    }
  };
}

describe('parallel effects', () => {
  it('enter the log in the order they started, with unique positions', async () => {
    const run = await runTechnique(
      parallel(5),
      problem,
      {},
      {
        runtimes: { sandbox: reversedSandbox(5) },
        seed: 1
      }
    );
    expect(run.error).toBeUndefined();
    expect(run.events.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(effectsOf(run.events).map((e) => e.label)).toEqual([
      'program 0',
      'program 1',
      'program 2',
      'program 3',
      'program 4'
    ]);
    const last = run.events.at(-1);
    expect(last?.kind === 'note' && last.note.type === 'feedback' && last.note.text).toBe(
      '#0,#1,#2,#3,#4'
    );
  });

  it('replay strictly from a log recorded in parallel', async () => {
    const live = await runTechnique(
      parallel(4),
      problem,
      {},
      {
        runtimes: { sandbox: reversedSandbox(4) },
        seed: 1
      }
    );
    const replayed = await runTechnique(
      parallel(4),
      problem,
      {},
      {
        runtimes: {},
        seed: 1,
        replay: { effects: effectsOf(live.events), mode: 'strict' }
      }
    );
    expect(replayed.error).toBeUndefined();
    expect(replayed.events).toEqual(live.events);
  });

  it('wait at the gate one by one: each release lets one effect through', async () => {
    const waiting: boolean[] = [];
    const gate = new Gate((w) => waiting.push(w));
    let done = false;
    const running = runTechnique(
      parallel(3),
      problem,
      {},
      {
        runtimes: { sandbox: reversedSandbox(3) },
        seed: 1,
        gate
      }
    ).then((r) => {
      done = true;
      return r;
    });
    const settle = async () => {
      for (let i = 0; i < 50; i++) await Promise.resolve();
    };
    await settle();
    expect(gate.waiting).toBe(true);
    gate.release();
    gate.release();
    await settle();
    expect(done).toBe(false);
    expect(gate.waiting).toBe(true);
    gate.release();
    const run = await running;
    expect(effectsOf(run.events)).toHaveLength(3);
    expect(gate.waiting).toBe(false);
    expect(waiting).toEqual([true, false]);
  });

  it('number model calls so a by-call script answers each sample in order', async () => {
    const seen: number[] = [];
    const model: LanguageModel = {
      id: 'numbered',
      async complete(_request: ChatRequest, options): Promise<ChatResult> {
        seen.push(options?.call ?? -1);
        return {
          text: `reply ${options?.call}`,
          finishReason: 'stop',
          modelId: 'numbered',
          usage: { promptTokens: 1, completionTokens: 1, estimated: true }
        };
      }
    };
    const technique: Technique<Record<string, never>> = {
      ...parallel(0),
      async run(_p, _params, ctx) {
        const ask = (i: number) =>
          ctx.model(
            {
              messages: [{ role: 'user', content: 'same' }],
              temperature: 0.8,
              maxTokens: 64
            },
            `s${i}`
          );
        await Promise.all([ask(0), ask(1), ask(2)]);
      }
    };
    const run = await runTechnique(technique, problem, {}, { runtimes: { model }, seed: 1 });
    expect(run.error).toBeUndefined();
    expect(seen).toEqual([0, 1, 2]);
    const texts = effectsOf(run.events).map((e) => e.kind === 'model' && e.result.text);
    expect(texts).toEqual(['reply 0', 'reply 1', 'reply 2']);
  });
});
