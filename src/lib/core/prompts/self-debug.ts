/** Prompt builders for self-debugging. Short and plain, so small coder models follow them. */
import type { ExecResult, TestOutcome } from '../run/effects';
import type { Problem } from '../problems/problem';
import { languageOf, type Language } from '../problems/languages';
import { programmerSystem } from './opening-request';

/** The Python programmer's system prompt (Reflexion's conversation opens with it too). */
export const SELF_DEBUG_SYSTEM = programmerSystem('python');

/**
 * One failing call in words: what it returned against what was expected, or what it raised.
 * Self-debugging's feedback and Reflexion's (for self-tests that are plain calls) both use it.
 */
export function describeOutcome(entryPoint: string, test: TestOutcome): string {
  const call = `${entryPoint}(${test.input})`;
  switch (test.status) {
    case 'fail':
      return `${call} returned ${test.actual}, expected ${test.expected}`;
    case 'error':
      return `${call} raised ${test.error?.type}: ${test.error?.message}${
        test.error?.line ? ` (line ${test.error.line})` : ''
      }`;
    case 'timeout':
      return `${call} did not finish within the time limit`;
    default:
      return `${call} was not run`;
  }
}

/** What went wrong on the examples, without any instruction: the error, or each failing call. */
export function failureReport(problem: Problem, result: ExecResult): string {
  if (result.status === 'error' && result.error) {
    const where = result.error.line ? ` at line ${result.error.line}` : '';
    return `The code could not run: ${result.error.type}${where}: ${result.error.message}`;
  }
  const failing = result.tests.filter((t) => t.status !== 'pass');
  const lines = failing.map((t) => `- ${describeOutcome(problem.entryPoint, t)}`);
  return `The code failed ${failing.length} of ${result.tests.length} examples:\n${lines.join('\n')}`;
}

/** Unit-test feedback: every failing example with expected vs. actual, or the error. */
export function unitTestFeedback(problem: Problem, result: ExecResult): string {
  const fix = 'Fix the code and answer with the whole corrected function.';
  if (result.status === 'error' && result.error) return `${failureReport(problem, result)}\n${fix}`;
  return (
    `${failureReport(problem, result)}\n${fix} ` +
    'If you are sure the code is right, answer only: CODE IS CORRECT.'
  );
}

/** The whole of simple feedback's signal: that the code is wrong, nothing about why. */
export const NOT_CORRECT = 'The code is not correct.';

/** Simple feedback: only that the code is wrong (the paper's weakest variant). */
export function simpleFeedback(): string {
  return `${NOT_CORRECT} Find the mistake and answer with the whole corrected function.`;
}

/** Rubber-duck feedback: the failures, and a request to explain the code before fixing it. */
export function explanationFeedback(problem: Problem, result: ExecResult): string {
  return (
    failureReport(problem, result) +
    '\nFirst explain, line by line, what your code does with the failing input. Then say ' +
    'which line is wrong, and answer with the whole corrected function.'
  );
}

/** Trace feedback: the failures, plus what the program did on the first failing example. */
export function traceFeedback(
  problem: Problem,
  result: ExecResult,
  call: string,
  summary: string
): string {
  return (
    failureReport(problem, result) +
    `\nThis is what your code did on ${call}, line by line:\n${summary}\n` +
    'Find where it goes wrong and answer with the whole corrected function.'
  );
}

/** When a reply had no code block of the problem's language. */
export const noCodeFeedback = (language?: Language): string =>
  `Your answer had no \`\`\`${languageOf(language).fence} code block. Answer with the whole ` +
  'function in one block.';

export const NO_CODE_FEEDBACK = noCodeFeedback('python');
