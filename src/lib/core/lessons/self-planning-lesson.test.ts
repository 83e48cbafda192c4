/**
 * The self-planning lesson's two walkthroughs run through their techniques with the real
 * Pyodide sandbox and end where the lesson text says they do: the plan run solves the
 * problem, the no-plan run passes the examples and fails hidden tests.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { lessonBySlug } from '$lib/testing/lesson-support';
import { notesOf, playScripted } from '$lib/testing/run-support';
import { runFromFile, scriptedRun } from './runs';
import type { Run } from '../run/run';
import { outcomeAt } from '../views/timeline';
import { planAt } from '../views/planning';
import { compareRowOf } from '../views/run-comparison';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';

const lesson = lessonBySlug('self-planning');
const WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
});

async function play(run: Run) {
  const record = await playScripted(run, sandbox);
  expect(record.error).toBeUndefined();
  return record.events;
}

describe('lesson: self-planning', () => {
  it('plans six steps, marks each in the code, and passes every hidden test', async () => {
    expect(lesson.meta.technique).toBe('self-planning');
    const events = await play(
      scriptedRun(lesson.meta.technique, lesson.meta.params, lesson.problem, lesson.walkthrough)
    );
    const plan = planAt(events);
    expect(plan?.parsed).toBe(true);
    expect(plan?.steps).toHaveLength(6);
    expect(plan?.steps.every((s) => s.done)).toBe(true);
    expect(plan?.steps[0].text).toMatch(/end is not after its start/);
    expect(outcomeAt(events)).toMatchObject({
      status: 'solved',
      visiblePassed: true,
      hiddenPassed: 8,
      hiddenTotal: 8
    });
    expect(compareRowOf(events)).toMatchObject({ modelCalls: 2, status: 'solved' });
  });

  it('has a no-plan comparison that passes the examples and fails hidden tests, as the text says', async () => {
    const compare = lesson.baseline;
    expect(compare?.technique).toBe('direct');
    if (!compare) return;
    const events = await play(runFromFile(lesson.problem, compare));
    expect(notesOf(events).some((n) => n.type === 'plan')).toBe(false);
    const summary = compareRowOf(events);
    expect(summary).toMatchObject({
      status: 'unsolved',
      visiblePassed: true,
      hiddenTotal: 8,
      modelCalls: 1
    });
    expect(summary.hiddenPassed).toBe(3);
    // The prose quotes these numbers: keep it honest if the problem or the reply changes.
    const failed = WORDS[summary.hiddenTotal - summary.hiddenPassed];
    const text = lesson.body.replace(/\s+/g, ' ');
    expect(text).toContain(`passes all ${WORDS[lesson.problem.visibleTests.length]} examples`);
    expect(text).toContain(`fails ${failed} of the ${WORDS[summary.hiddenTotal]} hidden tests`);
  });
});
