/**
 * A benchmark run in the page: a problem set, one to four techniques with their knobs, a model
 * and K repeats (seeds base, base + 1, …). Its tasks are every (repeat, problem, technique),
 * run in that order so a run cut short still compares the techniques on the same problems.
 * What finished is kept by task key, so a run resumes after a reload without repeating a task,
 * and it reads back as one solve folder per technique and repeat: the table, the grid and the
 * exports of /bench treat it like `npm run solve`'s folders.
 */
import { z } from 'zod';
import { ProblemSchema } from '../problems/problem';
import { ModelSpecSchema, type Run } from '../run/run';
import type { SolveFolder } from './folder';
import type { ResultLine } from './result-line';

export const MAX_TECHNIQUES = 4;
export const MAX_REPEATS = 10;
export const MAX_PROBLEMS = 500;
/** The largest problems file read (HumanEval is 0.2 MB, MBPP under 1 MB). */
export const MAX_PROBLEMS_FILE_BYTES = 20 * 1024 * 1024;

export const BenchEntrySchema = z
  .object({
    technique: z.string().min(1).max(100),
    /** the technique's params, checked by its schema when the run starts */
    params: z.record(z.string(), z.unknown())
  })
  .strict();
export type BenchEntry = z.infer<typeof BenchEntrySchema>;

export const BenchPlanSchema = z
  .object({
    version: z.literal(1),
    /** when it was made (ms since 1970): names the run */
    created: z.number().int().nonnegative(),
    /** the problem set's name, e.g. "built-in" */
    problemSet: z.string().min(1).max(200),
    problems: z.array(ProblemSchema).min(1).max(MAX_PROBLEMS),
    /** the problems' task ids in their file (`HumanEval/0`), when not their ids */
    taskIds: z.array(z.string().min(1).max(200)).max(MAX_PROBLEMS).optional(),
    entries: z.array(BenchEntrySchema).min(1).max(MAX_TECHNIQUES),
    repeats: z.number().int().min(1).max(MAX_REPEATS),
    baseSeed: z.number().int().nonnegative(),
    model: ModelSpecSchema
  })
  .strict()
  .refine((plan) => !plan.taskIds || plan.taskIds.length === plan.problems.length, {
    error: 'the plan’s task ids must name every problem once'
  });
export type BenchPlan = z.infer<typeof BenchPlanSchema>;

/** One task of a plan, by position. */
export interface TaskKey {
  entry: number;
  repeat: number;
  problem: number;
}

/** What a finished task left: its result line and its run (null when it never started). */
export interface TaskOutcome {
  line: ResultLine;
  run: Run | null;
}

/** Where a plan and its finished tasks are kept between visits (IndexedDB in the page). */
export interface BenchStore {
  /** the plan saved last and its finished tasks by key, or null */
  load(): Promise<{ plan: BenchPlan; done: Map<string, TaskOutcome> } | null>;
  /** starts a new plan: the previous one and its tasks are dropped */
  start(plan: BenchPlan): Promise<void>;
  /** keeps a finished task of the current plan */
  put(key: string, outcome: TaskOutcome): Promise<void>;
  /** forgets the plan and its tasks */
  clear(): Promise<void>;
}

export const keyOf = (k: TaskKey) => `${k.entry}:${k.repeat}:${k.problem}`;

/** Every task of the plan, in the order they run: repeat, then problem, then technique. */
export function tasksOf(plan: BenchPlan): TaskKey[] {
  const keys: TaskKey[] = [];
  for (let repeat = 0; repeat < plan.repeats; repeat++)
    for (let problem = 0; problem < plan.problems.length; problem++)
      for (let entry = 0; entry < plan.entries.length; entry++)
        keys.push({ entry, repeat, problem });
  return keys;
}

/** The seed of a repeat: each repeat draws differently, the same repeat the same way again. */
export const seedOf = (plan: BenchPlan, key: TaskKey) => plan.baseSeed + key.repeat;

/**
 * A problem's task id in the results: the task id of its line in a problems file (as `npm run
 * solve` writes HumanEval's task_id, so samples.jsonl re-grades against that file), else its id.
 */
export const taskIdOf = (plan: BenchPlan, problem: number) =>
  plan.taskIds?.[problem] ?? plan.problems[problem].id;

/** How far a technique (or the whole plan) is: tasks finished of tasks planned. */
export interface Progress {
  done: number;
  total: number;
}

/** Progress per technique of the plan, and overall. */
export function progressOf(
  plan: BenchPlan,
  done: ReadonlyMap<string, TaskOutcome>
): { entries: Progress[]; overall: Progress } {
  const per = plan.entries.map(() => ({ done: 0, total: plan.problems.length * plan.repeats }));
  for (const key of tasksOf(plan)) if (done.has(keyOf(key))) per[key.entry].done++;
  const overall = per.reduce((t, p) => ({ done: t.done + p.done, total: t.total + p.total }), {
    done: 0,
    total: 0
  });
  return { entries: per, overall };
}

/** The tasks still to run, in order. */
export const pendingOf = (plan: BenchPlan, done: ReadonlyMap<string, TaskOutcome>) =>
  tasksOf(plan).filter((k) => !done.has(keyOf(k)));

/**
 * The finished tasks as solve folders: one per technique and repeat (so K runs of a technique
 * are K columns), each with the lines of its finished tasks in problem order and its runs by
 * log name. A technique with nothing finished yet has no folder. Columns are named by
 * {@link entryLabels}, so the same technique twice with other knobs is told apart.
 */
export function foldersOf(plan: BenchPlan, done: ReadonlyMap<string, TaskOutcome>): SolveFolder[] {
  const folders: SolveFolder[] = [];
  const labels = entryLabels(plan.entries);
  for (let repeat = 0; repeat < plan.repeats; repeat++) {
    plan.entries.forEach((_, e) => {
      const lines: ResultLine[] = [];
      const runs = new Map<string, Run>();
      plan.problems.forEach((_, p) => {
        const outcome = done.get(keyOf({ entry: e, repeat, problem: p }));
        if (!outcome) return;
        lines.push(outcome.line);
        if (outcome.run && outcome.line.log) runs.set(outcome.line.log, outcome.run);
      });
      if (lines.length === 0) return;
      const seed = plan.baseSeed + repeat;
      const label = labels[e];
      if (plan.repeats === 1) {
        folders.push({ source: label, technique: label, lines, runs });
        return;
      }
      folders.push({
        source: `${label}, seed ${seed}`,
        technique: `${label} · seed ${seed}`,
        lines,
        runs,
        group: label,
        seed
      });
    });
  }
  return folders;
}

const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/**
 * Each entry's name among the plan's: its technique alone when no other entry has it; else the
 * technique with the knobs in which its entries differ (`self-debug · maxTurns 1`), and a
 * number when two entries are the same in every knob (`direct #2`).
 */
export function entryLabels(entries: readonly BenchEntry[]): string[] {
  const named = entries.map(({ technique, params }) => {
    const same = entries.filter((e) => e.technique === technique);
    if (same.length === 1) return technique;
    const keys = [...new Set(same.flatMap((e) => Object.keys(e.params)))].filter((key) =>
      same.some((e) => shown(e.params[key]) !== shown(params[key]))
    );
    if (keys.length === 0) return technique;
    return `${technique} · ${keys.map((key) => `${key} ${shown(params[key])}`).join(', ')}`;
  });
  return named.map((label, i) =>
    named.filter((n) => n === label).length === 1 ? label : `${label} #${i + 1}`
  );
}

/** No task finished yet. */
export const NO_TASKS: ReadonlyMap<string, TaskOutcome> = new Map();

/** The finished tasks with one more (a new map: the old one is left as it was). */
export function withTask(
  done: ReadonlyMap<string, TaskOutcome>,
  key: string,
  outcome: TaskOutcome
): ReadonlyMap<string, TaskOutcome> {
  return new Map(done).set(key, outcome);
}
