/**
 * AgentCoder end to end on the second lesson's problem, with scripted replies (the input) and
 * the real Pyodide sandbox: the designer's tests parsed in Python, every round's program run on
 * them by the executor, the failures handed back, the final program graded once, the tests
 * checked against the reference. The cells below are worked out by hand from the programs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CountingSandbox, notesOfType } from '$lib/testing/run-support';
import { agentcoder, agentcoderParams } from './agentcoder';
import { effectsOf, runTechnique } from '../run/context';
import type { RunEvent } from '../run/events';
import { outcomeAt } from '../views/timeline';
import { ScriptedModel } from '$lib/runtimes/model/scripted';
import {
  AGENTCODER_REPLIES as REPLIES,
  EARLY_STOP,
  RIGHT,
  RIGHT_LOOP,
  RIGHT_TESTS,
  countWindows as problem,
  fenced
} from '$lib/testing/agentcoder-run';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';

const noteOf = notesOfType;
const scripted = (replies: string[]) =>
  new ScriptedModel('scripted/agentcoder', replies, 'by-call');

let sandbox: Sandbox;
let recorded: RunEvent[];
const params = agentcoderParams.parse({});

const run = (replies: string[], p = params) =>
  runTechnique(agentcoder, problem, p, {
    runtimes: { model: scripted(replies), sandbox },
    seed: 5
  });

/** The designer's requests of a log (every model call labelled as the designer's). */
const designerRequests = (events: RunEvent[]) =>
  effectsOf(events).flatMap((e) =>
    e.kind === 'model' && e.label.startsWith('test designer:') ? [e.request] : []
  );

beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
  const done = await run(REPLIES);
  expect(done.error).toBeUndefined();
  recorded = done.events;
});

describe('agentcoder', () => {
  it('keeps the asserts of each kind up to its count, and drops the rest with reasons', () => {
    const [tests] = noteOf(recorded, 'agentcoder-tests');
    expect(tests.kept.map((k) => k.source)).toEqual([
      'assert count_windows([1, 2, 3], 1, 2) == 2',
      'assert count_windows([1, 1], 2, 5) == 1',
      'assert count_windows([5, 1, 1], 2, 3) == 1',
      'assert count_windows([], 1, 0) == 0',
      'assert count_windows([4, 4], 1, 3) == 1',
      'assert count_windows([2], 2, 10) == 0',
      'assert count_windows(list(range(10000)), 1, 10**9) == 10000'
    ]);
    expect(tests.kinds).toEqual(['basic', 'basic', 'basic', 'edge', 'edge', 'edge', 'large']);
    expect(tests.dropped).toEqual([
      { source: 'assert count_windows([1, 2] 2, 3) == 1', reason: 'not valid Python' },
      { source: 'assert count_windows([0, 0], 1, 0) == 2', reason: 'more than 3 basic tests' }
    ]);
    expect(tests.message).toBe(
      '7 of 9 lines kept as tests (3 basic, 3 edge, 1 large; 7 asked for); 2 dropped.'
    );
  });

  it('runs every round on the tests and hands the failures back until the round cap', () => {
    // EARLY_STOP breaks at [5, 1] (test 3) and at [4] (test 5); the right programs fail only
    // test 5, which is wrong: no window of [4, 4] has a sum ≤ 3.
    const P = 'pass';
    const F = 'fail';
    expect(noteOf(recorded, 'agentcoder-round').map((r) => [r.round, r.cells, r.passed])).toEqual([
      [1, [P, P, F, P, F, P, P], false],
      [2, [P, P, P, P, F, P, P], false],
      [3, [P, P, P, P, F, P, P], false]
    ]);
    expect(noteOf(recorded, 'program').map((p) => p.code)).toEqual([EARLY_STOP, RIGHT, RIGHT_LOOP]);
    const decisions = noteOf(recorded, 'decision').map((d) => [d.turn, d.action, d.reason]);
    expect(decisions).toEqual([
      [1, 'continue', 'hand the failures back'],
      [2, 'continue', 'hand the failures back'],
      [3, 'stop', 'the round cap is reached (3 rounds)']
    ]);
    // Round 2's request carries round 1's failures, in the executor's words.
    const calls = effectsOf(recorded).filter((e) => e.kind === 'model');
    expect(calls.map((c) => c.label)).toEqual([
      'test designer: write the tests',
      'programmer: write the code (round 1)',
      'programmer: write the code (round 2)',
      'programmer: write the code (round 3)'
    ]);
    const second = calls[2].kind === 'model' ? calls[2].request.messages : [];
    expect(second.at(-1)?.content).toContain(
      "The function failed 2 of the test designer's 7 tests:"
    );
    expect(second.at(-1)?.content).toContain('count_windows([5, 1, 1], 2, 3) returned 0');
  });

  it('hands messages between the agents in order', () => {
    const handoffs = noteOf(recorded, 'agent-message').map(
      (m) => `${m.from} → ${m.to}: ${m.summary}`
    );
    expect(handoffs).toEqual([
      'test designer → test executor: 7 tests',
      'programmer → test executor: program, round 1',
      'test executor → programmer: 2 of 7 tests fail',
      'programmer → test executor: program, round 2',
      'test executor → programmer: 1 of 7 tests fail',
      'programmer → test executor: program, round 3',
      'test executor → null: 1 of 7 tests fail'
    ]);
  });

  it('grades the final program once and marks the wrong test against the reference', () => {
    const hidden = effectsOf(recorded).filter(
      (e) => e.kind === 'execute' && e.request.suite === 'hidden'
    );
    expect(hidden.map((e) => e.label)).toEqual(['grade the program with the hidden tests']);
    expect(noteOf(recorded, 'agentcoder-wrong-tests')).toEqual([
      {
        type: 'agentcoder-wrong-tests',
        checked: 7,
        wrong: [{ index: 5, reason: 'the reference solution fails it' }],
        message: "1 of the designer's 7 tests was wrong: the reference solution fails it."
      }
    ]);
    expect(outcomeAt(recorded)).toMatchObject({ status: 'solved', code: RIGHT_LOOP });
    expect(outcomeAt(recorded)?.message).toBe(
      'All hidden tests pass. Stopped because the round cap is reached (3 rounds). ' +
        "1 of the designer's 7 tests was wrong: the reference solution fails it."
    );
  });

  it("never shows the test designer a program: its request has no line of the run's programs", () => {
    const [request, ...more] = designerRequests(recorded);
    expect(more).toEqual([]);
    const sent = request.messages.map((m) => m.content).join('\n');
    const prompt = problem.prompt.split('\n').map((l) => l.trim());
    const programs = [...noteOf(recorded, 'program').map((p) => p.code), problem.reference ?? ''];
    // Every line of every program, except those the requirement itself holds (its signature).
    const lines = programs
      .flatMap((code) => code.split('\n').map((l) => l.trim()))
      .filter((l) => l.length > 8 && !prompt.includes(l));
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(sent).not.toContain(line);
    expect(sent).toContain('count_windows([5, 1, 1], 3, 7)'); // an example: it may see those
  });

  it('asks the test designer the same whatever the programmer writes', async () => {
    const other = await run(
      [REPLIES[0], 'No idea.', fenced('def count_windows(v, k, l):\n    return 0\n')],
      {
        ...params,
        maxRounds: 2
      }
    );
    expect(other.error).toBeUndefined();
    expect(designerRequests(other.events)).toEqual(designerRequests(recorded));
  });

  it('replays the recorded log exactly, without executing anything', async () => {
    const counting = new CountingSandbox(sandbox);
    const replay = await runTechnique(agentcoder, problem, params, {
      runtimes: { sandbox: counting },
      seed: 5,
      replay: { effects: effectsOf(recorded), mode: 'strict' }
    });
    expect(replay.error).toBeUndefined();
    expect(replay.events).toEqual(recorded);
    expect(counting.calls).toBe(0);
  });

  it('forks at the designer with the wrong test removed: round 2 passes every test', async () => {
    const effects = effectsOf(recorded);
    const k = 0;
    expect(effects[k].label).toBe('test designer: write the tests');
    const counting = new CountingSandbox(sandbox);
    const fork = await runTechnique(agentcoder, problem, params, {
      runtimes: { model: scripted(REPLIES), sandbox: counting },
      seed: 5,
      replay: { effects: effects.slice(0, k), mode: 'fork' },
      override: {
        effect: k,
        result: { ...(effects[k].result as { text: string }), text: fenced(RIGHT_TESTS) } as never
      }
    });
    expect(fork.error).toBeUndefined();
    expect(noteOf(fork.events, 'agentcoder-round').map((r) => r.passed)).toEqual([false, true]);
    expect(noteOf(fork.events, 'decision').at(-1)?.reason).toBe(
      "all the test designer's tests pass"
    );
    expect(noteOf(fork.events, 'agentcoder-wrong-tests')[0].wrong).toEqual([]);
    // parse, 2 rounds, examples + hidden, the reference check
    expect(counting.calls).toBe(6);
  });
});

describe('agentcoder stop reasons', () => {
  it('stops as soon as every test passes', async () => {
    const done = await run([fenced(RIGHT_TESTS), fenced(RIGHT)]);
    expect(done.error).toBeUndefined();
    expect(noteOf(done.events, 'decision')).toEqual([
      { type: 'decision', turn: 1, action: 'stop', reason: "all the test designer's tests pass" }
    ]);
    expect(outcomeAt(done.events)?.status).toBe('solved');
  });

  it('asks again when a reply has no code, and counts it as a round', async () => {
    const done = await run([fenced(RIGHT_TESTS), 'Let me think.', fenced(EARLY_STOP)], {
      ...params,
      maxRounds: 2
    });
    expect(done.error).toBeUndefined();
    expect(noteOf(done.events, 'decision').map((d) => d.reason)).toEqual([
      'ask again for code',
      'the round cap is reached (2 rounds)'
    ]);
    expect(outcomeAt(done.events)).toMatchObject({ status: 'unsolved', code: EARLY_STOP });
  });

  it('with no usable test, stops after the first program and still grades it', async () => {
    const done = await run(['I would rather not.', fenced(RIGHT)]);
    expect(done.error).toBeUndefined();
    expect(noteOf(done.events, 'agentcoder-tests')[0].message).toBe('The reply had no test lines.');
    expect(noteOf(done.events, 'decision')[0].reason).toBe(
      'the test designer wrote no usable test'
    );
    expect(noteOf(done.events, 'agentcoder-wrong-tests')).toEqual([]);
    expect(outcomeAt(done.events)?.status).toBe('solved');
  });

  it('refuses a JavaScript problem before any call, saying why', async () => {
    const done = await runTechnique(agentcoder, { ...problem, language: 'javascript' }, params, {
      runtimes: { model: scripted(REPLIES), sandbox },
      seed: 1
    });
    expect(done.error?.message).toMatch(/AgentCoder runs Python problems only/);
    expect(effectsOf(done.events)).toEqual([]);
  });
});
