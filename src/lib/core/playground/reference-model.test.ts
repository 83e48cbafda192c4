/**
 * The reference-echo demo through the real techniques and sandbox: the scripted replies are
 * the problem's reference, and the grading under them is real (a wrong reference fails).
 */
import { loadSelfDebuggingLesson } from '$lib/testing/self-debugging-lesson';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';
import { scriptedModelFor } from '$lib/runtimes/model/scripted';
import { runTechnique } from '../run/context';
import { countersAt, outcomeAt } from '../views/timeline';
import type { Problem } from '../problems/problem';
import { getTechnique, techniqueIds } from '../techniques/registry';
import {
  ECHO_LABEL,
  ECHO_PLANS_LABEL,
  ECHO_TECHNIQUES,
  ECHO_TESTS_LABEL,
  referenceEcho
} from './reference-model';

const problem = loadSelfDebuggingLesson().problem;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
}, 120_000);

async function run(technique: string, params: Record<string, unknown>, of: Problem = problem) {
  const t = getTechnique(technique)!;
  const parsed = t.params.parse(params) as Record<string, unknown>;
  const echo = referenceEcho(of, technique);
  if (!echo.ok) throw new Error(echo.reason);
  const record = await runTechnique(t, of, parsed, {
    runtimes: { model: scriptedModelFor(echo.model), sandbox },
    seed: 1
  });
  return { record, echo };
}

describe('referenceEcho', () => {
  it('is offered only for techniques whose every call asks for a program', () => {
    expect(ECHO_TECHNIQUES.every((id) => techniqueIds.includes(id))).toBe(true);
    const planning = referenceEcho(problem, 'self-planning');
    expect(planning.ok || planning.reason).toMatch(/only techniques whose every model call/);
    const none = referenceEcho({ ...problem, reference: undefined }, 'self-debug');
    expect(none.ok || none.reason).toBe('Add a reference solution to the problem to try the demo.');
  });

  it('self-debugging with the reference: solved in one call, labelled as scripted', async () => {
    const { record, echo } = await run('self-debug', {});
    expect(echo.model.label).toBe(ECHO_LABEL);
    expect(record.error).toBeUndefined();
    expect(outcomeAt(record.events)).toMatchObject({
      status: 'solved',
      hiddenPassed: problem.hiddenTests.length
    });
    expect(countersAt(record.events).modelCalls).toBe(1);
  });

  it('a wrong reference is graded as wrong, and the replies last every turn', async () => {
    const wrong = { ...problem, reference: 'def count_windows(values, k, limit):\n    return 1\n' };
    for (const maxTurns of [3, 10]) {
      const { record } = await run('self-debug', { maxTurns }, wrong);
      expect(record.error).toBeUndefined();
      expect(outcomeAt(record.events)?.status).toBe('unsolved');
      expect(countersAt(record.events).modelCalls).toBe(maxTurns);
    }
  });

  it('sampling gets one reply per sample', async () => {
    const { record } = await run('sampling', { n: 3 });
    expect(record.error).toBeUndefined();
    expect(countersAt(record.events).modelCalls).toBe(3);
  });

  it('CodeT: the examples are its tests, every program is the reference, one group wins', async () => {
    const { record, echo } = await run('codet', { n: 3 });
    expect(echo.model.label).toBe(ECHO_TESTS_LABEL);
    expect(record.error).toBeUndefined();
    const tests = record.events.find((e) => e.kind === 'note' && e.note.type === 'codet-tests');
    // The lesson's three examples, as asserts, all kept.
    expect(tests?.kind === 'note' && tests.note.type === 'codet-tests' && tests.note.kept).toEqual([
      expect.objectContaining({ source: 'assert count_windows([1, 2, 3, 4], 2, 5) == 2' }),
      expect.objectContaining({ source: 'assert count_windows([5, 1, 1], 3, 7) == 1' }),
      expect.objectContaining({ source: 'assert count_windows([2, 2], 3, 10) == 0' })
    ]);
    const groups = record.events.find((e) => e.kind === 'note' && e.note.type === 'codet-groups');
    expect(groups?.kind === 'note' && groups.note).toMatchObject({
      groups: [{ programs: [1, 2, 3], passed: [1, 2, 3], score: 9 }],
      winner: 1
    });
    expect(outcomeAt(record.events)?.status).toBe('solved');
  });

  it("AgentCoder: the examples are the designer's tests, the reference passes them in round 1", async () => {
    const { record, echo } = await run('agentcoder', {});
    expect(echo.model.label).toBe(ECHO_TESTS_LABEL);
    expect(record.error).toBeUndefined();
    const tests = record.events.find(
      (e) => e.kind === 'note' && e.note.type === 'agentcoder-tests'
    );
    expect(
      tests?.kind === 'note' && tests.note.type === 'agentcoder-tests' && tests.note.kinds
    ).toEqual(['basic', 'basic', 'basic']);
    const stop = record.events.find(
      (e) => e.kind === 'note' && e.note.type === 'decision' && e.note.action === 'stop'
    );
    expect(stop?.kind === 'note' && stop.note).toMatchObject({
      turn: 1,
      reason: "all the test designer's tests pass"
    });
    expect(outcomeAt(record.events)?.status).toBe('solved');
  });

  it('MapCoder: plan 1 fails through its debug rounds, then plan 2 (the reference) passes', async () => {
    const { record, echo } = await run('mapcoder', {});
    expect(echo.model.label).toBe(ECHO_PLANS_LABEL);
    expect(record.error).toBeUndefined();
    const notes = record.events.flatMap((e) => (e.kind === 'note' ? [e.note] : []));
    const attempts = notes.flatMap((n) =>
      n.type === 'mapcoder-attempt' ? [[n.plan, n.round, n.passed, n.total]] : []
    );
    const total = problem.visibleTests.length;
    expect(attempts).toEqual([
      [1, 0, 0, total],
      [1, 1, 0, total],
      [1, 2, 0, total],
      [2, 0, total, total]
    ]);
    expect(notes.flatMap((n) => (n.type === 'decision' ? [n.reason] : []))).toEqual([
      "debug plan 1's code (round 1 of 2)",
      "debug plan 1's code (round 2 of 2)",
      'plan 1 still fails after 2 debug rounds; go to the next plan',
      "plan 2's code passes the examples"
    ]);
    expect(outcomeAt(record.events)?.status).toBe('solved');
  });

  it('has a reply for the most calls any run can make, so a fork with other knobs has them too', () => {
    const replies = (technique: string) => {
      const echo = referenceEcho(problem, technique);
      return echo.ok && echo.model.kind === 'scripted' ? echo.model.responses.length : 0;
    };
    // self-debug: 10 turns + 5 extensions of 3; sampling: n ≤ 20; CodeT: the tests and n ≤ 10
    // programs; AgentCoder: the tests and maxRounds ≤ 6 programs; MapCoder: its five scripted
    // replies, then 2 + 5 plans × (1 + 5 rounds); resample: budget ≤ 60.
    expect(ECHO_TECHNIQUES.map(replies)).toEqual([1, 25, 20, 11, 7, 37, 60]);
  });
});
