/**
 * The lessons' JavaScript walkthroughs run through their real techniques and the real Node
 * JavaScript sandbox, and end where the shared lesson text says they do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lessonBySlug } from '$lib/testing/lesson-support';
import { notesOf, playScripted, replayStrictly } from '$lib/testing/run-support';
import { runFromFile, scriptedRun } from './runs';
import { effectsOf } from '../run/context';
import type { ExecuteEvent } from '../run/events';
import type { Run } from '../run/run';
import { outcomeAt } from '../views/timeline';
import { planAt } from '../views/planning';
import { compareRowOf } from '../views/run-comparison';
import { getTechnique } from '../techniques/registry';
import { createNodeJsSandbox, type NodeJsSandbox } from '$lib/runtimes/javascript/node/sandbox';

const WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

let sandbox: NodeJsSandbox;
beforeAll(async () => {
  sandbox = await createNodeJsSandbox();
});
afterAll(() => sandbox?.dispose());

async function play(run: Run) {
  const record = await playScripted(run, sandbox);
  expect(record.error).toBeUndefined();
  // The log replays to the same events without running anything.
  const technique = getTechnique(run.technique);
  if (!technique) throw new Error(`no technique ${run.technique}`);
  const params = technique.params.parse(run.params);
  const replay = await replayStrictly(technique, run.problem, params, record.events, {
    sandbox,
    seed: run.seed
  });
  expect(replay.executions).toBe(0);
  expect(replay.run.events).toEqual(record.events);
  return record.events;
}

const executions = (events: Run['events']) =>
  effectsOf(events).filter((e): e is ExecuteEvent => e.kind === 'execute');

function variant(slug: string) {
  const lesson = lessonBySlug(slug);
  const js = lesson.variants.javascript;
  if (!js) throw new Error(`lesson ${slug} has no JavaScript version`);
  return { lesson, js };
}

describe('lesson 2 in JavaScript: self-debugging', () => {
  const { lesson, js } = variant('self-debugging');
  const walkthrough = () =>
    scriptedRun(lesson.meta.technique, lesson.meta.params, js.problem, js.walkthrough);

  it('misses the last window, then breaks the short list, then passes every hidden test', async () => {
    const events = await play(walkthrough());
    const runs = executions(events);
    expect(runs.every((e) => e.request.language === 'javascript')).toBe(true);
    const visible = runs.filter((e) => e.request.suite === 'visible');
    const statuses = visible.map((e) => e.result.tests.map((t) => t.status));
    // 1. the first program misses the last window: one example ([5, 1, 1], k = 3) catches it
    expect(statuses[0]).toEqual(['pass', 'fail', 'pass']);
    expect(visible[0].result.tests[1]).toMatchObject({ actual: '0', expected: '1' });
    // 2. the running sum breaks a different example: a list shorter than k
    expect(statuses[1]).toEqual(['pass', 'pass', 'fail']);
    expect(visible[1].result.tests[2]).toMatchObject({ input: '[2, 2], 3, 10', actual: '1' });
    // 3. the third program passes the examples, and the hidden tests decide
    expect(statuses[2]).toEqual(['pass', 'pass', 'pass']);
    expect(outcomeAt(events)).toMatchObject({
      status: 'solved',
      visiblePassed: true,
      hiddenPassed: 8,
      hiddenTotal: 8
    });
    const feedback = notesOf(events).flatMap((n) => (n.type === 'feedback' ? [n.text] : []));
    expect(feedback[0]).toContain('countWindows([5, 1, 1], 3, 7) returned 0, expected 1');
  });

  it('asks the model for JavaScript and shows it the examples as JavaScript calls', async () => {
    const events = await play(walkthrough());
    const first = effectsOf(events).find((e) => e.kind === 'model');
    if (first?.kind !== 'model') throw new Error('no model call');
    const [system, user] = first.request.messages;
    expect(system.content).toContain('```javascript');
    expect(system.content).not.toMatch(/python/i);
    expect(user.content).toContain('countWindows([5, 1, 1], 3, 7) // => 1');
    // The hidden tests never reach the model.
    expect(user.content).not.toContain('[9, 1, 9, 1, 9]');
  });

  it('fails the hidden tests when the loop is capped before the fix', async () => {
    const capped = { ...walkthrough(), params: { ...lesson.meta.params, maxTurns: 2 } };
    const outcome = outcomeAt(await play(capped));
    expect(outcome).toMatchObject({ status: 'unsolved', visiblePassed: false, hiddenTotal: 8 });
    expect(outcome?.hiddenPassed).toBe(7); // the running sum fails only the empty list
  });
});

describe('lesson 4 in JavaScript: self-planning', () => {
  const { lesson, js } = variant('self-planning');

  it('plans six steps, marks each with // Step N, and passes every hidden test', async () => {
    const events = await play(
      scriptedRun(lesson.meta.technique, lesson.meta.params, js.problem, js.walkthrough)
    );
    const plan = planAt(events);
    expect(plan?.steps).toHaveLength(6);
    expect(plan?.steps.every((s) => s.done)).toBe(true);
    expect(outcomeAt(events)).toMatchObject({
      status: 'solved',
      visiblePassed: true,
      hiddenPassed: 8,
      hiddenTotal: 8
    });
    expect(compareRowOf(events)).toMatchObject({ modelCalls: 2, status: 'solved' });
  });

  it('has a no-plan run that passes the examples and fails the hidden tests the text counts', async () => {
    expect(js.baseline?.technique).toBe('direct');
    if (!js.baseline) return;
    const summary = compareRowOf(await play(runFromFile(js.problem, js.baseline)));
    expect(summary).toMatchObject({ status: 'unsolved', visiblePassed: true, modelCalls: 1 });
    const text = lesson.body.replace(/\s+/g, ' ');
    expect(text).toContain(`passes all ${WORDS[js.problem.visibleTests.length]} examples`);
    expect(text).toContain(
      `fails ${WORDS[summary.hiddenTotal - summary.hiddenPassed]} of the ` +
        `${WORDS[summary.hiddenTotal]} hidden tests`
    );
  });
});
