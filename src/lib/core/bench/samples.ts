/**
 * `samples.jsonl` in openai/human-eval's sample format (`{task_id, completion}`): what a headless
 * run answered, so human-eval, EvalPlus or `npm run grade` can re-grade it. `npm run solve` writes
 * it with this function, and /bench exports it from a solve folder with the same one.
 *
 * The run's answer is the final program of its outcome, a whole program; human-eval runs
 * prompt + completion, so the completion is that program placed after the prompt
 * (`completionForProgram`), and re-grading it gives the run's verdict. A run that did not
 * finish (an endpoint error, an unanswered question, a skipped task) answered nothing, as
 * its `passed: false` says: its completion is empty.
 */
import { completionForProgram } from '../problems/humaneval';
import type { Run } from '../run/run';
import { outcomeAt } from '../views/timeline';
import type { StopReason } from './result-line';

/** One line of samples.jsonl. */
export interface SampleLine {
  task_id: string;
  completion: string;
}

/**
 * The sample line of a task, or null when `prompt` is null (a JavaScript or TypeScript task:
 * human-eval's format is Python's, prompt + completion, and its graders would not run those).
 */
export function sampleLine(
  taskId: string,
  prompt: string | null,
  stop: StopReason,
  run: Run | null
): SampleLine | null {
  if (prompt === null) return null;
  const outcome = run && stop === 'finished' ? outcomeAt(run.events) : null;
  return { task_id: taskId, completion: completionForProgram(prompt, outcome?.code ?? null) };
}
