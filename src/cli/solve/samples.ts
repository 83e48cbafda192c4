/**
 * `samples.jsonl`: what a headless run answered, in openai/human-eval's sample format; the
 * line is made by core's `sampleLine` (`src/lib/core/bench/samples.ts`), which /bench also uses.
 */
import { sampleLine, type SampleLine } from '../../lib/core/bench/samples';
import type { Run } from '../../lib/core/run/run';
import type { Task } from './inputs';
import type { ResultLine } from './results';

export type { SampleLine };

/**
 * The sample line of a task, or null for a JavaScript or TypeScript task: human-eval's format
 * is Python's (prompt + completion), and its graders would not run those.
 */
export function sampleOfTask(task: Task, line: ResultLine, run: Run | null): SampleLine | null {
  return sampleLine(task.taskId, task.prompt, line.stop_reason, run);
}
