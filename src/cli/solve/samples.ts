/**
 * `samples.jsonl`: what a headless run answered, in openai/human-eval's sample format
 * (`{task_id, completion}`), so human-eval, EvalPlus or `npm run grade` can re-grade it.
 *
 * The run's answer is the final program of its outcome, a whole program; human-eval runs
 * prompt + completion, so the completion is that program placed after the prompt
 * (`completionForProgram`), and re-grading it gives the run's verdict. A run that did not
 * finish (an endpoint error, an unanswered question, a skipped task) answered nothing, as
 * its `passed: false` says: its completion is empty.
 */
import { completionForProgram } from '../../lib/core/problems/humaneval';
import type { Run } from '../../lib/core/run/run';
import { outcomeAt } from '../../lib/core/views/timeline';
import type { Task } from './inputs';
import type { ResultLine } from './results';

/** One line of samples.jsonl. */
export interface SampleLine {
  task_id: string;
  completion: string;
}

/**
 * The sample line of a task, or null for a JavaScript or TypeScript task: human-eval's format
 * is Python's (prompt + completion), and its graders would not run those.
 */
export function sampleOfTask(task: Task, line: ResultLine, run: Run | null): SampleLine | null {
  if (task.prompt === null) return null;
  const outcome = run && line.stop_reason === 'finished' ? outcomeAt(run.events) : null;
  return {
    task_id: task.taskId,
    completion: completionForProgram(task.prompt, outcome?.code ?? null)
  };
}
