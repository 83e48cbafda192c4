/**
 * Model-written tests as asserts (Reflexion's self-tests, CodeT's generated tests): the lines
 * of a reply are candidates, and the Python sandbox (with `ast`, see prompts/reflexion) decides
 * which are one assert calling the function. Nothing written by the model is evaluated here.
 */
import type { ExecResult } from '../../run/effects';
import type { Problem } from '../../problems/problem';
import type { RunContext } from '../../run/context';
import {
  VALIDATOR_ENTRY,
  asSelfTestCases,
  dropReason,
  selfTestLines,
  selfTestValidator,
  toCandidate,
  validatorTest,
  type SelfTestCandidate
} from '../../prompts/reflexion';

/** A line that was not kept, and why, in a few plain words. */
export interface DroppedTest {
  source: string;
  reason: string;
}

/** The tests of a reply: those kept (in order) and those dropped. */
export interface ParsedTests {
  /** how many lines of the reply were looked at */
  candidates: number;
  kept: SelfTestCandidate[];
  dropped: DroppedTest[];
}

interface ParseOptions {
  /** keep at most this many; the rest are dropped as too many */
  limit: number;
  /** what the tests are called in the over-limit reason: "self-tests", "tests" */
  noun: string;
  timeoutMs: number;
  /** the label of the sandbox run that decides */
  label: string;
  /** drop a line that repeats an earlier one (a repeated test would count twice) */
  unique?: boolean;
}

/**
 * Reads the assert lines of `reply`, has the sandbox check each (one execution, skipped when
 * there is no line), and keeps at most `limit` of those that pass.
 */
export async function parseAssertTests(
  problem: Problem,
  reply: string,
  options: ParseOptions,
  ctx: RunContext
): Promise<ParsedTests> {
  const lines = selfTestLines(reply);
  const repeats = new Map<number, number>();
  const fresh: string[] = [];
  lines.forEach((line, i) => {
    const first = lines.findIndex((l) => l.replace(/\s+/g, '') === line.replace(/\s+/g, ''));
    if (options.unique && first < i) repeats.set(i, first);
    else fresh.push(line);
  });
  const candidates = fresh.map((l) => toCandidate(l, problem.entryPoint));
  let verdicts: ExecResult | null = null;
  if (candidates.length > 0) {
    verdicts = await ctx.execute(
      {
        language: 'python',
        code: selfTestValidator(problem.entryPoint),
        entryPoint: VALIDATOR_ENTRY,
        tests: candidates.map(validatorTest),
        timeoutMs: options.timeoutMs,
        suite: 'visible'
      },
      options.label
    );
  }
  const kept: SelfTestCandidate[] = [];
  const dropped: DroppedTest[] = [];
  let next = 0;
  lines.forEach((line, i) => {
    const earlier = repeats.get(i);
    if (earlier !== undefined) {
      dropped.push({ source: line, reason: `repeats line ${earlier + 1}` });
      return;
    }
    const c = candidates[next];
    const outcome = verdicts?.status === 'ok' ? verdicts.tests[next] : undefined;
    next++;
    if (outcome?.status !== 'pass') dropped.push({ source: c.source, reason: dropReason(outcome) });
    else if (kept.length >= options.limit)
      dropped.push({ source: c.source, reason: `more than ${options.limit} ${options.noun}` });
    else kept.push(c);
  });
  return { candidates: lines.length, kept, dropped };
}

/** A kept test the reference solution fails, by its 1-based position, and what happened. */
export interface WrongTest {
  index: number;
  reason: string;
}

/**
 * Runs the kept tests on the problem's reference solution (one execution labelled `label`):
 * a test the reference fails is wrong. Null when there is no reference or no test; `ran` false
 * when the reference itself did not run.
 */
export async function testsOnReference(
  problem: Problem,
  kept: SelfTestCandidate[],
  timeoutMs: number,
  ctx: RunContext,
  label: string
): Promise<{ ran: boolean; wrong: WrongTest[] } | null> {
  if (problem.reference === undefined || kept.length === 0) return null;
  const result = await ctx.execute(
    {
      language: 'python',
      code: problem.reference,
      entryPoint: problem.entryPoint,
      tests: asSelfTestCases(kept, problem.entryPoint),
      timeoutMs,
      suite: 'visible'
    },
    label
  );
  if (result.status !== 'ok') return { ran: false, wrong: [] };
  const wrong = result.tests.flatMap((t, i) =>
    t.status === 'pass'
      ? []
      : [
          {
            index: i + 1,
            reason:
              t.status === 'fail'
                ? 'the reference solution fails it'
                : `the reference solution ${t.status === 'error' ? `raised ${t.error?.type}` : 'did not finish'} on it`
          }
        ]
  );
  return { ran: true, wrong };
}

/**
 * The sentence of a check against the reference: `tests` names all of them with their count
 * ("5 self-tests", "the designer's 7 tests").
 */
export function wrongTestsMessage(wrong: number, tests: string): string {
  return wrong === 0
    ? `The reference solution passes all ${tests}.`
    : `${wrong} of ${tests} ${wrong === 1 ? 'was' : 'were'} wrong: the reference solution fails ${wrong === 1 ? 'it' : 'them'}.`;
}
