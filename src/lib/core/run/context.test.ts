/**
 * Record, replay and fork with the real Pyodide sandbox and the first lesson's scripted
 * replies. The scripted model is the input; the technique, execution and grading are real.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CountingSandbox } from '$lib/testing/run-support';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { effectsOf, runTechnique, type Runtimes } from './context';
import type { RunEvent } from './events';
import { Gate } from './gate';
import { countersAt, outcomeAt, programsAt, stopsOf } from '../views/timeline';
import { parseLesson, type Lesson } from '../lessons/load';
import { selfDebug, selfDebugParams } from '../techniques/self-debug';
import { ScriptedModel } from '$lib/runtimes/model/scripted';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';

function loadLesson(folder: string): Lesson {
  const dir = join('lessons', folder);
  const files = Object.fromEntries(
    readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')])
  );
  return parseLesson({ folder, files });
}

let sandbox: Sandbox;
const lesson = loadLesson('02-self-debugging');
const params = selfDebugParams.parse(lesson.meta.params);
const model = new ScriptedModel(lesson.walkthrough.id, lesson.walkthrough.responses);
let recorded: RunEvent[];

beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
  const run = await runTechnique(selfDebug, lesson.problem, params, {
    runtimes: { model, sandbox },
    seed: 1
  });
  expect(run.error).toBeUndefined();
  recorded = run.events;
});

describe('a live run of the self-debugging walkthrough', () => {
  it('repairs the off-by-one in three turns and passes the hidden tests', () => {
    const programs = recorded.filter((e) => e.kind === 'note' && e.note.type === 'program');
    expect(programs).toHaveLength(3);
    const outcome = outcomeAt(recorded);
    expect(outcome?.status).toBe('solved');
    expect(outcome?.hiddenPassed).toBe(lesson.problem.hiddenTests.length);
    const counters = countersAt(recorded);
    expect(counters.modelCalls).toBe(3);
    expect(counters.executions).toBe(4); // three runs of the examples, one grading run
  });

  it('records the real failing example of the first program', () => {
    const first = effectsOf(recorded).find((e) => e.kind === 'execute');
    expect(first?.kind).toBe('execute');
    if (first?.kind !== 'execute') return;
    const failing = first.result.tests.filter((t) => t.status !== 'pass');
    expect(failing).toEqual([
      expect.objectContaining({
        input: '[5, 1, 1], 3, 7',
        expected: '1',
        actual: '0',
        status: 'fail'
      })
    ]);
  });

  it('the reference solution passes every hidden test (the tests are right)', async () => {
    const result = await sandbox.execute({
      language: 'python',
      code: lesson.problem.reference ?? '',
      entryPoint: lesson.problem.entryPoint,
      tests: [...lesson.problem.visibleTests, ...lesson.problem.hiddenTests],
      timeoutMs: 5000,
      suite: 'hidden'
    });
    expect(result.tests.map((t) => t.status)).toEqual(result.tests.map(() => 'pass'));
  });
});

describe('replay', () => {
  it('reproduces the recorded log exactly and executes nothing', async () => {
    const counting = new CountingSandbox(sandbox);
    const replay = await runTechnique(selfDebug, lesson.problem, params, {
      runtimes: { sandbox: counting },
      seed: 1,
      replay: { effects: effectsOf(recorded), mode: 'strict' }
    });
    expect(replay.error).toBeUndefined();
    expect(replay.events).toEqual(recorded);
    expect(counting.calls).toBe(0);
  });

  it('refuses a log that does not match the technique', async () => {
    const other = { ...params, maxTurns: 1 };
    const replay = await runTechnique(selfDebug, lesson.problem, other, {
      runtimes: {},
      seed: 1,
      replay: { effects: effectsOf(recorded), mode: 'strict' }
    });
    expect(replay.error?.name).toBe('ReplayMismatchError');
    expect(replay.error?.message).toMatch(/effect 3/);
  });
});

describe('fork at step k', () => {
  it('shares the first k events, then diverges with an edited program', async () => {
    const effects = effectsOf(recorded);
    const k = 2; // the second model call: replace its reply with a correct program
    const edited = '```python\n' + (lesson.problem.reference ?? '') + '```';
    const counting = new CountingSandbox(sandbox);
    const fork = await runTechnique(selfDebug, lesson.problem, params, {
      runtimes: { model, sandbox: counting },
      seed: 1,
      replay: { effects: effects.slice(0, k), mode: 'fork' },
      override: {
        effect: k,
        result: { ...(effects[k].result as { text: string }), text: edited } as never
      }
    });
    const shared = recorded.findIndex((e) => e === effects[k]);
    expect(fork.events.slice(0, shared)).toEqual(recorded.slice(0, shared));
    expect(fork.events[shared]).toMatchObject({ kind: 'model', edited: true });
    expect(fork.events).not.toEqual(recorded);
    expect(programsAt(fork.events).current?.code.trim()).toBe(lesson.problem.reference?.trim());
    expect(outcomeAt(fork.events)?.status).toBe('solved');
    expect(countersAt(fork.events).modelCalls).toBe(2);
    expect(counting.calls).toBe(2); // only the live part ran: the examples and the grading
  });

  it('diverges when the fork lowers the turn cap', async () => {
    const effects = effectsOf(recorded);
    const fork = await runTechnique(
      selfDebug,
      lesson.problem,
      { ...params, maxTurns: 2 },
      {
        runtimes: { model, sandbox },
        seed: 1,
        replay: { effects, mode: 'fork' }
      }
    );
    expect(outcomeAt(fork.events)?.status).toBe('unsolved');
    const decisions = fork.events.filter((e) => e.kind === 'note' && e.note.type === 'decision');
    expect(decisions.at(-1)).toMatchObject({
      note: { action: 'stop', reason: 'the turn cap (2) is reached' }
    });
  });
});

describe('stepping gate', () => {
  it('parks before every live effect until released', async () => {
    let waiting = 0;
    const gate = new Gate((w) => {
      if (w) waiting++;
    });
    const events: RunEvent[] = [];
    const runtimes: Runtimes = { model, sandbox };
    const done = runTechnique(selfDebug, lesson.problem, params, {
      runtimes,
      seed: 1,
      gate,
      onEvent: (e) => events.push(e)
    });
    await vi_waitFor(() => gate.waiting);
    expect(events).toHaveLength(0);
    gate.release();
    await vi_waitFor(() => gate.waiting && events.length > 0);
    expect(events.map((e) => e.kind)).toEqual(['model', 'note']);
    gate.open();
    const run = await done;
    expect(run.events).toHaveLength(recorded.length);
    expect(stopsOf(run.events)).toHaveLength(effectsOf(recorded).length + 1);
    expect(waiting).toBe(2);
  });
});

async function vi_waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
