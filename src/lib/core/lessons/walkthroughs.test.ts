/**
 * Every lesson in `lessons/` (read from the folder, so a new lesson is covered the day it is
 * added): its walkthrough, and its comparison run if it has one, run through the real
 * technique in the real Pyodide sandbox with the scripted replies as input, and end with a
 * verdict from the hidden tests — not an error, not replies running out. The techniques'
 * own tests check each lesson's story in detail; this one checks that none is broken, and the
 * tree-search lesson's comparison with the resample-and-filter baseline its text describes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { runTechnique, effectsOf } from '../run/context';
import { outcomeAt, stopsOf } from '../views/timeline';
import { getTechnique } from '../techniques/registry';
import type { Lesson } from './load';
import type { Walkthrough } from './schema';
import { createSimulatedUser } from '../techniques/clarify/simulated-user';
import type { AskResult, Asker, Sandbox } from '../run/effects';
import type { RunEvent } from '../run/events';
import { chooseCase, choiceKnob, pathLength } from '../run/script-choice';
import { loadLesson } from '$lib/testing/lessons';
import { ScriptedModel } from '$lib/runtimes/model/scripted';
import { sharedPythonSandbox } from '$lib/testing/shared-python';

const folders = readdirSync('lessons')
  .filter((f) => /^\d{2}-/.test(f))
  .sort();

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
});

/** One scripted run of `technique` on the lesson's problem (a simulated user answers asks). */
async function scripted(
  lesson: Lesson,
  technique: string,
  params: Record<string, unknown>,
  script: Walkthrough,
  answer?: string
) {
  const found = getTechnique(technique);
  if (!found) throw new Error(`no technique ${technique}`);
  const model = new ScriptedModel(script.id, script.responses, script.answer, script.choose);
  // A learner's typed answer when a path is chosen by it; else the simulated user (an oracle).
  const asker: Asker = answer
    ? { ask: async (request) => ({ answers: request.questions.map(() => answer), by: 'learner' }) }
    : createSimulatedUser({ problem: lesson.problem, sandbox });
  const run = await runTechnique(found, lesson.problem, found.params.parse(params), {
    runtimes: { model, sandbox, asker },
    seed: 1
  });
  expect(run.error, `${technique} on ${lesson.slug}`).toBeUndefined();
  return run.events;
}

describe('every lesson', () => {
  it.each(folders)('%s: the walkthrough (and comparison) end with a verdict', async (folder) => {
    const lesson = loadLesson(folder);
    const events = await scripted(
      lesson,
      lesson.meta.technique,
      lesson.meta.params,
      lesson.walkthrough
    );
    const outcome = outcomeAt(events);
    expect(outcome?.status, `${folder}: ${outcome?.message}`).toMatch(/^(solved|unsolved)$/);
    expect(outcome?.hiddenTotal).toBe(lesson.problem.hiddenTests.length);
    // every scripted reply of the path is used: replies left over claim steps it never shows
    const calls = effectsOf(events).filter((e) => e.kind === 'model').length;
    const { choose } = lesson.walkthrough;
    const chosen = choose
      ? chooseCase(choose, {
          params: lesson.meta.params,
          answers: latestAsk(events)
        })
      : null;
    expect(calls, `${folder}: model calls vs scripted replies`).toBe(
      pathLength(lesson.walkthrough, chosen)
    );
    // every prediction point comes before a step the walkthrough has (lessons 1–9: two or more)
    const lastStep = stopsOf(events).length - 1;
    for (const p of lesson.meta.predict ?? [])
      expect(p.before, `${folder}: "${p.question}"`).toBeLessThanOrEqual(lastStep);
    if (lesson.runs.length === 0)
      expect(lesson.meta.predict?.length ?? 0, `${folder}: predictions`).toBeGreaterThanOrEqual(2);
    if (lesson.baseline) {
      const { technique, params, ...script } = lesson.baseline;
      const other = outcomeAt(await scripted(lesson, technique, params, script));
      expect(other?.status, `${folder} compare: ${other?.message}`).toMatch(/^(solved|unsolved)$/);
    }
  });
});

/** The answers of a log's latest ask effect. */
function latestAsk(events: readonly RunEvent[]): string[] {
  const asks = effectsOf(events).filter((e) => e.kind === 'ask');
  return asks.length ? (asks.at(-1)!.result as AskResult).answers : [];
}

/** Every case of every lesson's scripted choice: the learner's answer or knob picks a path. */
const choices = folders.flatMap((folder) => {
  const choose = loadLesson(folder).walkthrough.choose;
  return (choose?.cases ?? []).map((c, i) => ({ folder, i, name: c.name }));
});

describe('every path of a scripted choice', () => {
  it.each(choices)('$folder: $name', async ({ folder, i }) => {
    const lesson = loadLesson(folder);
    const choose = lesson.walkthrough.choose!;
    const picked = choose.cases[i];
    const knob = choiceKnob(choose);
    const params =
      knob && picked.when !== undefined
        ? { ...lesson.meta.params, [knob]: picked.when }
        : lesson.meta.params;
    // A knob's case for anything else has no value to set: it is what the lesson's own knob gives.
    const answer = knob === null ? picked.example : undefined;
    const events = await scripted(
      lesson,
      lesson.meta.technique,
      params,
      lesson.walkthrough,
      answer
    );
    const outcome = outcomeAt(events);
    expect(outcome?.status, `${folder}, ${picked.name}: ${outcome?.message}`).toBe(picked.expect);
    // the path taken is this case's, to its last reply
    const calls = effectsOf(events).filter((e) => e.kind === 'model');
    expect(calls.length).toBe(pathLength(lesson.walkthrough, picked));
    expect(calls.at(-1)?.result.text).toBe(picked.responses.at(-1));
  });
});

describe('the tree-search lesson beside its baseline', () => {
  it('resample and filter, on the same budget, passes the examples at its third sample', async () => {
    const lesson = loadLesson(folders.find((f) => f.endsWith('-tree-search')) ?? '');
    const compare = lesson.baseline;
    expect(compare?.technique).toBe('resample-filter');
    expect(compare?.params.budget).toBe(lesson.meta.params.budget);
    const { technique, params, ...script } = compare!;
    const events = await scripted(lesson, technique, params, script);
    const calls = effectsOf(events).filter((e) => e.kind === 'model');
    expect(calls).toHaveLength(3);
    // the same prompt each time, only the seed changes
    expect(new Set(calls.map((c) => JSON.stringify(c.request.messages))).size).toBe(1);
    expect(new Set(calls.map((c) => c.request.seed)).size).toBe(3);
    expect(outcomeAt(events)).toMatchObject({ status: 'solved', hiddenPassed: 7, hiddenTotal: 7 });
    // the tree's walkthrough needs 7 calls for its answer: the text says so
    const tree = await scripted(
      lesson,
      lesson.meta.technique,
      lesson.meta.params,
      lesson.walkthrough
    );
    expect(effectsOf(tree).filter((e) => e.kind === 'model')).toHaveLength(7);
    expect(lesson.body.replace(/\s+/g, ' ')).toContain("3 calls, against the tree's 7");
  });
});
