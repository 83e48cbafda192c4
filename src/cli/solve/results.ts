/**
 * The lines of `results.jsonl`: one per task, saying whether its final program passed the
 * hidden check, what it cost (model calls, tokens, seconds, retries) and why the run stopped.
 */
import type { RunEvent } from '../../lib/core/run/events';
import { countersAt, outcomeAt } from '../../lib/core/views/timeline';
import { NeedsAnswerError } from './answers';
import {
  EndpointConfigError,
  EndpointHttpError,
  EndpointNetworkError,
  EndpointResponseError,
  EndpointWebPageError,
  ModelTimeoutError,
  ReplyTooLargeError,
  StreamInterruptedError
} from '../../lib/runtimes/model/errors';
import { EndpointGaveUpError } from './retry';
import type { ResultLine, StopReason } from '../../lib/core/bench/result-line';

export type { ResultLine, StopReason } from '../../lib/core/bench/result-line';

/** Sorts an error that ended a run into a stop reason. */
export function stopReasonOf(error: Error | undefined): StopReason {
  if (!error) return 'finished';
  if (error instanceof NeedsAnswerError) return 'needs-answer';
  const endpoint = [
    EndpointGaveUpError,
    EndpointHttpError,
    EndpointNetworkError,
    EndpointResponseError,
    StreamInterruptedError,
    EndpointConfigError,
    EndpointWebPageError,
    ReplyTooLargeError,
    ModelTimeoutError
  ];
  return endpoint.some((kind) => error instanceof kind) ? 'endpoint-error' : 'error';
}

/** The sentence of what stopped a finished run: its last stop decision, else its outcome. */
function finishedDetail(events: readonly RunEvent[]): string {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.kind === 'note' && e.note.type === 'decision' && e.note.action === 'stop') {
      return `stopped because ${e.note.reason}`;
    }
  }
  return outcomeAt(events)?.message ?? 'the run ended without an outcome';
}

/** The result line of a run that took place. */
export function resultOfRun(input: {
  taskId: string;
  events: readonly RunEvent[];
  error?: Error;
  seconds: number;
  retries: number;
  log: string;
}): ResultLine {
  const counters = countersAt(input.events);
  const outcome = outcomeAt(input.events);
  const stop = stopReasonOf(input.error);
  const passAtK = input.events.findLast((e) => e.kind === 'note' && e.note.type === 'pass-at-k');
  const samples =
    passAtK?.kind === 'note' && passAtK.note.type === 'pass-at-k'
      ? { n: passAtK.note.n, c: passAtK.note.c }
      : undefined;
  return {
    task_id: input.taskId,
    passed: stop === 'finished' && outcome?.status === 'solved',
    model_calls: counters.modelCalls,
    tokens_in: counters.tokensIn,
    tokens_out: counters.tokensOut,
    tokens_estimated: counters.tokensEstimated,
    seconds: Math.round(input.seconds * 100) / 100,
    stop_reason: stop,
    detail: stop === 'finished' ? finishedDetail(input.events) : (input.error?.message ?? ''),
    retries: input.retries,
    ...(samples ? { samples } : {}),
    log: input.log
  };
}

/** The result line of a task that never started. */
export function skippedResult(taskId: string, reason: string): ResultLine {
  return {
    task_id: taskId,
    passed: false,
    model_calls: 0,
    tokens_in: 0,
    tokens_out: 0,
    tokens_estimated: false,
    seconds: 0,
    stop_reason: 'skipped',
    detail: reason,
    retries: 0,
    log: null
  };
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
