/**
 * A /bench run in IndexedDB, so it resumes after a reload: the plan under one key, each
 * finished task under its task key. A database of its own (not the progress one), so opening
 * it never waits on a version change of another tab. What comes back is checked again: a
 * record that does not parse is left out, and its task simply runs again.
 */
import {
  BenchPlanSchema,
  type BenchPlan,
  type BenchStore,
  type TaskOutcome
} from '$lib/core/bench/plan';
import { ResultLineSchema } from '$lib/core/bench/result-line';
import { RunSchema } from '$lib/core/run/run';
import { committed, done, openDatabase } from './idb';

const DB_NAME = 'agentic-code-lab-bench';
const DB_VERSION = 1;
const PLAN = 'plan';
const TASKS = 'tasks';
const CURRENT = 'current';

/** A stored task, checked: its line and run (a run that does not parse is dropped with it). */
function outcomeOf(value: unknown): TaskOutcome | null {
  if (typeof value !== 'object' || value === null) return null;
  const { line, run } = value as { line?: unknown; run?: unknown };
  const parsedLine = ResultLineSchema.safeParse(line);
  if (!parsedLine.success) return null;
  if (run === null) return { line: parsedLine.data, run: null };
  const parsedRun = RunSchema.safeParse(run);
  return parsedRun.success ? { line: parsedLine.data, run: parsedRun.data } : null;
}

export class IndexedDbBenchStore implements BenchStore {
  readonly #db: IDBDatabase;

  private constructor(db: IDBDatabase) {
    this.#db = db;
  }

  /** Opens (or creates) the database; rejects when IndexedDB is missing or refuses. */
  static async open(factory: IDBFactory = indexedDB): Promise<IndexedDbBenchStore> {
    const db = await openDatabase(factory, DB_NAME, DB_VERSION, (db) => {
      if (!db.objectStoreNames.contains(PLAN)) db.createObjectStore(PLAN);
      if (!db.objectStoreNames.contains(TASKS)) db.createObjectStore(TASKS);
    });
    return new IndexedDbBenchStore(db);
  }

  async load(): Promise<{ plan: BenchPlan; done: Map<string, TaskOutcome> } | null> {
    const tx = this.#db.transaction([PLAN, TASKS], 'readonly');
    const [stored, keys, values] = await Promise.all([
      done(tx.objectStore(PLAN).get(CURRENT)),
      done(tx.objectStore(TASKS).getAllKeys()),
      done(tx.objectStore(TASKS).getAll())
    ]);
    const plan = BenchPlanSchema.safeParse(stored);
    if (!plan.success) return null;
    const finished = new Map<string, TaskOutcome>();
    keys.forEach((key, i) => {
      const outcome = outcomeOf(values[i]);
      if (typeof key === 'string' && outcome) finished.set(key, outcome);
    });
    return { plan: plan.data, done: finished };
  }

  async start(plan: BenchPlan): Promise<void> {
    const tx = this.#db.transaction([PLAN, TASKS], 'readwrite');
    tx.objectStore(TASKS).clear();
    tx.objectStore(PLAN).put(plan, CURRENT);
    await committed(tx);
  }

  async put(key: string, outcome: TaskOutcome): Promise<void> {
    const tx = this.#db.transaction(TASKS, 'readwrite');
    tx.objectStore(TASKS).put(outcome, key);
    await committed(tx);
  }

  async clear(): Promise<void> {
    const tx = this.#db.transaction([PLAN, TASKS], 'readwrite');
    tx.objectStore(PLAN).clear();
    tx.objectStore(TASKS).clear();
    await committed(tx);
  }
}
