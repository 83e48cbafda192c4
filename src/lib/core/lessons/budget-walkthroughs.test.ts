/**
 * Lessons 03 (rubber duck and trace) and 09 (turn budgets) run end to end: their scripted
 * replies through the real technique, the real Pyodide sandbox and the real grading, to the
 * outcome their prose claims. Lessons are found by slug, not by folder number.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { notesOf } from '$lib/testing/run-support';
import { parseLesson, type Lesson } from './load';
import { getTechnique } from '../techniques/registry';
import { effectsOf, runTechnique } from '../run/context';
import { outcomeAt } from '../views/timeline';
import { RunEventSchema } from '../run/events';
import { z } from 'zod';
import { tokensPerCall } from '../views/turn-budget';
import { ScriptedModel } from '$lib/runtimes/model/scripted';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';

function lessonBySlug(slug: string): Lesson {
  const folder = readdirSync('lessons').find((f) => f.replace(/^\d+-/, '') === slug);
  if (!folder) throw new Error(`no lesson with the slug ${slug}`);
  const files = Object.fromEntries(
    readdirSync(join('lessons', folder)).map((f) => [
      f,
      readFileSync(join('lessons', folder, f), 'utf8')
    ])
  );
  return parseLesson({ folder, files });
}

async function walk(lesson: Lesson, params: Record<string, unknown> = {}) {
  const technique = getTechnique(lesson.meta.technique);
  if (!technique) throw new Error('no technique');
  const model = new ScriptedModel(
    lesson.walkthrough.id,
    lesson.walkthrough.responses,
    lesson.walkthrough.answer,
    lesson.walkthrough.choose
  );
  const result = await runTechnique(
    technique,
    lesson.problem,
    technique.params.parse({ ...lesson.meta.params, ...params }),
    { runtimes: { model, sandbox }, seed: 1 }
  );
  expect(result.error).toBeUndefined();
  return result.events;
}

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
});

describe('lesson 03: rubber duck and trace', () => {
  const lesson = lessonBySlug('rubber-duck-and-trace');

  it('traces the failing example; the trace shows the digit being replaced; one fix solves it', async () => {
    expect(lesson.meta.technique).toBe('self-debug');
    expect(lesson.meta.params.feedback).toBe('trace');
    const events = await walk(lesson);
    const traced = effectsOf(events).filter(
      (e) => e.kind === 'execute' && e.request.trace !== undefined
    );
    expect(traced).toHaveLength(1);
    const feedback = notesOf(events).flatMap((n) => (n.type === 'feedback' ? [n.text] : []));
    expect(feedback).toHaveLength(1);
    expect(feedback[0]).toContain('to_minutes("1h30m") returned 60, expected 90');
    expect(feedback[0]).toContain('This is what your code did on to_minutes("1h30m")');
    // The story the walkthrough's second reply tells: number=3, then number=0 on line 6.
    expect(feedback[0]).toMatch(/line 6 → number=3[\s\S]*line 6 → number=0/);
    expect(feedback[0]).toMatch(/line 8 → total=60/);
    expect(feedback[0]).toContain('You have 3 turns left, this one included.');
    expect(outcomeAt(events)).toMatchObject({ status: 'solved', hiddenPassed: 8, hiddenTotal: 8 });
  });

  it('the unit-test feedback alone says only what came out, not where the 30 went', async () => {
    const events = await walk(lesson, { feedback: 'unit-test' });
    const [feedback] = notesOf(events).flatMap((n) => (n.type === 'feedback' ? [n.text] : []));
    expect(feedback).toContain('returned 60, expected 90');
    expect(feedback).not.toContain('number=');
  });
});

describe('lesson 09: turn budgets', () => {
  const lesson = lessonBySlug('turn-budgets');

  it('under the dynamic budget the second reply is granted one more turn, and the third solves it', async () => {
    expect(lesson.meta.params).toMatchObject({ budget: 'dynamic', maxTurns: 2 });
    const events = await walk(lesson);
    const decisions = notesOf(events).flatMap((n) => (n.type === 'turn-budget' ? [n] : []));
    expect(decisions).toEqual([
      expect.objectContaining({ turn: 2, decision: 'granted', turns: 1, cap: 3 })
    ]);
    expect(decisions[0].message).toMatch(/^granted 1 more turn: the minus sign/);
    const feedback = notesOf(events).flatMap((n) => (n.type === 'feedback' ? [n.text] : []));
    expect(feedback[0]).toContain('This is your last turn. If you need more, add a line');
    expect(feedback[1]).toContain("with_commas(-123456) returned '-,123,456'");
    expect(feedback[1]).toContain('This is your last turn. No more turns can be granted.');
    expect(outcomeAt(events)).toMatchObject({ status: 'solved', hiddenPassed: 8, hiddenTotal: 8 });

    // The chart's story: every call re-sends the conversation, so each prompt is longer.
    const tokens = tokensPerCall(events);
    expect(tokens.calls).toHaveLength(3);
    const prompts = tokens.calls.map((c) => c.promptTokens);
    expect(prompts[1]).toBeGreaterThan(prompts[0]);
    expect(prompts[2]).toBeGreaterThan(prompts[1]);
    expect(tokens.marks).toEqual([expect.objectContaining({ afterCall: 2, decision: 'granted' })]);
  });

  it('the recorded run, budget decisions included, passes the log schema and replays exactly', async () => {
    const events = await walk(lesson);
    expect(z.array(RunEventSchema).parse(events)).toEqual(events);
    const technique = getTechnique('self-debug')!;
    const replay = await runTechnique(
      technique,
      lesson.problem,
      technique.params.parse(lesson.meta.params),
      { runtimes: {}, seed: 1, replay: { effects: effectsOf(events), mode: 'strict' } }
    );
    expect(replay.error).toBeUndefined();
    expect(replay.events).toEqual(events);
  });

  it('under a fixed budget the same request is refused and the run stops unsolved at the cap', async () => {
    const events = await walk(lesson, { budget: 'fixed' });
    const decisions = notesOf(events).flatMap((n) => (n.type === 'turn-budget' ? [n] : []));
    expect(decisions.map((d) => d.message)).toEqual(['refused: the budget is fixed']);
    expect(outcomeAt(events)).toMatchObject({ status: 'unsolved' });
    expect(outcomeAt(events)?.message).toContain('the turn cap (2) is reached');
  });

  it('a fixed cap of 3 refuses the request too, but the third turn is in the budget and solves it', async () => {
    const events = await walk(lesson, { budget: 'fixed', maxTurns: 3 });
    const decisions = notesOf(events).flatMap((n) => (n.type === 'turn-budget' ? [n] : []));
    expect(decisions.map((d) => d.message)).toEqual(['refused: the budget is fixed']);
    expect(outcomeAt(events)).toMatchObject({ status: 'solved', hiddenPassed: 8 });
  });
});
