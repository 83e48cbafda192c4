import { describe, expect, it } from 'vitest';
import { fromHumanEval, hiddenCheckSource, problemIdOf, type SolveProblem } from './from-humaneval';

const line = (over: Partial<SolveProblem> = {}): SolveProblem => ({
  task_id: 'HumanEval/7',
  prompt: 'def double(x):\n    """Twice x.\n    >>> double(2)\n    4\n    """\n',
  entry_point: 'double',
  test: 'def check(candidate):\n    assert candidate(3) == 6\n',
  canonical_solution: '    return 2 * x\n',
  ...over
});

describe('fromHumanEval', () => {
  it('makes the test the hidden check and the docstring examples the visible tests', () => {
    const converted = fromHumanEval(line());
    expect(converted).toEqual({
      ok: true,
      examples: 'docstring',
      problem: {
        id: 'humaneval-7',
        language: 'python',
        title: 'HumanEval/7',
        prompt: line().prompt,
        entryPoint: 'double',
        visibleTests: [{ input: '2', expected: '4' }],
        hiddenTests: [{ check: line().test }],
        reference: line().prompt + line().canonical_solution
      }
    });
  });

  it('prefers visible_tests, as objects or example lines', () => {
    const converted = fromHumanEval(
      line({ visible_tests: [{ input: '0', expected: '0' }, 'assert double(-1) == -2'] })
    );
    expect(converted.ok && converted.examples).toBe('visible_tests');
    expect(converted.ok && converted.problem.visibleTests).toEqual([
      { input: '0', expected: '0' },
      { input: '-1', expected: '-2' }
    ]);
    const bad = fromHumanEval(line({ visible_tests: ['double is 4'] }));
    expect(bad).toEqual({
      ok: false,
      reason: 'visible test 1 ("double is 4") is not a call of double with == or -> and a value'
    });
  });

  it('refuses a problem without any example, saying why', () => {
    const converted = fromHumanEval(line({ prompt: 'def double(x):\n    """Twice x."""\n' }));
    expect(converted.ok).toBe(false);
    expect(!converted.ok && converted.reason).toContain('no visible tests');
  });

  it('leaves out a reference too long for a problem, and refuses a task id without letters', () => {
    const long = fromHumanEval(
      line({ canonical_solution: `    return 2 * x  # ${'x'.repeat(20_000)}\n` })
    );
    expect(long.ok && long.problem.reference).toBeUndefined();
    expect(fromHumanEval(line({ task_id: '///' }))).toMatchObject({ ok: false });
  });
});

describe('hiddenCheckSource', () => {
  it('puts the prompt in front of a test that calls its helpers', () => {
    const problem = {
      prompt:
        'import math\n\n\ndef poly(xs, x):\n    return sum(c * x**i for i, c in enumerate(xs))\n\n\ndef find_zero(xs):\n    """..."""\n',
      test: 'def check(candidate):\n    assert abs(poly([1, 1], candidate([1, 1]))) < 1e-6\n',
      entry_point: 'find_zero'
    };
    const source = hiddenCheckSource(problem);
    expect(source).toContain(problem.prompt);
    expect(source.endsWith(problem.test)).toBe(true);
    expect(source.split('\n')[0]).toContain('(poly)');
  });

  it('keeps a test that needs nothing from the prompt as it is', () => {
    const problem = {
      prompt: 'def polynomial(x):\n    """..."""\n',
      test: 'def check(candidate):\n    assert candidate(1) == 1\n',
      entry_point: 'polynomial'
    };
    expect(hiddenCheckSource(problem)).toBe(problem.test);
  });
});

describe('problemIdOf', () => {
  it('makes kebab-case ids', () => {
    expect(problemIdOf('HumanEval/12')).toBe('humaneval-12');
    expect(problemIdOf('Mbpp/Test_3 ')).toBe('mbpp-test-3');
  });
});
