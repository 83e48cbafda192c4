/**
 * MCTS (LATS-style) end to end on the MCTS lesson: the lesson's scripted replies are the
 * input; selection, the Python runs in the real Pyodide sandbox, reflections, backup and the
 * hidden grading are real. Also: budget accounting, the hidden tests never reaching a prompt
 * or a reward, and a strict replay of the recorded run.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mctsParams, treeMcts } from './mcts';
import { effectsOf, runTechnique } from '../../run/context';
import type { RunEvent } from '../../run/events';
import { outcomeAt, stopsOf } from '../../views/timeline';
import { treeAt } from '../../views/tree';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';
import {
  expectExactReplay,
  expectHiddenTestsUnseen,
  lessonInputs,
  noteOf
} from '$lib/testing/tree-support';

const { problem, script } = lessonInputs('lessons/07-mcts');
const params = mctsParams.parse({ iterations: 3, children: 2, weight: 1, budget: 12 });

let sandbox: Sandbox;
let recorded: RunEvent[];

beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
  const run = await runTechnique(treeMcts, problem, params, {
    runtimes: { model: script(), sandbox },
    seed: 1
  });
  expect(run.error).toBeUndefined();
  recorded = run.events;
});

describe('tree-mcts on the lesson', () => {
  it('rewards each child by the share of examples it really passes', () => {
    const rewards = noteOf(recorded, 'tree-evaluate').flatMap((n) => n.nodes);
    expect(rewards.map((r) => [r.id, r.passed, r.total])).toEqual([
      [1, 1, 3],
      [2, 2, 3],
      [3, 2, 3],
      [4, 0, 3],
      [5, 3, 3],
      [6, 1, 3]
    ]);
  });

  it('selects by UCT: root, then node 2, then the less-visited node 1', () => {
    const selects = noteOf(recorded, 'tree-select');
    expect(selects.map((s) => s.path)).toEqual([[0], [0, 2], [0, 1]]);
    // Iteration 2: N_root = 2; both children N = 1: V/N + √(ln 2) = 1/3 + 0.8326, 2/3 + 0.8326 (1.1659, 1.4992).
    expect(selects[1].candidates.map((c) => c.uct)).toEqual([
      expect.closeTo(1.1659, 4),
      expect.closeTo(1.4992, 4)
    ]);
    // Iteration 3: N_root = 4; node 1 (N 1, V 1/3) 1.5107 beats node 2 (N 3, V 4/3) 1.1242.
    expect(selects[2].candidates.map((c) => [c.id, c.visits])).toEqual([
      [1, 1],
      [2, 3]
    ]);
    expect(selects[2].candidates[0].uct).toBeCloseTo(1.5107, 4);
    expect(selects[2].candidates[1].uct).toBeCloseTo(1.1242, 4);
  });

  it('reflects on each failing child and feeds the path’s reflections to the expansion', () => {
    expect(noteOf(recorded, 'tree-reflect').map((r) => r.id)).toEqual([1, 2, 3, 4]);
    const calls = effectsOf(recorded).filter((e) => e.kind === 'model');
    // Call 9 expands node 1: its code, its failures and its reflection are in the prompt.
    const prompt = calls[8].request.messages.at(-1)?.content ?? '';
    expect(prompt).toContain('while str(n) != str(n)[::-1]');
    expect(prompt).toContain('next_palindrome(8) returned 8, expected 9');
    expect(prompt).toContain('start counting at n + 1');
    expect(prompt).not.toContain('nines');
  });

  it('backs rewards up to the root', () => {
    const backups = noteOf(recorded, 'tree-backup');
    expect(backups.map((b) => b.updates.find((u) => u.id === 0))).toEqual([
      { id: 0, visits: 2, value: 1 },
      { id: 0, visits: 4, value: expect.closeTo(5 / 3, 10) },
      { id: 0, visits: 6, value: expect.closeTo(3, 10) }
    ]);
    const tree = treeAt(recorded);
    expect(tree?.nodes.map((n) => n.visits)).toEqual([6, 3, 3, 1, 1, 1, 1]);
  });

  it('stops at the first program that passes the examples; the hidden tests grade it', () => {
    expect(noteOf(recorded, 'tree-answer')).toEqual([
      {
        type: 'tree-answer',
        id: 5,
        reason: 'node 5 passes every example: it is the answer',
        used: 10
      }
    ]);
    expect(outcomeAt(recorded)).toMatchObject({
      status: 'solved',
      hiddenPassed: 9,
      hiddenTotal: 9,
      code: expect.stringContaining('n += 1')
    });
  });

  it('never shows a hidden test to the model, nor uses one for a reward', () => {
    expectHiddenTestsUnseen(recorded, problem);
  });

  it('makes each phase its own step', () => {
    const stops = stopsOf(recorded);
    for (const type of ['tree-select', 'tree-evaluate', 'tree-backup', 'tree-answer']) {
      const at = recorded.findIndex((e) => e.kind === 'note' && e.note.type === type);
      expect(stops, type).toContain(at);
    }
  });

  it('replays the recorded log exactly, without executing anything', () =>
    expectExactReplay(treeMcts, problem, params, recorded, sandbox));
});

describe('tree-mcts budget', () => {
  it('never makes more model calls than the budget, and says why it stopped', async () => {
    const run = await runTechnique(
      treeMcts,
      problem,
      { ...params, budget: 5 },
      {
        runtimes: { model: script(), sandbox },
        seed: 1
      }
    );
    expect(run.error).toBeUndefined();
    const calls = effectsOf(run.events).filter((e) => e.kind === 'model');
    expect(calls).toHaveLength(5);
    // 2 children + 2 reflections in iteration 1, then one child of node 2: its reflection
    // finds the budget spent.
    expect(noteOf(run.events, 'tree-node').map((n) => n.id)).toEqual([1, 2, 3]);
    expect(noteOf(run.events, 'tree-reflect').map((n) => n.id)).toEqual([1, 2]);
    expect(noteOf(run.events, 'tree-answer')[0]).toMatchObject({
      id: 2,
      used: 5,
      reason: expect.stringContaining('the budget of 5 model calls is spent')
    });
    expect(outcomeAt(run.events)).toMatchObject({ status: 'unsolved' });
    expectHiddenTestsUnseen(run.events, problem);
  });
});
