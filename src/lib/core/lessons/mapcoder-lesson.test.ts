/**
 * Lesson 13 (MapCoder) tells a story its text depends on: the recall agent recalls giving
 * change with coins, where the largest coin first is right; the planning agent is most sure of
 * the same greedy idea for stamps (plan 1, 90) and less of a table of the fewest stamps for
 * every amount (plan 2, 60). Plan 1's code passes one example of four; its first repair three
 * fails two, its second one; after t = 2 rounds plan 1 is dropped, and plan 2's code passes
 * every example and every hidden test. With one plan, the second repair is the answer and fails
 * two hidden tests. Checked with the real technique and the real Pyodide sandbox, the scripted
 * replies as input; every count below is worked out by hand from the scripted programs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { effectsOf, runTechnique } from '../run/context';
import type { RunEvent } from '../run/events';
import { outcomeAt, stopsOf } from '../views/timeline';
import { mapcoderAt } from '../views/mapcoder';
import { getTechnique } from '../techniques/registry';
import { loadLesson } from '$lib/testing/lessons';
import { notesOfType } from '$lib/testing/run-support';
import { ScriptedModel } from '$lib/runtimes/model/scripted';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';

const folder = readdirSync('lessons').find((f) => /^\d{2}-mapcoder$/.test(f));
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
});

async function walkthrough(change: { plans?: number } = {}) {
  if (!folder) throw new Error('no lessons/NN-mapcoder folder');
  const lesson = loadLesson(folder);
  const technique = getTechnique('mapcoder')!;
  const script = lesson.walkthrough;
  const model = new ScriptedModel(script.id, script.responses, script.answer, script.choose);
  const params = technique.params.parse({ ...lesson.meta.params, ...change });
  const run = await runTechnique(technique, lesson.problem, params, {
    runtimes: { model, sandbox },
    seed: 1
  });
  expect(run.error).toBeUndefined();
  return { lesson, events: run.events };
}

/** [plan, round, examples passed] of every program run on the examples. */
const attempts = (events: RunEvent[]) =>
  notesOfType(events, 'mapcoder-attempt').map((a) => [a.plan, a.round, a.passed, a.total]);

describe('lesson 13: MapCoder', () => {
  it('drops the confident greedy plan after two debug rounds, and plan 2 solves it', async () => {
    const { lesson, events } = await walkthrough();
    const [recall] = notesOfType(events, 'mapcoder-recall');
    expect(recall.problems).toHaveLength(1);
    expect(recall.problems[0].description).toContain('fewest coins of 1, 5, 10 and 25');
    expect(recall.unparsed).toEqual([]);
    const [plans] = notesOfType(events, 'mapcoder-plans');
    expect(plans.plans.map((p) => [p.index, p.confidence, p.steps.length])).toEqual([
      [1, 90, 3],
      [2, 60, 4]
    ]);
    expect(plans.order).toEqual([1, 2]);

    // Examples: 8 from [1, 4, 5] is 4 + 4; 10 from [1, 3, 4] is 4 + 3 + 3; 11 from [2, 3, 7]
    // is 7 + 2 + 2; 3 from [5] cannot be paid. Largest first gives 5+1+1+1, 4+4+1+1 and 7+3
    // with 1 left (-1): only the impossible one is right. Starting from each value fixes 8
    // (4 + 4) but no greedy run makes 4 + 3 + 3 or 7 + 2 + 2. Every count of the largest, the
    // rest greedy, makes 4 + 3 + 3, not 7 + 2 + 2 (one 7 leaves 4: 3, then 1 left).
    expect(attempts(events)).toEqual([
      [1, 0, 1, 4],
      [1, 1, 2, 4],
      [1, 2, 3, 4],
      [2, 0, 4, 4]
    ]);
    expect(notesOfType(events, 'decision').map((d) => d.reason)).toEqual([
      "debug plan 1's code (round 1 of 2)",
      "debug plan 1's code (round 2 of 2)",
      'plan 1 still fails after 2 debug rounds; go to the next plan',
      "plan 2's code passes the examples"
    ]);
    expect(effectsOf(events).filter((e) => e.kind === 'model')).toHaveLength(6);
    const outcome = outcomeAt(events);
    expect([outcome?.status, outcome?.hiddenPassed, outcome?.hiddenTotal]).toEqual([
      'solved',
      10,
      10
    ]);
    const view = mapcoderAt(events);
    expect(view.plans?.map((p) => [p.index, p.status, p.debugRounds])).toEqual([
      [1, 'failed', 2],
      [2, 'passed', 0]
    ]);

    // The prediction points come before the steps that answer them: plan 1's first run of
    // the examples, then the coding agent's call on plan 2.
    const stops = stopsOf(events);
    const shown = (step: number) => events.slice(0, stops[step]);
    const onPlan2 = (upTo: RunEvent[]) =>
      effectsOf(upTo).filter((e) => e.kind === 'model' && e.label.includes('(plan 2)'));
    const [first, second] = lesson.meta.predict ?? [];
    expect(attempts(shown(first.before - 1))).toEqual([]);
    expect(attempts(shown(first.before))).toEqual([[1, 0, 1, 4]]);
    expect(attempts(shown(second.before - 1))).toHaveLength(3);
    expect(onPlan2(shown(second.before - 1))).toHaveLength(0);
    expect(onPlan2(shown(second.before))).toHaveLength(1);
  }, 120_000);

  it('with one plan there is nothing to go back to: the second repair fails 2 hidden tests', async () => {
    const { events } = await walkthrough({ plans: 1 });
    const [plans] = notesOfType(events, 'mapcoder-plans');
    expect(plans.plans).toHaveLength(1);
    expect(plans.unparsed).toHaveLength(1);
    expect(attempts(events)).toEqual([
      [1, 0, 1, 4],
      [1, 1, 2, 4],
      [1, 2, 3, 4]
    ]);
    expect(notesOfType(events, 'decision').at(-1)?.reason).toBe(
      'the plans ran out: no code passed the examples'
    );
    // every count of the largest stamp, the rest greedy: 7 from [2, 3, 6] is 3 + 2 + 2, but one
    // 6 leaves 1 and no 6 takes 3 + 3 and leaves 1 (-1); 300 from [5, 8, 13, 21] takes 20
    // stamps where 18 are enough (21 x 12 + 8 x 6): the rest is filled greedily, 13 first
    const outcome = outcomeAt(events);
    expect([outcome?.status, outcome?.visiblePassed, outcome?.hiddenPassed]).toEqual([
      'unsolved',
      false,
      8
    ]);
  }, 120_000);
});
