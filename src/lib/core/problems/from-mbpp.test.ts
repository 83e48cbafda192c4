/**
 * MBPP lines written for these tests in the dataset's shape (the original release's `text`,
 * `code` with CRLF line ends, `test_list`, `test_setup_code`; the sanitized release's `prompt`
 * and `test_imports`). The converted problems run in the real sandbox: each reference passes
 * its own hidden tests and a wrong program fails them, so the checks built here really grade.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';
import { fromMbpp, literalAssert, MbppLineSchema, type MbppLine } from './from-mbpp';
import type { Problem } from './problem';

const vowels = {
  task_id: 901,
  text: 'Write a function to count the vowels in a given string.',
  code: "def count_vowels(s):\r\n  total = 0\r\n  for c in s.lower():\r\n    if c in 'aeiou':\r\n      total += 1\r\n  return total",
  test_list: [
    "assert count_vowels('hello') == 2",
    "assert count_vowels('SKY') == 0",
    "assert count_vowels('Aeiou') == 5"
  ],
  test_setup_code: '',
  challenge_test_list: []
};

const shared = {
  task_id: 902,
  text: 'Write a function to find the items two tuples have in common.',
  code: 'def common_items(a, b):\r\n  return tuple(set(a) & set(b)) ',
  test_list: [
    'assert set(common_items((1, 2, 3),(3, 4, 2))) == set((2, 3))',
    'assert common_items((1, 2), (5, 6)) == ()',
    'assert set(common_items((7, 8, 9), (9, 8))) == set((8, 9))'
  ],
  test_setup_code: '',
  challenge_test_list: []
};

const circle = {
  task_id: 903,
  prompt: 'Write a function that returns the area of a circle of radius r.',
  code: 'import math\ndef circle_area(r):\n    return math.pi * r * r\n',
  test_imports: ['import math'],
  test_list: [
    'assert circle_area(0) == 0.0',
    'assert math.isclose(circle_area(2), 12.566370614359172, rel_tol=0.001)',
    'assert math.isclose(circle_area(1.5), 7.0685834705770345, rel_tol=0.001)'
  ]
};

const convert = (line: unknown) => fromMbpp(MbppLineSchema.parse(line));

describe('literalAssert', () => {
  it('reads a plain assert with literal values', () => {
    expect(literalAssert("assert f([1, 2], 'a') == {'x': (1,)}", 'f')).toEqual({
      input: "[1, 2], 'a'",
      expected: "{'x': (1,)}"
    });
  });

  it('refuses anything that is code rather than data', () => {
    for (const line of [
      'assert set(f(1)) == set((1, 2))',
      'assert f(1) == g(2)',
      'assert f(x) == 1',
      'assert f(1) != 2',
      'assert f(1) == 2 or True',
      'assert f(1) == 2  # two',
      "assert f(__import__('os').system('ls')) == 0",
      'f(1) == 2',
      'assert f(1) is None'
    ]) {
      expect(literalAssert(line, 'f'), line).toBeNull();
    }
  });
});

describe('fromMbpp', () => {
  it('turns the reference into a signature and docstring, the first assert into the example', () => {
    const converted = convert(vowels);
    expect(converted).toEqual({
      ok: true,
      problem: {
        id: 'mbpp-901',
        language: 'python',
        title: 'MBPP 901: Write a function to count the vowels in a given string.',
        prompt:
          'def count_vowels(s):\n' +
          '    """Write a function to count the vowels in a given string.\n    """\n',
        entryPoint: 'count_vowels',
        visibleTests: [{ input: "'hello'", expected: '2' }],
        hiddenTests: [
          { input: "'hello'", expected: '2' },
          { input: "'SKY'", expected: '0' },
          { input: "'Aeiou'", expected: '5' }
        ],
        reference: vowels.code.replace(/\r\n/g, '\n') + '\n'
      }
    });
  });

  it('puts asserts that are not plain calls into one check with the name bound', () => {
    const converted = convert(shared);
    if (!converted.ok) throw new Error(converted.reason);
    const { visibleTests, hiddenTests } = converted.problem;
    expect(visibleTests).toEqual([{ input: '(1, 2), (5, 6)', expected: '()' }]);
    expect(hiddenTests).toEqual([
      { input: '(1, 2), (5, 6)', expected: '()' },
      {
        check:
          'def check(candidate):\n' +
          '    common_items = candidate\n' +
          '    assert set(common_items((1, 2, 3),(3, 4, 2))) == set((2, 3))\n' +
          '    assert set(common_items((7, 8, 9), (9, 8))) == set((8, 9))\n'
      }
    ]);
  });

  it('reads the sanitized release: prompt and test_imports', () => {
    const converted = convert(circle);
    if (!converted.ok) throw new Error(converted.reason);
    expect(converted.problem.entryPoint).toBe('circle_area');
    expect(converted.problem.prompt).toContain('def circle_area(r):');
    const check = converted.problem.hiddenTests[1];
    expect('check' in check && check.check.startsWith('import math\n\ndef check(candidate):')).toBe(
      true
    );
  });

  it('keeps a task id that already names MBPP, and quotes in the text', () => {
    const converted = convert({
      ...vowels,
      task_id: 'Mbpp/17',
      text: 'Say """hi""" and a \\ back\\slash.'
    });
    if (!converted.ok) throw new Error(converted.reason);
    expect(converted.problem.id).toBe('mbpp-17');
    expect(converted.problem.prompt).toContain('Say \\"\\"\\"hi\\"\\"\\" and a \\\\ back');
  });

  it('says why a line cannot be used', () => {
    const noCall = convert({ ...vowels, test_list: ['assert other(1) == 2'] });
    expect(noCall).toEqual({
      ok: false,
      reason: 'no function of "code" is called by the asserts of "test_list"'
    });
    const noLiteral = convert({ ...shared, test_list: [shared.test_list[0]] });
    expect(noLiteral.ok || noLiteral.reason).toMatch(/none of the asserts is a plain call/);
    const parsed = MbppLineSchema.safeParse({ task_id: 1, text: 'x', test_list: [] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toEqual([
      'the field "code" (the reference solution) is missing',
      '"test_list" is empty'
    ]);
    const noText = MbppLineSchema.safeParse({ ...vowels, text: ' ' });
    expect(noText.error?.issues[0].message).toMatch(/has no "text"/);
  });
});

describe('converted MBPP problems in the sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await sharedPythonSandbox();
  }, 120_000);

  const grade = async (problem: Problem, code: string) => {
    const result = await sandbox.execute({
      language: 'python',
      code,
      entryPoint: problem.entryPoint,
      tests: problem.hiddenTests,
      timeoutMs: 5_000,
      suite: 'hidden'
    });
    return result.tests.map((t) => t.status);
  };

  it.each([
    ['vowels', vowels, 'def count_vowels(s):\n    return 2\n'],
    ['shared', shared, 'def common_items(a, b):\n    return tuple(a)\n'],
    ['circle', circle, 'def circle_area(r):\n    return 3 * r * r\n']
  ])(
    '%s: the reference passes every hidden test, a wrong program does not',
    async (_, line, wrong) => {
      const converted = convert(line as MbppLine);
      if (!converted.ok) throw new Error(converted.reason);
      const { problem } = converted;
      expect(await grade(problem, problem.reference ?? '')).toEqual(
        problem.hiddenTests.map(() => 'pass')
      );
      expect(await grade(problem, wrong)).toContain('fail');
    }
  );
});
