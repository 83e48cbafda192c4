/**
 * Repeats over a plan's folders: the shares and pass@k below are derived by hand from which
 * seed solved which task.
 */
import { describe, expect, it } from 'vitest';
import { BUILTIN_PROBLEMS } from './builtin';
import { foldersOf, keyOf, type BenchPlan, type TaskOutcome } from './plan';
import { repeatSummaries } from './repeats';
import type { ResultLine } from './result-line';

const [a, b] = BUILTIN_PROBLEMS;
const plan = (repeats: number): BenchPlan => ({
  version: 1,
  created: 1,
  problemSet: 'built-in',
  problems: [a, b],
  entries: [
    { technique: 'direct', params: {} },
    { technique: 'self-debug', params: {} }
  ],
  repeats,
  baseSeed: 1,
  model: { kind: 'scripted', id: 'x', label: 'x', responses: [] }
});

const line = (taskId: string, passed: boolean): ResultLine => ({
  task_id: taskId,
  passed,
  model_calls: 1,
  tokens_in: 10,
  tokens_out: 5,
  tokens_estimated: false,
  seconds: 1,
  stop_reason: 'finished',
  detail: '',
  retries: 0,
  log: null
});

/** which (entry, repeat, problem) solved: direct solves a always and b at seed 2 only;
 * self-debug never solves a and always solves b */
function done(repeats: number, skip: string[] = []): Map<string, TaskOutcome> {
  const solved = (entry: number, repeat: number, problem: number) =>
    entry === 0 ? problem === 0 || repeat === 1 : problem === 1;
  const map = new Map<string, TaskOutcome>();
  for (let repeat = 0; repeat < repeats; repeat++)
    for (let problem = 0; problem < 2; problem++)
      for (let entry = 0; entry < 2; entry++) {
        const key = keyOf({ entry, repeat, problem });
        if (skip.includes(key)) continue;
        const id = [a, b][problem].id;
        map.set(key, { line: line(id, solved(entry, repeat, problem)), run: null });
      }
  return map;
}

describe('repeats', () => {
  it('groups a plan’s folders by technique, with their seeds', () => {
    const folders = foldersOf(plan(3), done(3));
    expect(folders.map((f) => [f.group, f.seed])).toEqual([
      ['direct', 1],
      ['self-debug', 1],
      ['direct', 2],
      ['self-debug', 2],
      ['direct', 3],
      ['self-debug', 3]
    ]);
    expect(foldersOf(plan(1), done(1)).every((f) => f.group === undefined)).toBe(true);
  });

  it('gives each task’s share of runs and flags the flaky ones', () => {
    const [direct, selfDebug] = repeatSummaries(foldersOf(plan(3), done(3)));
    expect(direct.label).toBe('direct');
    expect(direct.seeds).toEqual([1, 2, 3]);
    expect(direct.tasks).toEqual([
      { taskId: a.id, runs: 3, solved: 3, flaky: false },
      { taskId: b.id, runs: 3, solved: 1, flaky: true }
    ]);
    expect(selfDebug.tasks.map((t) => [t.solved, t.flaky])).toEqual([
      [0, false],
      [3, false]
    ]);
  });

  it('estimates pass@k over the K runs of each task', () => {
    const [direct, selfDebug] = repeatSummaries(foldersOf(plan(3), done(3)));
    // a: n = 3, c = 3 → 1 for every k. b: n = 3, c = 1 → pass@1 = 1/3,
    // pass@2 = 1 − C(2,2)/C(3,2) = 2/3, pass@3 = 1. Means over a and b:
    const scores = direct.passAtK.scores;
    expect(scores.map((s) => s.k)).toEqual([1, 2, 3]);
    expect(scores[0].value).toBeCloseTo(2 / 3, 10);
    expect(scores[1].value).toBeCloseTo(5 / 6, 10);
    expect(scores[2].value).toBeCloseTo(1, 10);
    expect(selfDebug.passAtK.scores.map((s) => s.value)).toEqual([0.5, 0.5, 0.5]);
  });

  it('skips a k above the runs a task has finished', () => {
    // direct's third run of b has not finished: b has n = 2 (solved at seed 2: c = 1)
    const [direct] = repeatSummaries(
      foldersOf(plan(3), done(3, [keyOf({ entry: 0, repeat: 2, problem: 1 })]))
    );
    expect(direct.tasks[1]).toEqual({ taskId: b.id, runs: 2, solved: 1, flaky: true });
    // pass@1 = (1 + 1/2) / 2; pass@2 = (1 + 1) / 2
    expect(direct.passAtK.scores).toEqual([
      { k: 1, value: 0.75 },
      { k: 2, value: 1 }
    ]);
    expect(direct.passAtK.skipped.map((s) => s.k)).toEqual([3]);
  });

  it('has nothing to say about a single run or opened folders', () => {
    expect(repeatSummaries(foldersOf(plan(1), done(1)))).toEqual([]);
  });
});
