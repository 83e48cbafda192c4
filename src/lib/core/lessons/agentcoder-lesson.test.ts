/**
 * Lesson 12 (AgentCoder) tells a story its text depends on: the designer keeps seven tests,
 * two of them of a mean of exactly one half and the last one wrong; the first program, with
 * Python's round(), passes every example but fails both halves and the wrong test; the second
 * fails only the wrong test, and so does the third; the round cap stops the loop, the hidden
 * tests pass, and the reference check marks test 7 wrong. With a cap of one round the program
 * with round() is the answer and half the hidden tests fail. Checked here with the real
 * technique and the real Pyodide sandbox, the scripted replies as input.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { effectsOf, runTechnique } from '../run/context';
import type { RunEvent } from '../run/events';
import { outcomeAt, stopsOf } from '../views/timeline';
import { getTechnique } from '../techniques/registry';
import { loadLesson } from '$lib/testing/lessons';
import { notesOfType } from '$lib/testing/run-support';
import { ScriptedModel } from '$lib/runtimes/model/scripted';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';

const folder = readdirSync('lessons').find((f) => /^\d{2}-agentcoder$/.test(f));
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
});

async function walkthrough(maxRounds?: number) {
  if (!folder) throw new Error('no lessons/NN-agentcoder folder');
  const lesson = loadLesson(folder);
  const technique = getTechnique('agentcoder')!;
  const script = lesson.walkthrough;
  const model = new ScriptedModel(script.id, script.responses, script.answer, script.choose);
  const params = technique.params.parse({
    ...lesson.meta.params,
    ...(maxRounds ? { maxRounds } : {})
  });
  const run = await runTechnique(technique, lesson.problem, params, {
    runtimes: { model, sandbox },
    seed: 1
  });
  expect(run.error).toBeUndefined();
  return { lesson, events: run.events };
}

const P = 'pass';
const F = 'fail';

describe('lesson 12: AgentCoder', () => {
  it("catches round()'s halves with the designer's edge tests, and marks its wrong test", async () => {
    const { lesson, events } = await walkthrough();
    const [tests] = notesOfType(events, 'agentcoder-tests');
    expect(tests.kinds).toEqual(['basic', 'basic', 'basic', 'edge', 'edge', 'edge', 'large']);
    expect(tests.dropped).toEqual([]);
    expect(tests.kept[6].source).toBe('assert mean_score(list(range(101))) == 51');

    // Round 1: round(2.5) is 2 and round(0.5) is 0 (halves go to the even number), and the
    // mean of 0..100 is 5050 / 101 = 50, not 51. Rounds 2 and 3, (2t + n) // 2n, fail only that.
    const rounds = notesOfType(events, 'agentcoder-round');
    expect(rounds.map((r) => [r.round, r.cells])).toEqual([
      [1, [P, P, P, P, F, F, F]],
      [2, [P, P, P, P, P, P, F]],
      [3, [P, P, P, P, P, P, F]]
    ]);
    expect(notesOfType(events, 'decision').at(-1)?.reason).toBe(
      'the round cap is reached (3 rounds)'
    );
    const [wrong] = notesOfType(events, 'agentcoder-wrong-tests');
    expect(wrong.wrong.map((w) => w.index)).toEqual([7]);
    const outcome = outcomeAt(events);
    expect([outcome?.status, outcome?.hiddenPassed, outcome?.hiddenTotal]).toEqual([
      'solved',
      10,
      10
    ]);

    // The designer never saw the first program's round(): its request holds no program line.
    const designer = effectsOf(events).find((e) => e.kind === 'model');
    const asked = designer?.kind === 'model' ? JSON.stringify(designer.request.messages) : '';
    expect(asked).toContain('a mean of 2.5 gives 3');
    expect(asked).not.toContain('round(sum(scores)');

    // The prediction points come before the steps that answer them: the first round's run of
    // the tests, then the hidden tests' grade.
    const stops = stopsOf(events);
    const shown = (step: number) => events.slice(0, stops[step]);
    const hidden = (upTo: RunEvent[]) =>
      effectsOf(upTo).filter((e) => e.kind === 'execute' && e.request.suite === 'hidden');
    const [first, second] = lesson.meta.predict ?? [];
    expect(notesOfType(shown(first.before - 1), 'agentcoder-round')).toHaveLength(0);
    expect(notesOfType(shown(first.before), 'agentcoder-round')).toHaveLength(1);
    expect(notesOfType(shown(second.before - 1), 'agentcoder-round')).toHaveLength(3);
    expect(hidden(shown(second.before - 1))).toHaveLength(0);
    expect(hidden(shown(second.before))).toHaveLength(1);
  }, 120_000);

  it('with a cap of one round, the program with round() is the answer: 5 of 10', async () => {
    const { events } = await walkthrough(1);
    expect(notesOfType(events, 'agentcoder-round')).toHaveLength(1);
    const outcome = outcomeAt(events);
    // it passes every example ([1, 2] has a mean of 1.5, and round(1.5) is 2, an even number)
    // and fails the five hidden tests of a half that rounds down to an even number
    expect([outcome?.status, outcome?.visiblePassed, outcome?.hiddenPassed]).toEqual([
      'unsolved',
      true,
      5
    ]);
  }, 120_000);

  it('two rounds are enough for a right program', async () => {
    const { events } = await walkthrough(2);
    expect(notesOfType(events, 'decision').at(-1)?.reason).toBe(
      'the round cap is reached (2 rounds)'
    );
    expect(outcomeAt(events)?.status).toBe('solved');
  }, 120_000);
});
