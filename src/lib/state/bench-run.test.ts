/**
 * /bench's run in Node, over the real Pyodide sandbox and real techniques: a scripted model
 * answers each problem with its reference (or, for one problem, a wrong program), the hidden
 * tests grade every answer. Stopped mid-way, a second page over the same store comes back
 * paused and Resume runs only the tasks that had not finished.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_PROBLEMS } from '$lib/core/bench/builtin';
import type { BenchPlan, BenchStore, TaskOutcome } from '$lib/core/bench/plan';
import type { Run } from '$lib/core/run/run';
import { ScriptedModel } from '$lib/runtimes/model/scripted';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';
import { BenchRun } from './bench-run.svelte';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
}, 60_000);

/** A store in memory that a second BenchRun can open, as a reload opens IndexedDB. */
class MemoryBenchStore implements BenchStore {
  plan: BenchPlan | null = null;
  tasks = new Map<string, TaskOutcome>();
  async load() {
    return this.plan ? { plan: this.plan, done: new Map(this.tasks) } : null;
  }
  async start(plan: BenchPlan) {
    this.plan = plan;
    this.tasks.clear();
  }
  async put(key: string, outcome: TaskOutcome) {
    this.tasks.set(key, structuredClone(outcome));
  }
  async clear() {
    this.plan = null;
    this.tasks.clear();
  }
}

const problems = BUILTIN_PROBLEMS.slice(0, 3);
const wrongFor = problems[1].id;
const plan: BenchPlan = {
  version: 1,
  created: 1,
  problemSet: 'built-in',
  problems,
  entries: [
    { technique: 'direct', params: {} },
    { technique: 'self-debug', params: { maxTurns: 1 } }
  ],
  repeats: 1,
  baseSeed: 7,
  model: { kind: 'scripted', id: 'bench-test', label: 'answers with the reference', responses: [] }
};

/** A page's BenchRun: `made` lists the runs it made runtimes for (technique:problem). */
function page(store: MemoryBenchStore, onRun?: (bench: BenchRun, count: number) => void) {
  const made: string[] = [];
  const bench: BenchRun = new BenchRun({
    runtimes: async (run: Run) => {
      made.push(`${run.technique}:${run.problem.id}`);
      onRun?.(bench, made.length);
      const reply =
        run.problem.id === wrongFor
          ? '```python\ndef run_length(text):\n    return text\n```'
          : '```python\n' + run.problem.reference + '```';
      return { model: new ScriptedModel('bench-test', [reply]), sandbox };
    },
    stopReason: (error) => (error ? 'error' : 'finished'),
    store: async () => store
  });
  return { bench, made };
}

describe('a benchmark run in the page', () => {
  it('runs every task, grades them for real and reads back as one folder a technique', async () => {
    const { bench, made } = page(new MemoryBenchStore());
    await bench.start(plan);
    expect(bench.status).toBe('done');
    expect(made).toHaveLength(6);
    expect(bench.progress?.overall).toEqual({ done: 6, total: 6 });
    const [direct, selfDebug] = bench.folders;
    expect(direct.technique).toBe('direct');
    expect(direct.lines.map((l) => [l.task_id, l.passed])).toEqual([
      [problems[0].id, true],
      [problems[1].id, false],
      [problems[2].id, true]
    ]);
    expect(selfDebug.lines.filter((l) => l.passed)).toHaveLength(2);
    expect(direct.runs.get(`${problems[0].id}.json`)?.seed).toBe(7);
  }, 120_000);

  it('stopped mid-way, comes back paused after a reload and resumes without repeating a task', async () => {
    const store = new MemoryBenchStore();
    // the third task's runtimes are asked for, then the learner presses Cancel
    const first = page(store, (bench, count) => {
      if (count === 3) bench.stop();
    });
    await first.bench.start(plan);
    expect(first.bench.status).toBe('paused');
    expect(store.tasks.size).toBe(2);

    const second = page(store);
    await second.bench.open();
    expect(second.bench.status).toBe('paused');
    expect(second.bench.progress?.overall).toEqual({ done: 2, total: 6 });
    await second.bench.resume();
    expect(second.bench.status).toBe('done');
    // tasks run repeat → problem → technique: the first two were problem 0 under both
    expect(second.made).toEqual([
      `direct:${problems[1].id}`,
      `self-debug:${problems[1].id}`,
      `direct:${problems[2].id}`,
      `self-debug:${problems[2].id}`
    ]);
    expect(second.bench.progress?.entries).toEqual([
      { done: 3, total: 3 },
      { done: 3, total: 3 }
    ]);
  }, 120_000);
});
