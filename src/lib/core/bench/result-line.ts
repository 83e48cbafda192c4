/**
 * The lines of `results.jsonl` that `npm run solve` writes, as a zod schema: the CLI's writer
 * (`src/cli/solve/results.ts`) types its lines with it, and /bench reads a folder with it, so the
 * format is described once.
 */
import { z } from 'zod';

/**
 * Why a task's run ended: `finished` (the technique reached its outcome; `detail` says what
 * stopped its loop), `endpoint-error` (a model call failed for good), `needs-answer` (it asked
 * a question nobody answered), `error` (anything else, e.g. Python could not run) or `skipped`
 * (it never started: no visible tests, or its reference fails its own check).
 */
export const StopReasonSchema = z.enum([
  'finished',
  'endpoint-error',
  'needs-answer',
  'error',
  'skipped'
]);
export type StopReason = z.infer<typeof StopReasonSchema>;

const count = z.number().int().nonnegative();

/** One line of results.jsonl. Unknown fields are allowed, so a newer writer's lines still load. */
export const ResultLineSchema = z.object({
  task_id: z.string().min(1).max(500),
  /** the final program passes the hidden check */
  passed: z.boolean(),
  model_calls: count,
  tokens_in: count,
  tokens_out: count,
  /** true when some counts are estimates (the server sent none) */
  tokens_estimated: z.boolean(),
  /** wall-clock seconds of the task, from checking its examples to its outcome (waits between retries included) */
  seconds: z.number().nonnegative(),
  stop_reason: StopReasonSchema,
  /** a sentence: what stopped the loop, or what went wrong */
  detail: z.string().max(20_000),
  /** failed model calls that were sent again */
  retries: count,
  /** for sampling: how many samples were drawn and how many passed (for unbiased pass@k) */
  samples: z
    .object({ n: count.min(1), c: count })
    .refine((s) => s.c <= s.n, 'c is more than n')
    .optional(),
  /** the run log's file name in the output folder, or null when no run started */
  log: z.string().max(500).nullable()
});
export type ResultLine = z.infer<typeof ResultLineSchema>;
