/**
 * Lesson 01-sampling run for real (its scripted samples through the sampling technique and
 * the Pyodide sandbox), then the sampling views reduced from every prefix of that log.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { notesOf } from '$lib/testing/run-support';
import { recordWalkthrough } from '$lib/testing/lessons';
import { latestDrawn, sampleVerdict, samplingAt } from './sampling';
import { outcomeAt, stopsOf, timelineAt } from './timeline';
import type { RunEvent } from '../run/events';

const walkthrough = recordWalkthrough('01-sampling');
let events: RunEvent[];
beforeAll(() => {
  events = walkthrough.events();
});

describe('lesson 01-sampling, run for real', () => {
  it('draws six samples; two pass every hidden test, as the lesson says', () => {
    const samples = notesOf(events).flatMap((n) => (n.type === 'sample' ? [n] : []));
    expect(
      samples.map((s) => [s.index, s.visiblePassed, s.hiddenPassed, s.passed, s.code !== null])
    ).toEqual([
      [1, false, 6, false, true], // sorts without removing duplicates
      [2, true, 7, false, true], // starts at 0: passes the examples, fails negatives
      [3, false, 7, false, true], // IndexError on one value
      [4, true, 9, true, true],
      [5, false, 0, false, false], // prose, no code
      [6, true, 9, true, true]
    ]);
    expect(new Set(samples.map((s) => s.seed)).size).toBe(6);
  });

  it('fails in the ways the lesson text says: duplicates, a sentinel of 0, one value', () => {
    const run = (label: string) => {
      const e = events.find((x) => x.kind === 'execute' && x.label === label);
      if (e?.kind !== 'execute') throw new Error(`no execution "${label}"`);
      return e.result.tests;
    };
    // sample 1 answers 5 for [5, 5, 3]; sample 2 answers None on negative lists;
    // sample 3 raises IndexError on [8]
    expect(run('run the examples on sample 1')[1]).toMatchObject({ status: 'fail', actual: '5' });
    const hidden2 = run('grade sample 2 with the hidden tests');
    expect(hidden2.filter((t) => t.status !== 'pass').map((t) => [t.input, t.actual])).toEqual([
      ['[-1, -5, -3]', 'None'],
      ['[0, -1]', 'None']
    ]);
    expect(run('run the examples on sample 3')[2]).toMatchObject({
      input: '[8]',
      status: 'error',
      error: { type: 'IndexError' }
    });
  });

  it('gives pass@1 = 1/3 and pass@5 = pass@6 = 1 (c = 2 of n = 6)', () => {
    const note = notesOf(events).find((n) => n.type === 'pass-at-k');
    expect(note).toMatchObject({ n: 6, c: 2 });
    if (note?.type !== 'pass-at-k') return;
    // 1 − C(4, k) / C(6, k)
    [1 / 3, 0.6, 0.8, 14 / 15, 1, 1].forEach((v, i) => expect(note.curve[i].value).toBeCloseTo(v));
  });

  it('picks sample 2 by the examples, and it is wrong: unsolved', () => {
    const outcome = outcomeAt(events);
    expect(outcome).toMatchObject({ status: 'unsolved', visiblePassed: true, hiddenPassed: 7 });
    expect(outcome?.message).toContain('pass@1 = 33%, pass@6 = 100%');
    expect(outcome?.message).toContain('sample 2, the first to pass the examples');
  });
});

describe('samplingAt', () => {
  it('fills the grid in as the cursor moves: drawn, examples run, graded', () => {
    const stops = stopsOf(events);
    const at = (step: number) => samplingAt(events.slice(0, stops[step]), 6);
    expect(at(0).cards.map((c) => c.stage)).toEqual(Array(6).fill('waiting'));
    expect(latestDrawn(at(0))).toBeNull();

    // step 1: sample 1's model call is visible: its seed and program, nothing run yet
    const one = at(1).cards[0];
    expect(one).toMatchObject({ stage: 'drawn', visiblePassed: null, passed: null });
    expect(one.seed).toBe(events[0].kind === 'model' ? events[0].request.seed : NaN);
    expect(one.code).toContain('sorted(values)[-2]');
    expect(sampleVerdict(one)).toBe('drawn, not run yet');

    // step 2: its examples ran (one fails); step 3: graded by the hidden tests
    expect(at(2).cards[0]).toMatchObject({ stage: 'examples', visiblePassed: false });
    expect(at(3).cards[0]).toMatchObject({ stage: 'graded', hiddenPassed: 6, passed: false });
    expect(at(3).cards[1].stage).toBe('waiting');
    expect(latestDrawn(at(3))).toBe(1);
    expect(at(3).passAtK).toBeNull();

    // a stage never goes backwards as the cursor moves forward
    const order = ['waiting', 'drawn', 'examples', 'graded'];
    for (let s = 1; s < stops.length; s++) {
      const before = at(s - 1).cards.map((c) => order.indexOf(c.stage));
      const after = at(s).cards.map((c) => order.indexOf(c.stage));
      after.forEach((v, i) => expect(v).toBeGreaterThanOrEqual(before[i]));
    }
  });

  it('a reply without code is a card with no program, graded as a failure', () => {
    const stops = stopsOf(events);
    const drawn = stops.findIndex((_, s) => samplingAt(events.slice(0, stops[s])).n !== null);
    expect(drawn).toBe(1);
    const view = samplingAt(events);
    expect(view.cards[4]).toMatchObject({ stage: 'graded', code: null, passed: false });
    expect(sampleVerdict(view.cards[4])).toBe('no program: counts as a failure');
    expect(sampleVerdict(view.cards[1])).toBe('fails the hidden tests (7/9); examples pass');
  });

  it('at the end agrees with the notes, and carries the pass@k note', () => {
    const view = samplingAt(events);
    const notes = notesOf(events).flatMap((n) => (n.type === 'sample' ? [n] : []));
    expect(view.n).toBe(6);
    expect(view.cards.map((c) => [c.index, c.seed, c.code, c.passed])).toEqual(
      notes.map((n) => [n.index, n.seed, n.code, n.passed])
    );
    expect(view.passAtK?.c).toBe(2);
    expect(latestDrawn(view)).toBe(6);
  });

  it('learns n from the first call when the caller does not give it', () => {
    const first = events.findIndex((e) => e.kind === 'model');
    const view = samplingAt(events.slice(0, first + 1));
    expect(view.n).toBe(6);
    expect(view.cards).toHaveLength(6);
    expect(samplingAt([]).cards).toEqual([]);
  });

  it('the timeline has one row per sample and the pass@k row', () => {
    const rows = timelineAt(events);
    expect(rows.filter((r) => /^Sample \d$/.test(r.title))).toHaveLength(6);
    expect(rows.find((r) => r.title === 'pass@k')?.detail).toContain('2 of 6 samples pass');
  });
});
