/**
 * One task of a headless run: the shared task of core (`core/bench/task.ts`: check the problem
 * against its reference, run the technique live, its result line) with the shell's endpoint,
 * whose failed calls are retried, and the shell's sorting of errors into stop reasons.
 */
import type { Problem } from '../../lib/core/problems/problem';
import type { Asker, LanguageModel, Sandbox } from '../../lib/core/run/effects';
import type { ModelSpec } from '../../lib/core/run/run';
import { runTask, type TaskResult } from '../../lib/core/bench/task';
import type { AnyTechnique } from '../../lib/core/techniques/registry';
import { RetryingModel, type RetryOptions } from './retry';
import { stopReasonOf } from './results';

export { checkAgainstReference, type TaskResult } from '../../lib/core/bench/task';

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

/** Runs one task to its end; never throws for a failure of the task itself. */
export async function solveTask(
  taskId: string,
  original: Problem,
  setup: TaskSetup
): Promise<TaskResult> {
  let retries = 0;
  const model = new RetryingModel(setup.model, { ...setup.retry, onRetry: () => retries++ });
  const result = await runTask(taskId, original, {
    technique: setup.technique,
    params: setup.params,
    seed: setup.seed,
    modelSpec: setup.modelSpec,
    sandbox: setup.sandbox,
    runtimes: (problem) => ({ model, sandbox: setup.sandbox, asker: setup.asker(problem, taskId) }),
    stopReason: stopReasonOf,
    retries: () => retries,
    now: setup.now
  });
  // no signal is given, so the run is never aborted
  if (result === null) throw new Error(`task ${taskId} was aborted`);
  return result;
}
