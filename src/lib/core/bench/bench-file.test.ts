/** The one-file benchmark: written, read back as it was, and every bad file one sentence. */
import { describe, expect, it } from 'vitest';
import { benchFileText, readBenchFile } from './bench-file';
import { BUILTIN_PROBLEMS } from './builtin';
import { foldersOf, keyOf, type BenchPlan, type TaskOutcome } from './plan';
import type { ResultLine } from './result-line';

const plan: BenchPlan = {
  version: 1,
  created: 5,
  problemSet: 'built-in',
  problems: BUILTIN_PROBLEMS.slice(0, 2),
  entries: [{ technique: 'direct', params: {} }],
  repeats: 2,
  baseSeed: 1,
  model: { kind: 'scripted', id: 'x', label: 'x', responses: [] }
};
const line = (taskId: string, passed: boolean): ResultLine => ({
  task_id: taskId,
  passed,
  model_calls: 1,
  tokens_in: 10,
  tokens_out: 5,
  tokens_estimated: false,
  seconds: 1,
  stop_reason: 'finished',
  detail: 'stopped',
  retries: 0,
  log: null
});
// three of the four tasks finished: the second seed of the second problem did not
const done = new Map<string, TaskOutcome>([
  [
    keyOf({ entry: 0, repeat: 0, problem: 0 }),
    { line: line(plan.problems[0].id, true), run: null }
  ],
  [
    keyOf({ entry: 0, repeat: 0, problem: 1 }),
    { line: line(plan.problems[1].id, false), run: null }
  ],
  [keyOf({ entry: 0, repeat: 1, problem: 0 }), { line: line(plan.problems[0].id, true), run: null }]
]);

describe('the benchmark file', () => {
  it('reads back the plan and every finished task', () => {
    const read = readBenchFile(benchFileText(plan, done), '“b.json”');
    if (!read.ok) throw new Error(read.message);
    expect(read.plan).toEqual(plan);
    expect(read.done).toEqual(done);
    expect(foldersOf(read.plan, read.done)).toEqual(foldersOf(plan, done));
  });

  it('says in one sentence why a file is not one', () => {
    const bad = (text: string) => {
      const read = readBenchFile(text, '“b.json”');
      return read.ok ? 'opened' : read.message;
    };
    expect(bad('{"format":')).toBe(
      '“b.json” is not a benchmark file of this app: it is not JSON. Nothing was opened from it.'
    );
    expect(bad('{"results": []}')).toMatch(
      /^“b\.json” is not a benchmark file of this app: .*format/
    );
    const data = JSON.parse(benchFileText(plan, done));
    expect(bad(JSON.stringify({ ...data, version: 2 }))).toMatch(/newer version of the app/);
    data.tasks[0].key = '0:5:0';
    expect(bad(JSON.stringify(data))).toMatch(/its task 0:5:0 is not one of its plan’s/);
    data.tasks[0].key = '0:0:0';
    data.tasks[0].line.passed = 'yes';
    expect(bad(JSON.stringify(data))).toMatch(/tasks\[0\]\.line\.passed/);
  });
});
