/**
 * A benchmark run in the page (/bench): the plan's tasks one after another through the shared
 * task of core (`core/bench/task.ts`), with the page's runtimes (the tab's Python pool, the
 * learner's model). Each finished task is kept in the store before the next starts, so a
 * reload, a closed tab or Cancel loses at most the task in progress, and Resume runs only the
 * tasks that did not finish. A store that fails is dropped quietly: the run goes on in memory.
 */
import {
  entryLabels,
  foldersOf,
  keyOf,
  NO_TASKS,
  withTask,
  pendingOf,
  progressOf,
  seedOf,
  taskIdOf,
  type BenchPlan,
  type BenchStore,
  type TaskKey,
  type TaskOutcome
} from '$lib/core/bench/plan';
import type { StopReason } from '$lib/core/bench/result-line';
import { runTask } from '$lib/core/bench/task';
import type { Runtimes } from '$lib/core/run/context';
import type { Sandbox } from '$lib/core/run/effects';
import { referenceEcho } from '$lib/core/playground/reference-model';
import { LOG_VERSION } from '$lib/core/run/events';
import type { ModelSpec, Run } from '$lib/core/run/run';
import type { Problem } from '$lib/core/problems/problem';
import { getTechnique } from '$lib/core/techniques/registry';

/** The plan's model standing for "answer with each problem's reference" (the page's demo). */
export const DEMO_MODEL: ModelSpec = {
  kind: 'scripted',
  id: 'reference-echo',
  label: 'scripted: replies with each problem’s reference solution',
  responses: []
};

/** A task's model: the plan's, or for the demo the reference echo of that problem. */
function modelFor(spec: ModelSpec, problem: Problem, technique: string): ModelSpec | null {
  if (spec.kind !== 'scripted' || spec.id !== DEMO_MODEL.id) return spec;
  const echo = referenceEcho(problem, technique);
  return echo.ok ? echo.model : null;
}

function missingSandbox(): Sandbox {
  throw new Error('the page has no sandbox to run programs');
}

export type BenchRunStatus = 'idle' | 'running' | 'paused' | 'done';

export interface BenchRunDeps {
  /** the runtimes of one task's run (made per task: a scripted model is per problem) */
  runtimes: (run: Run) => Promise<Runtimes>;
  stopReason: (error: Error | undefined) => StopReason;
  /** where the run is kept between visits; null keeps it in memory only */
  store: () => Promise<BenchStore | null>;
}

export class BenchRun {
  status = $state<BenchRunStatus>('idle');
  plan = $state.raw<BenchPlan | null>(null);
  done = $state.raw<ReadonlyMap<string, TaskOutcome>>(NO_TASKS);
  /** the task in progress, e.g. "self-debug on bench-rotate (seed 1)" */
  current = $state<string | null>(null);
  /** a sentence when the run cannot go on */
  error = $state<string | null>(null);

  readonly progress = $derived(this.plan ? progressOf(this.plan, this.done) : null);
  readonly folders = $derived(this.plan ? foldersOf(this.plan, this.done) : []);

  readonly #deps: BenchRunDeps;
  #store: BenchStore | null = null;
  #abort: AbortController | null = null;
  #opened: Promise<void> | null = null;

  constructor(deps: BenchRunDeps) {
    this.#deps = deps;
  }

  /** Reads a run kept from an earlier visit: it comes back paused (or done), never running. */
  open(): Promise<void> {
    this.#opened ??= (async () => {
      this.#store = await this.#deps.store().catch(() => null);
      const kept = await this.#store?.load().catch(() => null);
      if (!kept || this.status !== 'idle') return;
      this.plan = kept.plan;
      this.done = kept.done;
      this.status = pendingOf(kept.plan, kept.done).length ? 'paused' : 'done';
    })();
    return this.#opened;
  }

  /** Starts a new plan (the kept one is replaced) and runs it. */
  async start(plan: BenchPlan): Promise<void> {
    await this.open();
    this.stop();
    this.plan = plan;
    this.done = NO_TASKS;
    this.error = null;
    await this.#keep((store) => store.start(plan));
    await this.#run();
  }

  /** Runs the tasks that have not finished. */
  async resume(): Promise<void> {
    if (!this.plan || this.status === 'running') return;
    this.error = null;
    await this.#run();
  }

  /** Stops after nothing: the task in progress is dropped, the finished ones stay. */
  stop(): void {
    this.#abort?.abort();
    this.#abort = null;
    if (this.status === 'running') this.status = 'paused';
    this.current = null;
  }

  /** Forgets the run, here and in the store. */
  async discard(): Promise<void> {
    this.stop();
    this.plan = null;
    this.done = NO_TASKS;
    this.status = 'idle';
    await this.#keep((store) => store.clear());
  }

  async #run(): Promise<void> {
    const plan = this.plan;
    if (!plan) return;
    const abort = new AbortController();
    this.#abort = abort;
    this.status = 'running';
    try {
      for (const key of pendingOf(plan, this.done)) {
        if (abort.signal.aborted) return;
        const outcome = await this.#task(plan, key, abort.signal);
        if (outcome === null || abort.signal.aborted) return;
        const k = keyOf(key);
        await this.#keep((store) => store.put(k, outcome));
        this.done = withTask(this.done, k, outcome);
      }
      this.status = 'done';
      this.current = null;
    } catch (error) {
      if (abort.signal.aborted) return;
      this.status = 'paused';
      this.current = null;
      this.error = `The benchmark stopped: ${(error as Error).message}. Resume goes on from the next task.`;
    } finally {
      if (this.#abort === abort) this.#abort = null;
    }
  }

  async #task(plan: BenchPlan, key: TaskKey, signal: AbortSignal): Promise<TaskOutcome | null> {
    const entry = plan.entries[key.entry];
    const problem = plan.problems[key.problem];
    const seed = seedOf(plan, key);
    this.current = `${entryLabels(plan.entries)[key.entry]} on ${problem.id}${plan.repeats > 1 ? ` (seed ${seed})` : ''}`;
    const technique = getTechnique(entry.technique);
    const params = technique?.params.safeParse(entry.params);
    if (!technique || !params?.success) {
      throw new Error(`the technique “${entry.technique}” cannot run these settings`);
    }
    const model = modelFor(plan.model, problem, technique.id);
    if (!model) throw new Error(`the demo model cannot answer ${technique.id}`);
    const shell: Run = {
      version: LOG_VERSION,
      technique: technique.id,
      params: params.data as Record<string, unknown>,
      problem,
      model,
      seed,
      events: []
    };
    // one problem's runtimes: its sandbox checks the reference, then runs the technique
    const runtimes = await this.#deps.runtimes(shell);
    if (signal.aborted) return null;
    const result = await runTask(taskIdOf(plan, key.problem), problem, {
      technique,
      params: shell.params,
      seed,
      modelSpec: model,
      sandbox: runtimes.sandbox ?? missingSandbox(),
      runtimes: () => runtimes,
      stopReason: this.#deps.stopReason,
      signal
    });
    return result && { line: result.line, run: result.run };
  }

  /** Writes to the store; a store that fails is dropped, and the run goes on in memory. */
  async #keep(write: (store: BenchStore) => Promise<void>): Promise<void> {
    if (!this.#store) return;
    try {
      await write(this.#store);
    } catch {
      this.#store = null;
    }
  }

  dispose(): void {
    this.stop();
  }
}
