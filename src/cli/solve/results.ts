/**
 * The lines of `results.jsonl`: one per task, saying whether its final program passed the
 * hidden check, what it cost (model calls, tokens, seconds, retries) and why the run stopped.
 */
import type { RunEvent } from '../../lib/core/run/events';
import { NeedsAnswerError } from './answers';
import { isEndpointError } from '../../lib/runtimes/model/errors';
import { EndpointGaveUpError } from './retry';
import type { ResultLine, StopReason } from '../../lib/core/bench/result-line';
import { resultLineOf } from '../../lib/core/bench/task';

export { skippedResult } from '../../lib/core/bench/task';

export type { ResultLine, StopReason } from '../../lib/core/bench/result-line';

/** Sorts an error that ended a run into a stop reason. */
export function stopReasonOf(error: Error | undefined): StopReason {
  if (!error) return 'finished';
  if (error instanceof NeedsAnswerError) return 'needs-answer';
  return error instanceof EndpointGaveUpError || isEndpointError(error)
    ? 'endpoint-error'
    : 'error';
}

/** The result line of a run that took place, its error sorted by {@link stopReasonOf}. */
export function resultOfRun(input: {
  taskId: string;
  events: readonly RunEvent[];
  error?: Error;
  seconds: number;
  retries: number;
  log: string;
}): ResultLine {
  return resultLineOf({ ...input, stop: stopReasonOf(input.error) });
}

/** pass@1 over the tasks that ran, and the same with skipped tasks counted as failures. */
export interface Summary {
  ran: number;
  passed: number;
  skipped: number;
  /** passed / ran (null when nothing ran) */
  passAt1: number | null;
  /** passed / (ran + skipped) */
  passAt1AllTasks: number | null;
  /** sampling's unbiased pass@1: the mean of c/n over the tasks that ran, or null */
  samplePassAt1: number | null;
  byStop: Partial<Record<StopReason, number>>;
}

export function summarize(lines: readonly ResultLine[]): Summary {
  const ran = lines.filter((l) => l.stop_reason !== 'skipped');
  const passed = ran.filter((l) => l.passed).length;
  const skipped = lines.length - ran.length;
  const byStop: Summary['byStop'] = {};
  for (const l of lines) byStop[l.stop_reason] = (byStop[l.stop_reason] ?? 0) + 1;
  const sampled = ran.flatMap((l) => (l.samples ? [l.samples.c / l.samples.n] : []));
  return {
    ran: ran.length,
    passed,
    skipped,
    passAt1: ran.length === 0 ? null : passed / ran.length,
    passAt1AllTasks: lines.length === 0 ? null : passed / lines.length,
    // A task that stopped before its samples were counted counts as none passing.
    samplePassAt1: sampled.length === 0 ? null : sampled.reduce((a, b) => a + b, 0) / ran.length,
    byStop
  };
}
