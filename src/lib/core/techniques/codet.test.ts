/**
 * CodeT end to end on the second lesson's problem, with scripted replies (the input) and the
 * real Pyodide sandbox: the tests parsed in Python, every program run on every kept test, the
 * groups scored, the winner graded once. The matrix and the scores below are worked out by hand
 * from the programs and tests, not read back from the run.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CountingSandbox, notesOfType } from '$lib/testing/run-support';
import { codet, codetParams, consensusGroups, describeGroup } from './codet';
import { effectsOf, runTechnique } from '../run/context';
import type { RunEvent } from '../run/events';
import { outcomeAt } from '../views/timeline';
import { ScriptedModel } from '$lib/runtimes/model/scripted';
import {
  CODET_REPLIES as REPLIES,
  CODET_TESTS as TESTS,
  countWindows as problem,
  fenced
} from '$lib/testing/codet-run';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';

const noteOf = notesOfType;
const scripted = (replies: string[]) => new ScriptedModel('scripted/codet', replies, 'by-call');

let sandbox: Sandbox;
let recorded: RunEvent[];
const params = codetParams.parse({ n: 5 });

beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
  const run = await runTechnique(codet, problem, params, {
    runtimes: { model: scripted(REPLIES), sandbox },
    seed: 3
  });
  expect(run.error).toBeUndefined();
  recorded = run.events;
});

describe('codet', () => {
  it('keeps the asserts that call the function and drops the rest, with reasons', () => {
    const [tests] = noteOf(recorded, 'codet-tests');
    expect(tests.kept.map((k) => k.source)).toEqual([
      'assert count_windows([1, 2, 3], 1, 2) == 2',
      'assert count_windows([1, 1], 2, 5) == 1',
      'assert count_windows([5, 1, 1], 2, 3) == 1',
      'assert count_windows([4, 4], 1, 3) == 1',
      'assert count_windows([], 1, 0) == 0'
    ]);
    expect(tests.dropped).toEqual([
      { source: 'assert count_windows([1, 2] 2, 3) == 1', reason: 'not valid Python' },
      { source: 'assert count_windows([1, 2, 3],  1, 2) == 2', reason: 'repeats line 1' },
      { source: 'print(count_windows([1], 1, 1))', reason: 'not an assert statement' }
    ]);
    expect(tests.message).toBe('5 of 8 lines kept as tests; 3 dropped.');
  });

  it('fills the programs × tests matrix as worked out by hand', () => {
    // Test 4 is wrong (no window of [4, 4] has a sum ≤ 3), so every program fails it.
    // EARLY_STOP breaks at [5, 1] (test 3); OFF_BY_ONE misses the only window of tests 2 and 3.
    const rows = noteOf(recorded, 'codet-program').map((p) => [p.index, p.cells]);
    expect(rows).toEqual([
      [1, ['pass', 'pass', 'fail', 'fail', 'pass']],
      [2, ['pass', 'fail', 'fail', 'fail', 'pass']],
      [3, ['pass', 'pass', 'pass', 'fail', 'pass']],
      [4, null],
      [5, ['pass', 'pass', 'pass', 'fail', 'pass']]
    ]);
    // The examples: only the early stop and the two right programs pass all three.
    expect(noteOf(recorded, 'codet-program').map((p) => p.visiblePassed)).toEqual([
      true,
      false,
      true,
      null,
      true
    ]);
  });

  it('scores each group as programs × tests passed and answers from the best', () => {
    const [groups] = noteOf(recorded, 'codet-groups');
    expect(groups.groups).toEqual([
      { programs: [3, 5], passed: [1, 2, 3, 5], score: 2 * 4 },
      { programs: [1], passed: [1, 2, 5], score: 1 * 3 },
      { programs: [2], passed: [1, 5], score: 1 * 2 }
    ]);
    expect(groups).toMatchObject({ winner: 3, byExamples: 1 });
    expect(groups.message).toBe(
      'The best group is programs 3 and 5, passing tests 1, 2, 3, 5: 2 × 4 = 8. ' +
        'Picking by the examples would take program 1.'
    );
    expect(noteOf(recorded, 'decision')).toEqual([
      {
        type: 'decision',
        turn: 5,
        action: 'stop',
        reason: 'the best group is programs 3 and 5, passing tests 1, 2, 3, 5: 2 × 4 = 8'
      }
    ]);
  });

  it('grades only the chosen program with the hidden tests, never showing them to the model', () => {
    const hidden = effectsOf(recorded).filter(
      (e) => e.kind === 'execute' && e.request.suite === 'hidden'
    );
    expect(hidden.map((e) => e.label)).toEqual(['grade program 3 with the hidden tests']);
    // What was sent (the replies are this test's input, and one of its tests is a hidden one).
    const sent = JSON.stringify(
      effectsOf(recorded).flatMap((e) => (e.kind === 'model' ? [e.request] : []))
    );
    for (const t of problem.hiddenTests)
      expect(sent).not.toContain('input' in t ? `(${t.input})` : t.check);
    expect(outcomeAt(recorded)).toMatchObject({
      status: 'solved',
      visiblePassed: true,
      hiddenPassed: problem.hiddenTests.length
    });
    expect(outcomeAt(recorded)?.message).toMatch(/^All hidden tests pass\. CodeT chose program 3/);
    // the parse check, 4 programs × (tests + examples), the hidden tests
    expect(effectsOf(recorded).filter((e) => e.kind === 'execute')).toHaveLength(10);
  });

  it('writes the tests in a conversation of their own, without any program', () => {
    const [first, ...programs] = effectsOf(recorded).filter((e) => e.kind === 'model');
    expect(first.label).toBe('write the tests');
    const asked = first.kind === 'model' ? first.request.messages : [];
    expect(asked.map((m) => m.role)).toEqual(['system', 'user']);
    expect(asked[1].content).toContain('Write 6 tests');
    expect(asked[1].content).toContain('count_windows([5, 1, 1], 3, 7)'); // an example
    expect(programs.map((p) => p.label)).toEqual([1, 2, 3, 4, 5].map((i) => `program ${i} of 5`));
    const seeds = programs.map((p) => (p.kind === 'model' ? p.request.seed : undefined));
    expect(new Set(seeds).size).toBe(5);
  });

  it('replays the recorded log exactly, without executing anything', async () => {
    const counting = new CountingSandbox(sandbox);
    const replay = await runTechnique(codet, problem, params, {
      runtimes: { sandbox: counting },
      seed: 3,
      replay: { effects: effectsOf(recorded), mode: 'strict' }
    });
    expect(replay.error).toBeUndefined();
    expect(replay.events).toEqual(recorded);
    expect(counting.calls).toBe(0);
  });

  it('forks at program 1 with an edited reply: the right programs now form a group of three', async () => {
    const effects = effectsOf(recorded);
    const k = 2; // the tests' call and their parse check are shared; program 1's reply is edited
    expect(effects[k].label).toBe('program 1 of 5');
    const counting = new CountingSandbox(sandbox);
    const fork = await runTechnique(codet, problem, params, {
      runtimes: { model: scripted(REPLIES), sandbox: counting },
      seed: 3,
      replay: { effects: effects.slice(0, k), mode: 'fork' },
      override: {
        effect: k,
        result: {
          ...(effects[k].result as { text: string }),
          text: fenced(problem.reference ?? '')
        } as never
      }
    });
    expect(fork.error).toBeUndefined();
    const shared = recorded.findIndex((e) => e === effects[k]);
    expect(fork.events.slice(0, shared)).toEqual(recorded.slice(0, shared));
    expect(fork.events[shared]).toMatchObject({ kind: 'model', edited: true });
    const [groups] = noteOf(fork.events, 'codet-groups');
    expect(groups.groups[0]).toEqual({ programs: [1, 3, 5], passed: [1, 2, 3, 5], score: 12 });
    expect(groups).toMatchObject({ winner: 1, byExamples: 1 });
    expect(counting.calls).toBe(9); // only the live tail: 4 programs × 2 runs and the grading
  });
});

describe('codet stop reasons', () => {
  it('with no test kept, every program ties and the first program is the answer', async () => {
    const run = await runTechnique(codet, problem, codetParams.parse({ n: 2 }), {
      runtimes: {
        model: scripted(['Tests are for the weak.', 'No code.', fenced(problem.reference ?? '')]),
        sandbox
      },
      seed: 1
    });
    expect(run.error).toBeUndefined();
    expect(noteOf(run.events, 'codet-tests')[0]).toMatchObject({
      kept: [],
      message: 'The reply had no test lines: every program will tie.'
    });
    expect(noteOf(run.events, 'codet-groups')[0]).toMatchObject({
      groups: [{ programs: [2], passed: [], score: 0 }],
      winner: 2
    });
    expect(noteOf(run.events, 'decision')[0].reason).toBe(
      'no test was kept, so every program ties; program 2 is the first'
    );
    expect(outcomeAt(run.events)?.status).toBe('solved');
  });

  it('with no program in any reply, there is nothing to grade', async () => {
    const run = await runTechnique(codet, problem, codetParams.parse({ n: 2 }), {
      runtimes: { model: scripted([fenced(TESTS), 'Hmm.', 'Still thinking.']), sandbox },
      seed: 1
    });
    expect(run.error).toBeUndefined();
    expect(noteOf(run.events, 'codet-groups')[0]).toMatchObject({ groups: [], winner: null });
    expect(outcomeAt(run.events)).toMatchObject({
      status: 'unsolved',
      code: null,
      message: 'No program was produced: no reply had a program.'
    });
    const hidden = effectsOf(run.events).filter(
      (e) => e.kind === 'execute' && e.request.suite === 'hidden'
    );
    expect(hidden).toEqual([]);
  });

  it('keeps at most m tests and says why the rest were dropped', async () => {
    const run = await runTechnique(codet, problem, codetParams.parse({ n: 1, m: 2 }), {
      runtimes: { model: scripted([fenced(TESTS), fenced(problem.reference ?? '')]), sandbox },
      seed: 1
    });
    const [tests] = noteOf(run.events, 'codet-tests');
    expect(tests.kept).toHaveLength(2);
    expect(tests.dropped.filter((d) => d.reason === 'more than 2 tests')).toHaveLength(3);
  });
});

describe('consensusGroups', () => {
  it('breaks a tie of score by tests passed, then by the first program', () => {
    // {1} passes 2 tests: 1 × 2 = 2; {2, 3} pass 1 test: 2 × 1 = 2. More tests wins the tie.
    const tie = consensusGroups([
      { index: 1, cells: ['pass', 'pass', 'fail'] },
      { index: 2, cells: ['pass', 'fail', 'fail'] },
      { index: 3, cells: ['pass', 'fail', 'error'] }
    ]);
    expect(tie.map((g) => [g.programs, g.score])).toEqual([
      [[1], 2],
      [[2, 3], 2]
    ]);
    // Same score, same number of tests: the group sampled first.
    const same = consensusGroups([
      { index: 1, cells: ['fail', 'pass'] },
      { index: 2, cells: ['pass', 'fail'] }
    ]);
    expect(same.map((g) => g.programs)).toEqual([[1], [2]]);
    expect(describeGroup(same[0])).toBe('program 1, passing test 2: 1 × 1 = 1');
  });

  it('leaves out programs without code, and groups a program that failed to load with no test', () => {
    const groups = consensusGroups([
      { index: 1, cells: null },
      { index: 2, cells: ['error', 'error'] },
      { index: 3, cells: ['fail', 'timeout'] }
    ]);
    expect(groups).toEqual([{ programs: [2, 3], passed: [], score: 0 }]);
    expect(describeGroup(groups[0])).toBe('programs 2 and 3, passing no test: 2 × 0 = 0');
  });
});
