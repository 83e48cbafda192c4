/**
 * HumanEval-style check cases against real Pyodide: programs are `prompt + completion` (a
 * function with a docstring and its imports) and tests are `check(candidate)` sources. The
 * problems are our own, written in the dataset's style.
 */
import { describe, expect, it } from 'vitest';
import { ExecResultSchema, type ExecRequest, type ExecResult } from '../../core/run/effects';
import { fileSandbox } from '../../testing/shared-python';

const sandbox = fileSandbox();

async function run(
  code: string,
  entryPoint: string,
  tests: ExecRequest['tests'],
  timeoutMs = 5_000
): Promise<ExecResult> {
  const request: ExecRequest = {
    language: 'python',
    code,
    entryPoint,
    tests,
    timeoutMs,
    suite: 'hidden'
  };
  return ExecResultSchema.parse(await sandbox().execute(request));
}

const RUNNING_MAX_PROMPT = `from typing import List


def running_max(numbers: List[int]) -> List[int]:
    """ Return a list whose i-th element is the largest of numbers[0..i].
    >>> running_max([1, 3, 2, 5, 4])
    [1, 3, 3, 5, 5]
    >>> running_max([])
    []
    """
`;

const RUNNING_MAX_CHECK = `

METADATA = {
    'author': 'acl',
    'dataset': 'test'
}


def check(candidate):
    assert candidate([]) == []
    assert candidate([1, 3, 2, 5, 4]) == [1, 3, 3, 5, 5]
    assert candidate([-2, -5, -1]) == [-2, -2, -1]
    assert candidate([7]) == [7]
`;

const BALANCED_PROMPT = `

def is_balanced(text: str) -> bool:
    """ Return True if every bracket in text, of the kinds (), [] and {}, is closed in the
    right order, ignoring every other character.
    >>> is_balanced('f(a[1]) {x}')
    True
    >>> is_balanced('(]')
    False
    """
`;

const BALANCED_CHECK = `

def check(candidate):
    assert candidate('') is True
    assert candidate('f(a[1]) {x}') is True
    assert candidate('(]') is False
    assert candidate('((') is False
    assert candidate('a)(b') is False
`;

const SQRT_PROMPT = `import math


def hypotenuse(a: float, b: float) -> float:
    """ The length of the hypotenuse of a right triangle with legs a and b.
    >>> hypotenuse(3, 4)
    5.0
    """
`;

const SQRT_CHECK = `
import math


def check(candidate):
    assert abs(candidate(3, 4) - 5.0) < 1e-9
    assert math.isclose(candidate(1, 1), math.sqrt(2))
`;

describe('HumanEval check cases', () => {
  it('passes a correct completion, typing imports and all', async () => {
    const completion = [
      '    result = []',
      '    for n in numbers:',
      '        result.append(n if not result else max(result[-1], n))',
      '    return result',
      ''
    ].join('\n');
    const result = await run(RUNNING_MAX_PROMPT + completion, 'running_max', [
      { check: RUNNING_MAX_CHECK }
    ]);
    expect(result.status).toBe('ok');
    expect(result.tests).toEqual([
      {
        input: 'check(candidate)',
        expected: 'every assertion holds',
        status: 'pass',
        actual: null,
        error: null
      }
    ]);
  });

  it('fails a wrong completion with the failing assert, quoted from the check', async () => {
    // Off by one: the last prefix is left out.
    const completion = '    return [max(numbers[: i + 1]) for i in range(len(numbers) - 1)]\n';
    const result = await run(RUNNING_MAX_PROMPT + completion, 'running_max', [
      { check: RUNNING_MAX_CHECK }
    ]);
    expect(result.status).toBe('ok');
    expect(result.tests[0]).toMatchObject({
      input: 'check(candidate)',
      expected: 'every assertion holds',
      status: 'fail',
      actual: null,
      error: {
        type: 'AssertionError',
        message:
          'The check failed at line 11: assert candidate([1, 3, 2, 5, 4]) == [1, 3, 3, 5, 5]',
        line: null
      }
    });
  });

  it('reports a completion with a syntax error as a program error', async () => {
    const completion = ['    stack = []', '    for ch in text', '        pass', ''].join('\n');
    const result = await run(BALANCED_PROMPT + completion, 'is_balanced', [
      { check: BALANCED_CHECK }
    ]);
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ type: 'SyntaxError', line: 12 });
    expect(result.tests).toEqual([
      {
        input: 'check(candidate)',
        expected: 'every assertion holds',
        status: 'not-run',
        actual: null,
        error: null
      }
    ]);
  });

  it('times out a completion that loops forever', async () => {
    const completion = [
      '    depth = 0',
      '    i = 0',
      '    while i < len(text):',
      "        if text[i] in '([{':",
      '            depth += 1',
      '            i += 1',
      '    return depth == 0',
      ''
    ].join('\n');
    const result = await run(
      BALANCED_PROMPT + completion,
      'is_balanced',
      [{ check: BALANCED_CHECK }],
      1_000
    );
    expect(result.status).toBe('timeout');
    expect(result.tests[0]).toMatchObject({
      input: 'check(candidate)',
      status: 'timeout',
      error: { type: 'TimeoutError' }
    });
    expect(result.tests[0].error?.line).toBeGreaterThanOrEqual(13);
  });

  it('passes a correct bracket matcher and judges each check separately', async () => {
    const completion = [
      "    pairs = {')': '(', ']': '[', '}': '{'}",
      '    stack = []',
      '    for ch in text:',
      "        if ch in '([{':",
      '            stack.append(ch)',
      '        elif ch in pairs:',
      '            if not stack or stack.pop() != pairs[ch]:',
      '                return False',
      '    return not stack',
      ''
    ].join('\n');
    const result = await run(BALANCED_PROMPT + completion, 'is_balanced', [
      { check: BALANCED_CHECK },
      { input: "'[{}]'", expected: 'True' },
      { check: 'def check(candidate):\n    assert candidate("(") is True\n' }
    ]);
    expect(result.tests.map((t) => t.status)).toEqual(['pass', 'pass', 'fail']);
  });

  it('gives an exception from the candidate as an error at its program line', async () => {
    const completion = '    return math.sqrt(a * a + b * b) / (a - 3)\n';
    const result = await run(SQRT_PROMPT + completion, 'hypotenuse', [{ check: SQRT_CHECK }]);
    expect(result.tests[0]).toMatchObject({
      status: 'error',
      error: { type: 'ZeroDivisionError', line: 9 }
    });
  });

  it('treats an assert failing inside the program as an error, not a failed check', async () => {
    const completion = '    assert a > 10, "too small"\n    return 0.0\n';
    const result = await run(SQRT_PROMPT + completion, 'hypotenuse', [{ check: SQRT_CHECK }]);
    expect(result.tests[0]).toMatchObject({
      status: 'error',
      error: { type: 'AssertionError', message: 'too small', line: 9 }
    });
  });

  it('runs the check with the builtins as they were before the program patched them', async () => {
    // Wrong answer, and a patched abs() that would make the first assert hold.
    const completion = '    import builtins\n    builtins.abs = lambda x: 0\n    return a + b\n';
    const result = await run(SQRT_PROMPT + completion, 'hypotenuse', [{ check: SQRT_CHECK }]);
    expect(result.tests[0]).toMatchObject({ status: 'fail', error: { type: 'AssertionError' } });
    expect(result.tests[0].error?.message).toContain('line 6: assert abs(candidate(3, 4) - 5.0)');
  });

  it('shares nothing but the candidate between the check and the program', async () => {
    const code = ['LIMIT = 3', 'def f(x):', "    return 'METADATA' in globals()", ''].join('\n');
    const result = await run(code, 'f', [
      { check: 'METADATA = {}\ndef check(candidate):\n    assert candidate(1) is False\n' },
      { check: 'def check(candidate):\n    assert LIMIT == 3\n' },
      { check: 'def check(candidate):\n    assert candidate.__name__ == "f"\n' }
    ]);
    expect(result.tests.map((t) => t.status)).toEqual(['pass', 'error', 'pass']);
    expect(result.tests[1].error).toMatchObject({ type: 'NameError', line: null });
  });

  it('blames a broken check on the test, not the program', async () => {
    const code = 'def f(x):\n    return x\n';
    const result = await run(code, 'f', [
      { check: 'def check(candidate)\n    assert True\n' },
      { check: 'def verify(candidate):\n    assert True\n' },
      { check: 'import numpy\ndef check(candidate):\n    assert True\n' },
      { check: 'def check(candidate):\n    assert candidate(2) == 2\n' }
    ]);
    expect(result.status).toBe('ok');
    expect(result.tests.map((t) => [t.status, t.error?.type ?? null])).toEqual([
      ['error', 'TestCheckError'],
      ['error', 'TestCheckError'],
      ['error', 'TestCheckError'],
      ['pass', null]
    ]);
    expect(result.tests[0].error?.message).toMatch(/not valid Python \(line 1\)/);
    expect(result.tests[1].error?.message).toMatch(/does not define check\(candidate\)/);
    expect(result.tests[2].error?.message).toMatch(/could not be loaded: ModuleNotFoundError/);
  });
});
