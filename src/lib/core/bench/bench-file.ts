/**
 * The whole benchmark as one file: its plan and every finished task's result line and run,
 * versioned and checked with zod when read, so it re-opens on /bench (in this app or another's)
 * as it was. Files come from anyone: reading never throws, and a bad file is one sentence.
 */
import { z } from 'zod';
import { RunSchema } from '../run/run';
import { describeIssue } from '../share/issues';
import { MAX_DEPTH, nestingDepth } from '../share/permalink';
import {
  BenchPlanSchema,
  keyOf,
  tasksOf,
  type BenchPlan,
  type TaskOutcome,
  MAX_PROBLEMS,
  MAX_REPEATS,
  MAX_TECHNIQUES
} from './plan';
import { ResultLineSchema } from './result-line';

export const BENCH_FILE_FORMAT = 'agentic-code-lab-benchmark';
export const BENCH_FILE_VERSION = 1;
/** The largest benchmark file read: 20 problems × 4 techniques × 10 seeds of long logs fit. */
export const MAX_BENCH_FILE_BYTES = 50_000_000;

const BenchFileSchema = z
  .object({
    format: z.literal(BENCH_FILE_FORMAT),
    version: z.literal(BENCH_FILE_VERSION),
    plan: BenchPlanSchema,
    tasks: z
      .array(
        z
          .object({
            /** `entry:repeat:problem`, positions in the plan */
            key: z.string().regex(/^\d+:\d+:\d+$/),
            line: ResultLineSchema,
            run: RunSchema.nullable()
          })
          .strict()
      )
      .max(MAX_PROBLEMS * MAX_TECHNIQUES * MAX_REPEATS)
  })
  .strict();

/** The benchmark file's text: the plan and its finished tasks in the order they run. */
export function benchFileText(plan: BenchPlan, done: ReadonlyMap<string, TaskOutcome>): string {
  const tasks = tasksOf(plan).flatMap((k) => {
    const outcome = done.get(keyOf(k));
    return outcome ? [{ key: keyOf(k), line: outcome.line, run: outcome.run }] : [];
  });
  return JSON.stringify({ format: BENCH_FILE_FORMAT, version: BENCH_FILE_VERSION, plan, tasks });
}

export type BenchFileReading =
  { ok: true; plan: BenchPlan; done: Map<string, TaskOutcome> } | { ok: false; message: string };

const megabytes = (n: number) => String(Math.ceil(n / 100_000) / 10);

/** The sentence for a file over {@link MAX_BENCH_FILE_BYTES} (also said before reading one). */
export const benchFileTooLarge = (name: string, bytes: number) =>
  `${name} is too large to open as a benchmark (${megabytes(bytes)} MB; the limit is ${megabytes(MAX_BENCH_FILE_BYTES)} MB).`;

/**
 * Reads a benchmark file's text. A task whose key is outside the plan makes the file invalid
 * (it was edited or cut), so nothing half-read is shown.
 */
export function readBenchFile(text: string, name: string): BenchFileReading {
  const fail = (why: string): BenchFileReading => ({
    ok: false,
    message: `${name} is not a benchmark file of this app: ${why}. Nothing was opened from it.`
  });
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_BENCH_FILE_BYTES) return { ok: false, message: benchFileTooLarge(name, bytes) };
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return fail('it is not JSON');
  }
  if (nestingDepth(text) > MAX_DEPTH)
    return fail(`it is nested more than ${MAX_DEPTH} levels deep`);
  const version = (data as { version?: unknown } | null)?.version;
  if (
    (data as { format?: unknown } | null)?.format === BENCH_FILE_FORMAT &&
    typeof version === 'number' &&
    version !== BENCH_FILE_VERSION
  ) {
    return {
      ok: false,
      message: `${name} was written by ${version > BENCH_FILE_VERSION ? 'a newer' : 'an older'} version of the app (format ${version}); this app reads format ${BENCH_FILE_VERSION}.`
    };
  }
  const parsed = BenchFileSchema.safeParse(data, { reportInput: true });
  if (!parsed.success)
    return fail(describeIssue(parsed.error.issues[0]).replace(/^the run/, 'the file'));
  const { plan, tasks } = parsed.data;
  const keys = new Set(tasksOf(plan).map(keyOf));
  const done = new Map<string, TaskOutcome>();
  for (const task of tasks) {
    if (!keys.has(task.key)) return fail(`its task ${task.key} is not one of its plan’s`);
    done.set(task.key, { line: task.line, run: task.run });
  }
  return { ok: true, plan, done };
}
