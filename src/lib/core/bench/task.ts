/**
 * One task of a benchmark, the same in the shell (`npm run solve`) and on /bench: check the
 * problem's examples and hidden check against its reference solution, run the technique live,
 * and return the run (a permalink's payload) with its result line. How a failed run's error
 * is sorted (an endpoint that gave up, a question nobody answered) is the caller's: the error
 * kinds live in the runtimes, which core does not import.
 */
import type { Problem, TestCase } from '../problems/problem';
import { runTechnique, type Runtimes } from '../run/context';
import type { Sandbox } from '../run/effects';
import { LOG_VERSION, type RunEvent } from '../run/events';
import type { ModelSpec, Run } from '../run/run';
import type { AnyTechnique } from '../techniques/registry';
import { countersAt, outcomeAt } from '../views/timeline';
import type { ResultLine, StopReason } from './result-line';

/** The time limit of one program run when the technique's params name none. */
export const DEFAULT_TIMEOUT_MS = 5_000;

/** A task's result line, and its run when one took place. */
export interface TaskResult {
  line: ResultLine;
  run: Run | null;
  /** examples dropped because the reference solution fails them */
  dropped: TestCase[];
}

/**
 * Runs the reference solution on the visible tests and the hidden check. Examples it fails are
 * dropped (docstrings do contain wrong examples); a hidden check it fails makes the task
 * unusable, since no program could be graded fairly by it.
 */
export async function checkAgainstReference(
  problem: Problem,
  sandbox: Sandbox,
  timeoutMs: number
): Promise<{ problem: Problem; dropped: TestCase[] } | { skip: string }> {
  if (problem.reference === undefined) return { problem, dropped: [] };
  const base = {
    language: problem.language,
    code: problem.reference,
    entryPoint: problem.entryPoint,
    timeoutMs
  };
  const [visible, hidden] = await Promise.all([
    sandbox.execute({ ...base, tests: problem.visibleTests, suite: 'visible' }),
    sandbox.execute({ ...base, tests: problem.hiddenTests, suite: 'hidden' })
  ]);
  const hiddenFail = hidden.status !== 'ok' || hidden.tests.some((t) => t.status !== 'pass');
  if (hiddenFail) {
    const why = hidden.error ?? hidden.tests.find((t) => t.status !== 'pass')?.error;
    return {
      skip:
        'the canonical solution fails the hidden check in this sandbox' +
        (why ? ` (${why.type}: ${why.message.slice(0, 200)})` : '')
    };
  }
  const kept = problem.visibleTests.filter(
    (_, i) => visible.status === 'ok' && visible.tests[i]?.status === 'pass'
  );
  const dropped = problem.visibleTests.filter((t) => !kept.includes(t));
  if (kept.length === 0) {
    return { skip: 'the canonical solution fails every visible example, so none is kept' };
  }
  return { problem: { ...problem, visibleTests: kept }, dropped };
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

/** The result line of a run that took place; `stop` is how the caller sorted its error. */
export function resultLineOf(input: {
  taskId: string;
  events: readonly RunEvent[];
  stop: StopReason;
  error?: Error;
  seconds: number;
  retries: number;
  log: string;
}): ResultLine {
  const counters = countersAt(input.events);
  const outcome = outcomeAt(input.events);
  const { stop } = input;
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

/** What one task needs besides its problem. */
export interface TaskSetup {
  technique: AnyTechnique;
  /** parsed by the technique's schema, defaults filled in */
  params: Record<string, unknown>;
  seed: number;
  modelSpec: ModelSpec;
  /** the sandbox that checks the problem against its reference */
  sandbox: Sandbox;
  /** the run's runtimes, made once the checked problem is known */
  runtimes: (problem: Problem) => Runtimes | Promise<Runtimes>;
  /** sorts the error that ended a run (none: `finished`) */
  stopReason: (error: Error | undefined) => StopReason;
  /** failed model calls that were sent again, read when the run ends */
  retries?: () => number;
  /** the run log's file name in results.jsonl (default: the problem's id + `.json`) */
  log?: string;
  signal?: AbortSignal;
  now?: () => number;
}

/**
 * Runs one task to its end; never throws for a failure of the task itself. Null when the
 * signal aborted it (nothing of it is kept).
 */
export async function runTask(
  taskId: string,
  original: Problem,
  setup: TaskSetup
): Promise<TaskResult | null> {
  const now = setup.now ?? (() => performance.now());
  const started = now();
  const timeoutMs =
    typeof setup.params.timeoutMs === 'number' ? setup.params.timeoutMs : DEFAULT_TIMEOUT_MS;
  let checked;
  try {
    checked = await checkAgainstReference(original, setup.sandbox, timeoutMs);
  } catch (error) {
    if (setup.signal?.aborted) return null;
    const reason = error instanceof Error ? error.message : String(error);
    return {
      line: skippedResult(taskId, `its examples could not be checked: ${reason}`),
      run: null,
      dropped: []
    };
  }
  if (setup.signal?.aborted) return null;
  if ('skip' in checked)
    return { line: skippedResult(taskId, checked.skip), run: null, dropped: [] };
  const problem = checked.problem;

  const record = await runTechnique(setup.technique, problem, setup.params, {
    runtimes: await setup.runtimes(problem),
    seed: setup.seed,
    signal: setup.signal,
    now
  });
  if (record.aborted) return null;
  const run: Run = {
    version: LOG_VERSION,
    technique: setup.technique.id,
    params: setup.params,
    problem,
    model: setup.modelSpec,
    seed: setup.seed,
    events: record.events
  };
  const line = resultLineOf({
    taskId,
    events: record.events,
    stop: setup.stopReason(record.error),
    error: record.error,
    seconds: (now() - started) / 1000,
    retries: setup.retries?.() ?? 0,
    log: setup.log ?? `${problem.id}.json`
  });
  return { line, run, dropped: checked.dropped };
}
