/**
 * Lesson 10 runs every one of its runs through its technique, with the scripted replies as
 * input and the real sandbox under them, and checks what the lesson's text claims of each:
 * the verdict, the hidden tests passed, the model calls and the turns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTechnique } from '../run/context';
import type { RunEvent } from '../run/events';
import { compareRowOf } from '../views/run-comparison';
import { getTechnique } from '../techniques/registry';
import { scriptedModelFor } from '$lib/runtimes/model/scripted';
import { createNodeSandbox, type NodeSandbox } from '$lib/runtimes/python/node-sandbox';
import { lessonBySlug } from '$lib/testing/lesson-support';
import { lessonRuns } from './runs';

const lesson = lessonBySlug('compare');
const runs = lessonRuns(lesson);
let sandbox: NodeSandbox;
const logs = new Map<string, RunEvent[]>();

beforeAll(async () => {
  sandbox = await createNodeSandbox();
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
afterAll(() => sandbox?.dispose());

const row = (name: string) => compareRowOf(logs.get(name) ?? []);

describe('lesson 10: side by side', () => {
  it('lists the walkthrough first, then each run file, all on the one problem', () => {
    expect(runs.map((r) => [r.name, r.run.technique])).toEqual([
      ['walkthrough', 'direct'],
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

  it('self-debugging re-sends the conversation; self-planning sends the largest prompts', () => {
    const calls = (logs.get('self-debug') ?? []).flatMap((e) => (e.kind === 'model' ? [e] : []));
    expect(calls).toHaveLength(2);
    expect(calls[1].result.usage.promptTokens).toBeGreaterThan(calls[0].result.usage.promptTokens);
    const tokensIn = runs.map(({ name }) => [name, row(name).tokensIn] as const);
    const largest = tokensIn.reduce((a, b) => (b[1] > a[1] ? b : a));
    expect(largest[0]).toBe('self-planning');
  });

  it('self-planning runs no program before grading; the others run the examples first', () => {
    const suites = (name: string) =>
      (logs.get(name) ?? []).flatMap((e) => (e.kind === 'execute' ? [e.request.suite] : []));
    expect(suites('self-planning')).toEqual(['visible', 'hidden']);
    expect(suites('self-debug')).toEqual(['visible', 'visible', 'hidden']);
    expect(suites('resample-filter')).toEqual(['visible', 'visible', 'hidden']);
  });
});
