/**
 * CodeT's view model at several cursors of a real run (scripted replies, the real sandbox): the
 * matrix fills a row at a time, the groups form as rows are run, and the winner and "pick by
 * the examples" appear when the technique has chosen.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { codet, codetParams } from '../techniques/codet';
import { runTechnique } from '../run/context';
import type { RunEvent } from '../run/events';
import { timelineAt } from './timeline';
import { cellText, codetAt, rowStatus } from './codet';
import { ScriptedModel } from '$lib/runtimes/model/scripted';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';
import { CODET_REPLIES, countWindows as problem } from '$lib/testing/codet-run';

let sandbox: Sandbox;
let events: RunEvent[];

beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
  const run = await runTechnique(codet, problem, codetParams.parse({ n: 5 }), {
    runtimes: { model: new ScriptedModel('scripted/codet', CODET_REPLIES, 'by-call'), sandbox },
    seed: 3
  });
  expect(run.error).toBeUndefined();
  events = run.events;
});

/** The log up to and including the first event matching `label` (an effect's label). */
const upTo = (label: string) =>
  events.slice(0, events.findIndex((e) => 'label' in e && e.label === label) + 1);

describe('codetAt', () => {
  it('lays out every program before any is sampled, and no tests before they are parsed', () => {
    const view = codetAt(events.slice(0, 1), 5, 'python');
    expect(view.tests).toBeNull();
    expect(view.rows.map((r) => r.stage)).toEqual(Array(5).fill('waiting'));
    expect(view.groups).toEqual([]);
    expect(rowStatus(view.rows[0])).toBe('not sampled yet');
  });

  it('shows a sampled program as not yet run, then its row of the matrix', () => {
    const drawn = codetAt(upTo('program 1 of 5'), 5, 'python');
    expect(drawn.tests?.map((t) => t.index)).toEqual([1, 2, 3, 4, 5]);
    expect(drawn.dropped.map((d) => d.reason)).toEqual([
      'not valid Python',
      'repeats line 1',
      'not an assert statement'
    ]);
    expect(drawn.rows[0]).toMatchObject({ stage: 'drawn', cells: Array(5).fill('pending') });
    expect(rowStatus(drawn.rows[0])).toBe('sampled, not run yet');
    expect(cellText(drawn.rows[0].cells[0])).toBe('— not yet run');

    const run = codetAt(upTo('run the tests on program 1'), 5, 'python');
    expect(run.rows[0].cells).toEqual(['pass', 'pass', 'fail', 'fail', 'pass']);
    expect(run.rows[0].visiblePassed).toBeNull();
    // One program run: one group, 1 × 3, not final.
    expect(run.groups).toEqual([{ programs: [1], passed: [1, 2, 5], score: 3 }]);
    expect(run.final).toBe(false);
    expect(run.winner).toBeNull();
  });

  it('ranks the groups of the rows run so far, and the first to pass the examples', () => {
    const view = codetAt(upTo('run the examples on program 3'), 5, 'python');
    expect(view.groups).toEqual([
      { programs: [3], passed: [1, 2, 3, 5], score: 4 },
      { programs: [1], passed: [1, 2, 5], score: 3 },
      { programs: [2], passed: [1, 5], score: 2 }
    ]);
    expect(view.rows.slice(0, 3).map((r) => r.group)).toEqual([2, 3, 1]);
    expect(view.byExamples).toBe(1);
  });

  it('at the end: the final groups, the winner, the reply without a program in no group', () => {
    const view = codetAt(events, 5, 'python');
    expect(view.final).toBe(true);
    expect(view.groups[0]).toEqual({ programs: [3, 5], passed: [1, 2, 3, 5], score: 8 });
    expect(view).toMatchObject({ winner: 3, byExamples: 1 });
    expect(view.rows.map((r) => r.group)).toEqual([2, 3, 1, null, 1]);
    expect(rowStatus(view.rows[3])).toBe('no program in the reply');
    expect(view.rows[3].cells).toEqual([]);
    expect(rowStatus(view.rows[0])).toBe('examples pass');
    expect(view.message).toContain('Picking by the examples would take program 1.');
  });

  it('learns n from the first program call when the params are not given', () => {
    expect(codetAt(upTo('program 1 of 5')).rows).toHaveLength(5);
  });

  it('gives CodeT’s notes their own timeline rows', () => {
    const titles = timelineAt(events).map((r) => r.title);
    expect(titles).toContain('Generated tests');
    expect(titles).toContain('Program 4');
    expect(titles).toContain('Consensus groups');
    const groups = timelineAt(events).find((r) => r.title === 'Consensus groups');
    expect(groups?.detail).toBe('best: programs 3 and 5, passing tests 1, 2, 3, 5: 2 × 4 = 8');
    // The model's tests are not the task's: their runs say "generated tests", and the parse
    // check says how many lines it kept.
    const details = timelineAt(events).map((r) => r.detail);
    expect(details).toContain('check which tests parse (pass = kept) — 5 of 7 lines kept');
    expect(details).toContain('run the tests on program 2 — 2/5 generated tests pass');
    expect(details).toContain('run the examples on program 2 — 2/3 visible tests pass');
  });
});
