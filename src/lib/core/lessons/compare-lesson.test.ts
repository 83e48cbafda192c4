/**
 * Lesson 10 runs every one of its runs through its technique, with the scripted replies as
 * input and the real sandbox under them, and checks what the lesson's text claims of each:
 * the verdict, the hidden tests passed, the model calls and the turns; for CodeT the
 * programs × tests matrix and the winning group, for AgentCoder the designer's tests in each
 * round, for MapCoder the plans and each run of the examples, all worked out by hand from the
 * scripted programs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runTechnique } from '../run/context';
import type { RunEvent } from '../run/events';
import { compareRowOf } from '../views/run-comparison';
import { getTechnique } from '../techniques/registry';
import { scriptedModelFor } from '$lib/runtimes/model/scripted';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';
import { lessonBySlug } from '$lib/testing/lesson-support';
import { notesOfType } from '$lib/testing/run-support';
import { lessonRuns } from './runs';

const lesson = lessonBySlug('compare');
const runs = lessonRuns(lesson);
let sandbox: Sandbox;
const logs = new Map<string, RunEvent[]>();

beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
  for (const { name, run } of runs) {
    const technique = getTechnique(run.technique);
    if (!technique) throw new Error(`no technique ${run.technique}`);
    const record = await runTechnique(technique, run.problem, technique.params.parse(run.params), {
      runtimes: { model: scriptedModelFor(run.model), sandbox },
      seed: run.seed
    });
    expect(record.error, name).toBeUndefined();
    logs.set(name, record.events);
  }
}, 120_000);

const row = (name: string) => compareRowOf(logs.get(name) ?? []);
const P = 'pass';
const F = 'fail';

describe('lesson 10: side by side', () => {
  it('lists the walkthrough first, then each run file, all on the one problem', () => {
    expect(runs.map((r) => [r.name, r.run.technique])).toEqual([
      ['walkthrough', 'direct'],
      ['agentcoder', 'agentcoder'],
      ['codet', 'codet'],
      ['mapcoder', 'mapcoder'],
      ['resample-filter', 'resample-filter'],
      ['self-debug', 'self-debug'],
      ['self-planning', 'self-planning']
    ]);
    expect(new Set(runs.map((r) => r.run.problem.id))).toEqual(new Set(['page-ranges']));
  });

  it('direct generation: one call, fails an example and half the hidden tests', () => {
    expect(row('walkthrough')).toMatchObject({
      status: 'unsolved',
      visiblePassed: false,
      hiddenPassed: 4,
      hiddenTotal: 8,
      modelCalls: 1,
      turns: 1
    });
  });

  it('resample and filter: the second sample passes the examples, not the hidden tests', () => {
    expect(row('resample-filter')).toMatchObject({
      status: 'unsolved',
      visiblePassed: true,
      hiddenPassed: 5,
      modelCalls: 2,
      turns: 1
    });
  });

  it('self-debugging: the same first program, fixed from the failing example in turn 2', () => {
    expect(row('self-debug')).toMatchObject({
      status: 'solved',
      hiddenPassed: 8,
      modelCalls: 2,
      turns: 2
    });
    const firstProgram = (name: string) =>
      logs.get(name)?.find((e) => e.kind === 'note' && e.note.type === 'program');
    const code = (e: RunEvent | undefined) =>
      e?.kind === 'note' && e.note.type === 'program' ? e.note.code : null;
    expect(code(firstProgram('self-debug'))).toBe(code(firstProgram('walkthrough')));
  });

  it('self-planning: plan then code, solved without running anything before grading', () => {
    expect(row('self-planning')).toMatchObject({
      status: 'solved',
      hiddenPassed: 8,
      modelCalls: 2,
      turns: 2
    });
  });

  it('self-debugging re-sends the conversation; self-planning sends the largest prompt', () => {
    const calls = (name: string) =>
      (logs.get(name) ?? []).flatMap((e) => (e.kind === 'model' ? [e] : []));
    const debug = calls('self-debug');
    expect(debug).toHaveLength(2);
    expect(debug[1].result.usage.promptTokens).toBeGreaterThan(debug[0].result.usage.promptTokens);
    const largest = runs
      .map(({ name }) => [name, Math.max(...calls(name).map((c) => c.result.usage.promptTokens))])
      .reduce((a, b) => (b[1] > a[1] ? b : a));
    expect(largest[0]).toBe('self-planning');
  });

  it('CodeT: the tests vote for program 3, where the examples would take program 2', () => {
    expect(row('codet')).toMatchObject({
      status: 'solved',
      hiddenPassed: 8,
      modelCalls: 4,
      turns: 1
    });
    const log = logs.get('codet') ?? [];
    // program 1 (direct generation's) turns [4, 5] into a range and repeats page 2; program 2
    // (resample and filter's second sample) only repeats page 2; program 3 drops repeats
    const cells = notesOfType(log, 'codet-program').map((p) => p.cells);
    expect(cells).toEqual([
      [P, F, F, P],
      [P, P, F, P],
      [P, P, P, P]
    ]);
    const [groups] = notesOfType(log, 'codet-groups');
    expect(groups.groups.map((g) => [g.programs, g.score])).toEqual([
      [[3], 4],
      [[2], 3],
      [[1], 2]
    ]);
    expect([groups.winner, groups.byExamples]).toEqual([3, 2]);
  });

  it("AgentCoder: the designer's edge tests catch both of round 1's mistakes", () => {
    expect(row('agentcoder')).toMatchObject({
      status: 'solved',
      hiddenPassed: 8,
      modelCalls: 3,
      turns: 2
    });
    const log = logs.get('agentcoder') ?? [];
    // round 1 is direct generation's program: [4, 5] becomes "4-5", [2, 2, 3, 4] "2, 2-4"
    expect(notesOfType(log, 'agentcoder-round').map((r) => r.cells)).toEqual([
      [P, P, F, F, P],
      [P, P, P, P, P]
    ]);
    expect(notesOfType(log, 'decision').at(-1)?.reason).toBe("all the test designer's tests pass");
    expect(notesOfType(log, 'agentcoder-wrong-tests')[0].wrong).toEqual([]);
    const first = (name: string) => notesOfType(logs.get(name) ?? [], 'program')[0]?.code;
    expect(first('agentcoder')).toBe(first('walkthrough'));
    // three calls, yet more prompt tokens than any run but MapCoder's four calls
    const tokensIn = runs
      .map(({ name }) => [name, row(name).tokensIn] as const)
      .sort((a, b) => b[1] - a[1]);
    expect(tokensIn.slice(0, 2).map(([name]) => name)).toEqual(['mapcoder', 'agentcoder']);
  });

  it("MapCoder: plan 1's repair passes the examples, so plan 2's repeats step is never tried", () => {
    expect(row('mapcoder')).toMatchObject({
      status: 'unsolved',
      visiblePassed: true,
      hiddenPassed: 5,
      modelCalls: 4
    });
    const log = logs.get('mapcoder') ?? [];
    const [plans] = notesOfType(log, 'mapcoder-plans');
    expect(plans.plans.map((p) => p.confidence)).toEqual([85, 70]);
    expect(plans.plans[1].steps[0]).toBe('Drop repeated pages, then sort what is left.');
    // the first code is direct generation's: [8, 7] becomes "7-8"; the repair writes two
    // pages one by one and passes all three examples, none of which repeats a page
    expect(notesOfType(log, 'mapcoder-attempt').map((a) => [a.plan, a.round, a.passed])).toEqual([
      [1, 0, 2],
      [1, 1, 3]
    ]);
    const first = (name: string) => notesOfType(logs.get(name) ?? [], 'program')[0]?.code;
    expect(first('mapcoder')).toBe(first('walkthrough'));
    expect(notesOfType(log, 'decision').at(-1)?.reason).toBe("plan 1's code passes the examples");
    // the hidden tests it fails are the three with a repeated page: [1, 1, 2, 3] gives
    // "1, 1-3", [2, 2] "2, 2", and [6, 5, 5, 4, 8] "4, 5, 5, 6, 8"
    const graded = log.flatMap((e) =>
      e.kind === 'execute' && e.request.suite === 'hidden' ? e.result.tests : []
    );
    expect(graded.flatMap((t, i) => (t.status === 'pass' ? [] : [i + 1]))).toEqual([2, 7, 8]);
  });

  it('self-planning runs no program before grading; the others run the examples first', () => {
    const suites = (name: string) =>
      (logs.get(name) ?? []).flatMap((e) => (e.kind === 'execute' ? [e.request.suite] : []));
    expect(suites('self-planning')).toEqual(['visible', 'hidden']);
    expect(suites('self-debug')).toEqual(['visible', 'visible', 'hidden']);
    expect(suites('resample-filter')).toEqual(['visible', 'visible', 'hidden']);
  });
});
