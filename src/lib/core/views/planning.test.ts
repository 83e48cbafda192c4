/**
 * The plan checklist and the turn cards, reduced from real runs (scripted replies, the real
 * Pyodide sandbox) of the self-planning and self-debugging lessons.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { lessonBySlug } from '$lib/testing/lesson-support';
import { scriptedRun } from '../lessons/runs';
import { runTechnique } from '../run/context';
import type { RunEvent } from '../run/events';
import type { Lesson } from '../lessons/load';
import { stopsOf } from './timeline';
import {
  currentTurn,
  firstLine,
  planAt,
  proseOf,
  rangesOfStep,
  stepAtLine,
  turnsAt
} from './planning';
import { getTechnique } from '../techniques/registry';
import { scriptedModelFor } from '$lib/runtimes/model/scripted';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
});

async function playLesson(lesson: Lesson, params: Record<string, unknown> = {}) {
  const run = scriptedRun(
    lesson.meta.technique,
    { ...lesson.meta.params, ...params },
    lesson.problem,
    lesson.walkthrough
  );
  const technique = getTechnique(run.technique);
  if (!technique) throw new Error(`no technique ${run.technique}`);
  const model = scriptedModelFor(run.model);
  const record = await runTechnique(technique, run.problem, technique.params.parse(run.params), {
    runtimes: { model, sandbox },
    seed: 1
  });
  expect(record.error).toBeUndefined();
  return record.events;
}

const seqOf = (events: RunEvent[], test: (e: RunEvent) => boolean) => events.findIndex(test);

describe('planAt', () => {
  it('shows the plan unticked, then ticks the steps the program marks', async () => {
    const events = await playLesson(lessonBySlug('self-planning'));
    expect(planAt([])).toBeNull();
    const planSeq = seqOf(events, (e) => e.kind === 'note' && e.note.type === 'plan');
    const early = planAt(events.slice(0, planSeq + 1));
    expect(early?.steps.map((s) => s.done)).toEqual([false, false, false, false, false, false]);
    expect(early?.mapped).toBe(false);

    const plan = planAt(events);
    expect(plan?.mapped).toBe(true);
    expect(plan?.steps.map((s) => s.done)).toEqual([true, true, true, true, true, true]);
    // The program (see the lesson's walkthrough) marks step 1 on lines 2-3 and step 4 on lines 9-12.
    expect(rangesOfStep(plan, 1)).toEqual([{ from: 2, to: 3 }]);
    expect(rangesOfStep(plan, 4)).toEqual([{ from: 9, to: 12 }]);
    expect(stepAtLine(plan, 3)).toBe(1);
    expect(stepAtLine(plan, 10)).toBe(4);
    expect(stepAtLine(plan, 1)).toBeNull();
    expect(stepAtLine(plan, null)).toBeNull();
    expect(rangesOfStep(plan, 99)).toEqual([]);
    expect(rangesOfStep(null, 1)).toEqual([]);
  });
});

describe('turnsAt', () => {
  it('makes one card per turn of the self-debugging lesson, with results, feedback, fixes and the stop', async () => {
    const events = await playLesson(lessonBySlug('self-debugging'));
    const cards = turnsAt(events);
    expect(cards.map((c) => [c.turn, c.version, c.result?.passed, c.result?.total])).toEqual([
      [1, 1, 2, 3],
      [2, 2, 2, 3],
      [3, 3, 3, 3]
    ]);
    expect(cards[0].feedback).toMatch(/^The code failed 1 of 3 examples/);
    expect(cards[0].fix).toEqual({
      version: 2,
      says: 'The loop stops one window early: `range(len(values) - k)` never reaches the last start position.'
    });
    expect(cards[1].fix?.version).toBe(3);
    expect(cards.map((c) => c.stop)).toEqual([null, null, 'all visible examples pass']);
    expect(cards[2].fix).toBeNull();
    expect(cards[2].feedback).toBeNull();
    // The hidden grading belongs to no card: the last card ends at the stop decision.
    const stop = events[cards[2].endSeq];
    expect(stop.kind === 'note' && stop.note.type === 'decision' && stop.note.action).toBe('stop');
    // Each card ends just before the next turn's model call.
    expect(cards[0].endSeq).toBe(cards[1].startSeq - 1);

    // A prefix shows only what happened so far.
    const partial = turnsAt(events.slice(0, cards[1].startSeq + 1));
    expect(partial).toHaveLength(2);
    expect(partial[1]).toMatchObject({ version: null, result: null, feedback: null });
    expect(partial[0].fix).toEqual({ version: null, says: cards[0].fix?.says });

    // The cursor's turn: none at the start, the last one at the end.
    expect(currentTurn(cards, 0)).toBe(-1);
    expect(currentTurn(cards, cards[1].startSeq + 1)).toBe(1);
    expect(currentTurn(cards, events.length)).toBe(2);
    // Jumping to a card's end shows the whole card and nothing of the next turn.
    const stops = stopsOf(events);
    const at = stops.find((p) => p > cards[0].endSeq) ?? -1;
    expect(turnsAt(events.slice(0, at))).toHaveLength(1);
    expect(turnsAt(events.slice(0, at))[0]).toEqual({ ...cards[0], fix: null });
  });

  it('stops at the turn cap and says so on the last card', async () => {
    const events = await playLesson(lessonBySlug('self-debugging'), { maxTurns: 2 });
    const cards = turnsAt(events);
    expect(cards).toHaveLength(2);
    expect(cards[1].stop).toBe('the turn cap (2) is reached');
    expect(cards[1].feedback).toBeNull();
  });
});

describe('text helpers', () => {
  it('takes the first line and the prose before the code', () => {
    expect(firstLine('\n\n  hello  \nworld')).toBe('hello');
    expect(firstLine('x'.repeat(200), 10)).toBe('xxxxxxxxx…');
    expect(proseOf('Fix the bound:\n```python\ncode\n```')).toBe('Fix the bound.');
    expect(proseOf('```python\ncode\n```')).toBe('');
    expect(proseOf('First idea.\nSecond line. More.\n\nLater.')).toBe('First idea.');
    expect(proseOf('Use 3.5 as\nthe limit: done')).toBe('Use 3.5 as the limit: done');
  });
});
