/**
 * BFS and resample-and-filter end to end on the tree-search lesson, with the real Pyodide
 * sandbox: the lesson's scripted replies are the input; strategies, levels, parallel
 * evaluation, the budget and the hidden grading are real. Strict replay of the recorded run.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { bfsParams, treeBfs } from './bfs';
import { resampleFilter, resampleParams } from './resample-filter';
import { effectsOf, runTechnique } from '../../run/context';
import type { RunEvent } from '../../run/events';
import { outcomeAt } from '../../views/timeline';
import { treeAt } from '../../views/tree';
import { parseStrategies } from './prompts';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';
import {
  expectExactReplay,
  expectHiddenTestsUnseen,
  lessonInputs,
  noteOf
} from '$lib/testing/tree-support';

const { problem, walkthrough, script } = lessonInputs('lessons/06-tree-search');
const params = bfsParams.parse({ width: 2, depth: 2, budget: 8 });
const fenced = (code: string) => '```python\n' + code + '```\n';

let sandbox: Sandbox;
let recorded: RunEvent[];

beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
  const run = await runTechnique(treeBfs, problem, params, {
    runtimes: { model: script(), sandbox },
    seed: 1
  });
  expect(run.error).toBeUndefined();
  recorded = run.events;
});

describe('tree-bfs on the lesson', () => {
  it('writes one program per strategy, then refines each failing program', () => {
    const [strategies] = noteOf(recorded, 'tree-strategies');
    expect(strategies.strategies).toHaveLength(2);
    expect(strategies.strategies[1]).toMatch(/^Use itertools.groupby/);
    const nodes = noteOf(recorded, 'tree-node');
    expect(nodes.map((n) => [n.id, n.parent, n.depth])).toEqual([
      [1, 0, 1],
      [2, 0, 1],
      [3, 1, 2],
      [4, 1, 2],
      [5, 2, 2],
      [6, 2, 2]
    ]);
    expect(nodes[4].strategy).toBe(strategies.strategies[1]);
    expect(noteOf(recorded, 'tree-frontier').map((f) => f.expand)).toEqual([[0], [1, 2]]);
    const calls = effectsOf(recorded).filter((e) => e.kind === 'model');
    expect(calls[1].request.messages.at(-1)?.content).toContain(
      'Approach to follow: Walk the string once'
    );
    expect(calls[5].request.messages.at(-1)?.content).toContain(
      "object of type 'itertools._grouper' has no len()"
    );
  });

  it('scores each level by the examples, run in parallel, and stops at the first pass', () => {
    const levels = noteOf(recorded, 'tree-evaluate');
    expect(levels.map((l) => l.nodes.map((r) => `${r.id}:${r.passed}/${r.total}`))).toEqual([
      ['1:1/3', '2:1/3'],
      ['3:2/3', '4:3/3', '5:3/3', '6:3/3']
    ]);
    // the four programs of level 2 run as four executions, in the order they were started
    const runs = effectsOf(recorded).filter((e) => e.kind === 'execute');
    expect(runs.map((e) => e.label).slice(2, 6)).toEqual([
      'run the examples on node 3',
      'run the examples on node 4',
      'run the examples on node 5',
      'run the examples on node 6'
    ]);
    expect(noteOf(recorded, 'tree-answer')[0]).toMatchObject({ id: 4, used: 7 });
    expect(outcomeAt(recorded)).toMatchObject({ status: 'solved', hiddenPassed: 7 });
    expect(treeAt(recorded)?.nodes[4].exec).toBe(runs[3].seq);
  });

  it('never shows a hidden test to the model, nor uses one for a reward', () => {
    expectHiddenTestsUnseen(recorded, problem);
  });

  it('replays the recorded log exactly, without executing anything', () =>
    expectExactReplay(treeBfs, problem, params, recorded, sandbox));

  it('stops when the budget is spent, mid-level, and still grades the best program', async () => {
    const run = await runTechnique(
      treeBfs,
      problem,
      { ...params, budget: 4 },
      {
        runtimes: { model: script(), sandbox },
        seed: 1
      }
    );
    expect(effectsOf(run.events).filter((e) => e.kind === 'model')).toHaveLength(4);
    expect(noteOf(run.events, 'tree-node').map((n) => n.id)).toEqual([1, 2, 3]);
    expect(noteOf(run.events, 'tree-answer')[0]).toMatchObject({
      id: 3,
      used: 4,
      reason: expect.stringContaining('budget of 4 model calls is spent')
    });
    expectHiddenTestsUnseen(run.events, problem);
  });
});

describe('resample-filter', () => {
  it('samples the same prompt with new seeds until one passes the examples', async () => {
    const [, first, second, , right] = walkthrough.responses;
    const run = await runTechnique(resampleFilter, problem, resampleParams.parse({ budget: 8 }), {
      runtimes: { model: script([first, 'No code today.', second, right]), sandbox },
      seed: 1
    });
    expect(run.error).toBeUndefined();
    const calls = effectsOf(run.events).filter((e) => e.kind === 'model');
    expect(calls).toHaveLength(4);
    expect(new Set(calls.map((c) => JSON.stringify(c.request.messages))).size).toBe(1);
    expect(new Set(calls.map((c) => c.request.seed)).size).toBe(4);
    const tree = treeAt(run.events);
    expect(tree?.nodes.map((n) => [n.parent, n.status, n.reward])).toEqual([
      [null, 'pending', null],
      [0, 'ok', 1 / 3],
      [0, 'no-code', 0],
      [0, 'ok', 1 / 3],
      [0, 'ok', 1]
    ]);
    expect(outcomeAt(run.events)).toMatchObject({ status: 'solved' });
    expectHiddenTestsUnseen(run.events, problem);
  });

  it('on the budget of calls alone: none passes, the best is graded', async () => {
    const [, first, second] = walkthrough.responses;
    const run = await runTechnique(resampleFilter, problem, resampleParams.parse({ budget: 2 }), {
      runtimes: { model: script([first, second, fenced(problem.reference ?? '')]), sandbox },
      seed: 1
    });
    expect(effectsOf(run.events).filter((e) => e.kind === 'model')).toHaveLength(2);
    expect(noteOf(run.events, 'tree-answer')[0]).toMatchObject({ id: 1, used: 2 });
    expect(outcomeAt(run.events)).toMatchObject({ status: 'unsolved' });
  });
});

describe('parseStrategies', () => {
  it('takes numbered or bulleted items, joins continuation lines, and keeps at most width', () => {
    expect(parseStrategies('Ideas:\n1. loop\n   with a counter\n2) groupby\n3. regex', 2)).toEqual([
      'loop with a counter',
      'groupby'
    ]);
    expect(parseStrategies('- a\n* b', 3)).toEqual(['a', 'b']);
    expect(parseStrategies('```python\n1. not this\n```\nNothing else.', 3)).toEqual([]);
  });
});
