/**
 * Running a program on the problem's tests and saying how it did: the visible examples (which
 * the prompt shows, so a technique may run them as often as it likes), the hidden tests (which
 * grade the final program once and never reach the model), and the closing `outcome` note.
 */
import type { ExecResult } from '../../run/effects';
import type { Problem } from '../../problems/problem';
import type { RunContext } from '../../run/context';

/** How a program did on the visible examples and on the hidden tests. */
export interface Grade {
  visiblePassed: boolean;
  hiddenPassed: number;
  hiddenTotal: number;
}

/**
 * True when the program loaded, at least one test ran, and every test passed. A result with no
 * tests passes nothing. No caller runs an empty list (a problem's suites are never empty, and
 * reflexion stops before running no self-tests), and a sandbox reports one outcome per test.
 */
export const passedAll = (r: ExecResult): boolean =>
  r.status === 'ok' && r.tests.length > 0 && r.tests.every((t) => t.status === 'pass');

/** Runs `code` on one of the problem's two suites; `label` names the step in the log. */
export function runSuite(
  problem: Problem,
  code: string,
  suite: 'visible' | 'hidden',
  timeoutMs: number,
  ctx: RunContext,
  label: string
): Promise<ExecResult> {
  return ctx.execute(
    {
      language: problem.language,
      code,
      entryPoint: problem.entryPoint,
      tests: suite === 'visible' ? problem.visibleTests : problem.hiddenTests,
      timeoutMs,
      suite
    },
    label
  );
}

/**
 * Grades a final program with the hidden tests and returns only how many pass: the model never
 * sees their results.
 */
export async function hiddenPassCount(
  problem: Problem,
  code: string,
  timeoutMs: number,
  ctx: RunContext,
  label: string
): Promise<number> {
  const hidden = await runSuite(problem, code, 'hidden', timeoutMs, ctx, label);
  return hidden.tests.filter((t) => t.status === 'pass').length;
}

/**
 * Runs a program on the visible examples, then grades it with the hidden tests. The examples
 * are run too (they are no secret: the prompt shows them) so the outcome can tell "passes the
 * examples" from "is right".
 */
export async function gradeProgram(
  problem: Problem,
  code: string,
  timeoutMs: number,
  ctx: RunContext,
  what = 'the program'
): Promise<Grade> {
  const visible = await runSuite(
    problem,
    code,
    'visible',
    timeoutMs,
    ctx,
    `run the examples on ${what}`
  );
  const hiddenPassed = await hiddenPassCount(
    problem,
    code,
    timeoutMs,
    ctx,
    `grade ${what} with the hidden tests`
  );
  return {
    visiblePassed: passedAll(visible),
    hiddenPassed,
    hiddenTotal: problem.hiddenTests.length
  };
}

/** What the closing sentence says besides the verdict. */
interface OutcomeWords {
  /** why there is no program; with `stopped`, also why the technique stopped */
  why: string;
  /** a sentence added after the verdict */
  extra?: string;
  /** open the verdict with "Stopped because {why}", for a loop whose end is worth saying */
  stopped?: boolean;
}

/**
 * Emits the closing `outcome` note for a single final program, or for none (`code` or `grade`
 * null).
 */
export function emitOutcome(
  ctx: RunContext,
  problem: Problem,
  code: string | null,
  grade: Grade | null,
  { why, extra = '', stopped = false }: OutcomeWords
): void {
  const total = problem.hiddenTests.length;
  const solved = code !== null && grade !== null && grade.hiddenPassed === total;
  const tail = extra ? ` ${extra}` : '';
  ctx.emit({
    type: 'outcome',
    status: solved ? 'solved' : 'unsolved',
    code,
    visiblePassed: grade?.visiblePassed ?? false,
    hiddenPassed: grade?.hiddenPassed ?? 0,
    hiddenTotal: total,
    message:
      (code === null || grade === null
        ? `No program was produced: ${why}.`
        : solved
          ? stopped
            ? `Stopped because ${why}, and all hidden tests pass.`
            : 'All hidden tests pass.'
          : grade.visiblePassed
            ? `Passed its examples but not the hidden tests (${grade.hiddenPassed}/${total}): examples are not a proof.`
            : `${stopped ? `Stopped because ${why}; ` : ''}${grade.hiddenPassed}/${total} hidden tests pass.`) +
      tail
  });
}
