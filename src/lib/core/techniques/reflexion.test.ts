/**
 * Reflexion end to end on the first lesson's problem, with scripted replies (the input) and
 * the real Pyodide sandbox: self-tests parsed in Python, run, reflected on, graded, and
 * checked against the reference solution.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CountingSandbox, notesOf } from '$lib/testing/run-support';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { reflexion, reflexionParams } from './reflexion';
import { effectsOf, runTechnique } from '../run/context';
import type { Note, RunEvent } from '../run/events';
import { countersAt, outcomeAt } from '../views/timeline';
import { ProblemSchema } from '../problems/problem';
import { ScriptedModel } from '$lib/runtimes/model/scripted';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';

const problem = ProblemSchema.parse(
  parseYaml(readFileSync('lessons/02-self-debugging/problem.yaml', 'utf8'))
);
const fenced = (code: string) => '```python\n' + code + '```';
const TESTS = [
  'assert count_windows([1, 2, 3, 4], 2, 5) == 2',
  'assert count_windows([5, 1, 1], 3, 7) == 1',
  'assert count_windows([1, 2], 2, 3) == 1',
  '# a list shorter than k has one window (wrong: it has none)',
  'assert count_windows([2, 2], 3, 10) == 1',
  'assert count_windows([1, 2, 3] 2, 5) == 1',
  'print(count_windows([1], 1, 1))',
  'assert len([1, 2]) == 2',
  'assert count_windows([0, 0, 0], 1, 0) >= 3'
].join('\n');
const OFF_BY_ONE = `def count_windows(values, k, limit):
    return sum(1 for s in range(len(values) - k) if sum(values[s:s + k]) <= limit)
`;
/** What the wrong self-test pushes the model to: one window when the list is too short. */
const MISLED = `def count_windows(values, k, limit):
    if len(values) < k:
        return 1
    return sum(1 for s in range(len(values) - k + 1) if sum(values[s:s + k]) <= limit)
`;
const REPLIES = [
  'Here are my tests:\n' + fenced(TESTS),
  fenced(OFF_BY_ONE),
  'The range stops one start too early, so the last window is never counted. I will use len(values) - k + 1.',
  fenced(problem.reference ?? ''),
  'My test says a short list has one window. I will return 1 when the list is shorter than k.',
  fenced(MISLED)
];

const noteOf = <T extends Note['type']>(events: RunEvent[], type: T) =>
  notesOf(events).filter((n): n is Extract<Note, { type: T }> => n.type === type);

let sandbox: Sandbox;
let recorded: RunEvent[];
const params = reflexionParams.parse({});

beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
  const model = new ScriptedModel('scripted/reflexion', REPLIES);
  const run = await runTechnique(reflexion, problem, params, {
    runtimes: { model, sandbox },
    seed: 1
  });
  expect(run.error).toBeUndefined();
  recorded = run.events;
});

describe('reflexion', () => {
  it('keeps the asserts that call the function and drops the rest, with reasons', () => {
    const [selfTests] = noteOf(recorded, 'self-tests');
    expect(selfTests.kept.map((k) => k.source)).toEqual([
      'assert count_windows([1, 2, 3, 4], 2, 5) == 2',
      'assert count_windows([5, 1, 1], 3, 7) == 1',
      'assert count_windows([1, 2], 2, 3) == 1',
      'assert count_windows([2, 2], 3, 10) == 1',
      'assert count_windows([0, 0, 0], 1, 0) >= 3'
    ]);
    expect(selfTests.kept[4].check).toBe(
      'def check(candidate):\n    assert candidate([0, 0, 0], 1, 0) >= 3\n'
    );
    expect(selfTests.dropped).toEqual([
      { source: 'assert count_windows([1, 2, 3] 2, 5) == 1', reason: 'not valid Python' },
      { source: 'print(count_windows([1], 1, 1))', reason: 'not an assert statement' },
      { source: 'assert len([1, 2]) == 2', reason: 'does not call count_windows' }
    ]);
  });

  it('reflects after each failure, keeps the reflections, and retries with them', () => {
    const reflections = noteOf(recorded, 'reflection');
    expect(reflections.map((r) => r.iteration)).toEqual([1, 2]);
    expect(reflections[0].text).toMatch(/one start too early/);
    const calls = effectsOf(recorded).filter((e) => e.kind === 'model');
    expect(calls).toHaveLength(6);
    const last = calls[5].request.messages.at(-1)?.content ?? '';
    expect(last).toContain('1. The range stops one start too early');
    expect(last).toContain('2. My test says a short list has one window');
    const [firstFeedback] = noteOf(recorded, 'feedback');
    expect(firstFeedback.text).toContain('failed 4 of your 5 tests');
    // A plain call says what the function returned, as self-debugging's feedback does; an
    // assert of another shape still runs whole and is quoted.
    expect(firstFeedback.text).toContain('- count_windows([5, 1, 1], 3, 7) returned 0, expected 1');
    expect(firstFeedback.text).toContain('- assert count_windows([0, 0, 0], 1, 0) >= 3  # failed');
    expect(noteOf(recorded, 'decision').at(-1)).toMatchObject({
      action: 'stop',
      reason: 'all self-tests pass'
    });
  });

  it('never shows a hidden test to the model; the hidden tests grade the final program', () => {
    const sent = JSON.stringify(effectsOf(recorded).filter((e) => e.kind === 'model'));
    for (const t of problem.hiddenTests)
      expect(sent).not.toContain('input' in t ? `(${t.input})` : t.check);
    const hidden = effectsOf(recorded).filter(
      (e) => e.kind === 'execute' && e.request.suite === 'hidden'
    );
    expect(hidden).toHaveLength(1);
    expect(outcomeAt(recorded)).toMatchObject({
      status: 'unsolved',
      code: MISLED,
      visiblePassed: false,
      hiddenPassed: problem.hiddenTests.length - 1
    });
  });

  it('flags the self-test the reference solution fails as wrong', () => {
    const [wrong] = noteOf(recorded, 'wrong-self-tests');
    expect(wrong).toMatchObject({
      checked: 5,
      wrong: [
        {
          source: 'assert count_windows([2, 2], 3, 10) == 1',
          reason: 'the reference solution fails it'
        }
      ]
    });
    expect(outcomeAt(recorded)?.message).toContain('1 of 5 self-tests was wrong');
    // parse, three self-test runs, examples, hidden tests, the reference check
    expect(countersAt(recorded).executions).toBe(7);
  });

  it('replays the recorded log exactly, without executing anything', async () => {
    const counting = new CountingSandbox(sandbox);
    const replay = await runTechnique(reflexion, problem, params, {
      runtimes: { sandbox: counting },
      seed: 1,
      replay: { effects: effectsOf(recorded), mode: 'strict' }
    });
    expect(replay.error).toBeUndefined();
    expect(replay.events).toEqual(recorded);
    expect(counting.calls).toBe(0);
  });

  it('survives nonsense: no tests, then a reply without code', async () => {
    const model = new ScriptedModel('scripted/reflexion', [
      'Tests are for the weak.',
      'I cannot write code today.',
      fenced(problem.reference ?? '')
    ]);
    const run = await runTechnique(reflexion, problem, params, {
      runtimes: { model, sandbox },
      seed: 1
    });
    expect(run.error).toBeUndefined();
    expect(noteOf(run.events, 'self-tests')[0]).toMatchObject({
      kept: [],
      dropped: [],
      message: 'The reply had no test lines to keep.'
    });
    expect(noteOf(run.events, 'feedback')[0].text).toMatch(/no ```python code block/);
    expect(noteOf(run.events, 'decision').at(-1)?.reason).toBe(
      'there are no usable self-tests to run'
    );
    expect(noteOf(run.events, 'wrong-self-tests')).toEqual([]);
    expect(outcomeAt(run.events)).toMatchObject({ status: 'solved', visiblePassed: true });
  });
});
