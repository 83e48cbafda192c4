/**
 * Lesson 08-reflexion run for real (its scripted tests, programs and reflections through the
 * Reflexion technique and the Pyodide sandbox), then the Reflexion views over that log.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { notesOf } from '$lib/testing/run-support';
import { recordWalkthrough } from '$lib/testing/lessons';
import { reflexionAt } from './reflexion';
import { outcomeAt, stopsOf, timelineAt } from './timeline';
import type { RunEvent } from '../run/events';

const walkthrough = recordWalkthrough('08-reflexion');
let events: RunEvent[];
beforeAll(() => {
  events = walkthrough.events();
});
const WRONG = 'assert median([1, 2, 3, 4]) == 2';

describe('lesson 08-reflexion, run for real', () => {
  it('keeps five of seven test lines and says why two were dropped', () => {
    const note = notesOf(events).find((n) => n.type === 'self-tests');
    if (note?.type !== 'self-tests') throw new Error('no self-tests note');
    expect(note.kept.map((k) => k.source)).toEqual([
      'assert median([3, 1, 2]) == 2',
      'assert median([5]) == 5',
      WRONG,
      'assert median([7, 1, 3, 9, 5]) == 5',
      'assert median([-2, -8, -4]) == -4'
    ]);
    expect(note.dropped).toEqual([
      { source: 'assert sorted([3, 1, 2]) == [1, 2, 3]', reason: 'does not call median' },
      { source: 'assert median([2, 4] == 3', reason: 'not valid Python' }
    ]);
  });

  it('fails 4 of 5, then only the wrong test, then passes all after a misled fix', () => {
    const feedback = notesOf(events).flatMap((n) => (n.type === 'feedback' ? [n.text] : []));
    expect(feedback[0]).toContain('failed 4 of your 5 tests');
    // The feedback says what the correct program returned on the wrong test: 2.5.
    expect(feedback[1]).toBe(
      'The function failed 1 of your 5 tests:\n- median([1, 2, 3, 4]) returned 2.5, expected 2'
    );
    const reflections = notesOf(events).flatMap((n) => (n.type === 'reflection' ? [n] : []));
    expect(reflections.map((r) => r.iteration)).toEqual([1, 2]);
    expect(reflections[1].text).toContain('lower middle value');
    const decisions = notesOf(events).flatMap((n) => (n.type === 'decision' ? [n] : []));
    expect(decisions.at(-1)).toMatchObject({
      turn: 3,
      action: 'stop',
      reason: 'all self-tests pass'
    });
  });

  it('the second program, the one the wrong test rejected, passes every hidden test', async () => {
    const v2 = notesOf(events).find((n) => n.type === 'program' && n.turn === 2);
    if (v2?.type !== 'program') throw new Error('no program v2');
    const { problem } = walkthrough.lesson;
    const result = await walkthrough.sandbox().execute({
      language: 'python',
      code: v2.code,
      entryPoint: problem.entryPoint,
      tests: problem.hiddenTests,
      timeoutMs: 5_000,
      suite: 'hidden'
    });
    expect(result.status).toBe('ok');
    expect(result.tests.map((t) => t.status)).toEqual(problem.hiddenTests.map(() => 'pass'));
  });

  it('the final program passes its examples but half the hidden tests; one test was wrong', () => {
    expect(outcomeAt(events)).toMatchObject({
      status: 'unsolved',
      visiblePassed: true,
      hiddenPassed: 4,
      hiddenTotal: 8
    });
    const wrong = notesOf(events).find((n) => n.type === 'wrong-self-tests');
    expect(wrong).toMatchObject({
      checked: 5,
      wrong: [{ source: WRONG, reason: 'the reference solution fails it' }]
    });
    expect(outcomeAt(events)?.message).toContain('1 of 5 self-tests was wrong');
  });
});

describe('reflexionAt', () => {
  it('shows the attempts, the memory and the test results as the cursor moves', () => {
    const stops = stopsOf(events);
    const at = (step: number) => reflexionAt(events.slice(0, stops[step]));
    expect(at(0)).toEqual({ selfTests: null, validation: null, reflections: [], attempts: [] });

    // the tests reply and the parse run: five kept, nothing run yet, nothing wrong yet
    const parsed = stops.findIndex((_, s) => at(s).selfTests !== null);
    expect(at(parsed).selfTests?.kept.map((r) => [r.latest, r.wrong])).toEqual(
      Array(5).fill([null, null])
    );

    // after the first self-test run: 1 of 5 pass, per-test results on the rows
    const firstRun = stops.findIndex((_, s) => at(s).attempts[0]?.passed != null);
    const first = at(firstRun);
    expect(first.attempts[0]).toMatchObject({ turn: 1, passed: 1, total: 5, crashed: false });
    expect(first.selfTests?.kept.map((r) => r.latest)).toEqual([
      'fail',
      'pass',
      'fail',
      'fail',
      'fail'
    ]);
    expect(first.reflections).toEqual([]);
  });

  it('at the end: three attempts, two reflections, the wrong test marked', () => {
    const view = reflexionAt(events);
    expect(view.attempts.map((a) => [a.turn, a.passed, a.total, a.decision?.action])).toEqual([
      [1, 1, 5, 'continue'],
      [2, 4, 5, 'continue'],
      [3, 5, 5, 'stop']
    ]);
    expect(view.reflections.map((r) => r.iteration)).toEqual([1, 2]);
    expect(view.selfTests?.kept.filter((r) => r.wrong).map((r) => r.source)).toEqual([WRONG]);
    expect(view.selfTests?.kept.every((r) => r.latest === 'pass')).toBe(true);
    expect(view.validation).toEqual({
      checked: 5,
      wrong: 1,
      message: '1 of 5 self-tests was wrong: the reference solution fails it.'
    });
  });

  it('the timeline labels the check against the reference apart from program runs', () => {
    const rows = timelineAt(events);
    const reference = rows.filter((r) => r.kind === 'reference');
    expect(reference).toHaveLength(1);
    expect(reference[0]).toMatchObject({
      title: 'Reference check',
      detail: "the model's tests on the reference solution — 4/5 hold, 1 wrong",
      tone: 'bad'
    });
    const runs = rows.filter((r) => r.title === 'Execution').map((r) => r.detail);
    expect(runs).toEqual([
      'check which self-tests parse (pass = kept) — 5 of 7 lines kept',
      'run the self-tests (iteration 1) — 1/5 self-tests pass',
      'run the self-tests (iteration 2) — 4/5 self-tests pass',
      'run the self-tests (iteration 3) — 5/5 self-tests pass',
      'run the examples on the program — 2/2 visible tests pass',
      'grade the program with the hidden tests — 4/8 hidden tests pass'
    ]);
  });
});
