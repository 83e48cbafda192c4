/**
 * Lesson 11 (CodeT) tells a story its text depends on: of eight test lines six are kept, the
 * last kept one is wrong and every program fails it, programs 4 and 6 form the best group
 * (2 × 5 = 10) while the examples would pick program 2, and the hidden tests pass program 4.
 * With three samples the vote can only take program 2, which fails two hidden tests. Checked
 * here with the real technique and the real Pyodide sandbox, the scripted replies as input.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { runTechnique } from '../run/context';
import type { RunEvent } from '../run/events';
import { outcomeAt, stopsOf } from '../views/timeline';
import { getTechnique } from '../techniques/registry';
import { loadLesson } from '$lib/testing/lessons';
import { ScriptedModel } from '$lib/runtimes/model/scripted';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';

const folder = readdirSync('lessons').find((f) => /^\d{2}-codet$/.test(f));
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
});

async function walkthrough(n?: number) {
  if (!folder) throw new Error('no lessons/NN-codet folder');
  const lesson = loadLesson(folder);
  const technique = getTechnique('codet')!;
  const script = lesson.walkthrough;
  const model = new ScriptedModel(script.id, script.responses, script.answer, script.choose);
  const params = technique.params.parse({ ...lesson.meta.params, ...(n ? { n } : {}) });
  const run = await runTechnique(technique, lesson.problem, params, {
    runtimes: { model, sandbox },
    seed: 1
  });
  expect(run.error).toBeUndefined();
  return { lesson, events: run.events };
}

const note = (events: readonly RunEvent[], type: string) =>
  events.flatMap((e) => (e.kind === 'note' && e.note.type === type ? [e.note] : []));

describe('lesson 11: CodeT', () => {
  it('keeps six of eight lines, and the group of programs 4 and 6 wins', async () => {
    const { lesson, events } = await walkthrough();
    const [tests] = note(events, 'codet-tests') as { kept: unknown[]; dropped: unknown[] }[];
    expect([tests.kept.length, tests.dropped.length]).toEqual([6, 2]);
    const rows = note(events, 'codet-program') as { index: number; cells: string[] | null }[];
    const passed = (cells: string[] | null) =>
      cells?.flatMap((c, i) => (c === 'pass' ? [i + 1] : [])) ?? null;
    expect(rows.map((r) => passed(r.cells))).toEqual([
      [1, 3, 4],
      [1, 2, 3, 5],
      [1, 2, 4],
      [1, 2, 3, 4, 5],
      null, // sample 5 has no program
      [1, 2, 3, 4, 5]
    ]);
    // the wrong sixth test, second_largest([1, 2]) == 2, is failed by every program
    expect(rows.every((r) => r.cells === null || r.cells[5] !== 'pass')).toBe(true);
    const [groups] = note(events, 'codet-groups') as {
      groups: { programs: number[]; score: number }[];
      winner: number;
      byExamples: number;
    }[];
    expect(groups.groups.map((g) => [g.programs, g.score])).toEqual([
      [[4, 6], 10],
      [[2], 4],
      [[1], 3],
      [[3], 3]
    ]);
    expect([groups.winner, groups.byExamples]).toEqual([4, 2]);
    const outcome = outcomeAt(events);
    expect([outcome?.status, outcome?.hiddenPassed]).toEqual(['solved', 9]);

    // The prediction points come before the steps that answer them: step 2 shows the kept
    // tests, step 18 the groups (before the hidden tests run).
    const stops = stopsOf(events);
    const shown = (step: number) => events.slice(0, stops[step]);
    const [first, second] = lesson.meta.predict ?? [];
    expect(note(shown(first.before - 1), 'codet-tests')).toHaveLength(0);
    expect(note(shown(first.before), 'codet-tests')).toHaveLength(1);
    expect(note(shown(second.before - 1), 'codet-groups')).toHaveLength(0);
    expect(note(shown(second.before), 'codet-groups')).toHaveLength(1);
    expect(outcomeAt(shown(second.before))).toBeNull();
  }, 120_000);

  it('with three samples the vote takes program 2, which fails two hidden tests', async () => {
    const { events } = await walkthrough(3);
    const [groups] = note(events, 'codet-groups') as { winner: number }[];
    expect(groups.winner).toBe(2);
    const outcome = outcomeAt(events);
    expect([outcome?.status, outcome?.hiddenPassed]).toEqual(['unsolved', 7]);
  }, 120_000);
});
