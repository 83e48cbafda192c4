/**
 * One task of a headless run: check the problem's examples and hidden check against its
 * reference solution (when it has one), run the technique live, and return the run as a
 * permalink's payload (`Run`) with its result line.
 */
import type { Problem, TestCase } from '../../lib/core/problems/problem';
import { runTechnique } from '../../lib/core/run/context';
import type { Asker, LanguageModel, Sandbox } from '../../lib/core/run/effects';
import { LOG_VERSION } from '../../lib/core/run/events';
import type { ModelSpec, Run } from '../../lib/core/run/run';
import type { AnyTechnique } from '../../lib/core/techniques/registry';
import { RetryingModel, type RetryOptions } from './retry';
import { resultOfRun, skippedResult, type ResultLine } from './results';

/** What every task of a run shares. */
export interface TaskSetup {
  technique: AnyTechnique;
  /** parsed by the technique's schema, defaults filled in */
  params: Record<string, unknown>;
  seed: number;
  /** the endpoint's model; each task wraps it in its own retrying model */
  model: LanguageModel;
  modelSpec: ModelSpec;
  retry: Omit<RetryOptions, 'onRetry'>;
  sandbox: Sandbox;
  asker: (problem: Problem, taskId: string) => Asker;
  now?: () => number;
}

/** A task's result line, and its run when one took place. */
export interface TaskResult {
  line: ResultLine;
  run: Run | null;
  /** examples dropped because the reference solution fails them */
  dropped: TestCase[];
}

const DEFAULT_TIMEOUT_MS = 5_000;

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

/** Runs one task to its end; never throws for a failure of the task itself. */
export async function solveTask(
  taskId: string,
  original: Problem,
  setup: TaskSetup
): Promise<TaskResult> {
  const now = setup.now ?? (() => performance.now());
  const started = now();
  const timeoutMs =
    typeof setup.params.timeoutMs === 'number' ? setup.params.timeoutMs : DEFAULT_TIMEOUT_MS;
  let checked;
  try {
    checked = await checkAgainstReference(original, setup.sandbox, timeoutMs);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      line: skippedResult(taskId, `its examples could not be checked: ${reason}`),
      run: null,
      dropped: []
    };
  }
  if ('skip' in checked)
    return { line: skippedResult(taskId, checked.skip), run: null, dropped: [] };
  const problem = checked.problem;

  let retries = 0;
  const model = new RetryingModel(setup.model, { ...setup.retry, onRetry: () => retries++ });
  const record = await runTechnique(setup.technique, problem, setup.params, {
    runtimes: { model, sandbox: setup.sandbox, asker: setup.asker(problem, taskId) },
    seed: setup.seed,
    now
  });
  const run: Run = {
    version: LOG_VERSION,
    technique: setup.technique.id,
    params: setup.params,
    problem,
    model: setup.modelSpec,
    seed: setup.seed,
    events: record.events
  };
  const line = resultOfRun({
    taskId,
    events: record.events,
    error: record.error,
    seconds: (now() - started) / 1000,
    retries,
    log: `${problem.id}.json`
  });
  return { line, run, dropped: checked.dropped };
}
