import { describe, expect, it } from 'vitest';
import { jsEntryPoint, problemFromJsLine } from './from-js';
import { isJsLiteral, jsDocExamples, parseJsAssert, parseJsExampleLine } from './js-examples';

import { humanEvalX, multiPlE } from './from-js.fixtures';

describe('problemFromJsLine', () => {
  it('reads a HumanEval-X line: test as the hidden check, example_test as the examples', () => {
    const result = problemFromJsLine(JSON.stringify(humanEvalX));
    expect(result).toEqual({
      examples: 'example_test',
      problem: {
        id: 'javascript-900',
        language: 'javascript',
        title: 'JavaScript/900',
        prompt: humanEvalX.prompt,
        entryPoint: 'largestGap',
        visibleTests: [
          { input: '[3, 9, 1]', expected: '6' },
          { input: '[4]', expected: '0' }
        ],
        hiddenTests: [{ check: humanEvalX.test }],
        reference: humanEvalX.prompt + humanEvalX.canonical_solution
      }
    });
  });

  it('falls back to the doc comment when there is no example_test', () => {
    const { example_test: _, ...line } = humanEvalX;
    void _;
    const result = problemFromJsLine(JSON.stringify(line));
    expect('problem' in result && result.examples).toBe('doc comment');
    expect('problem' in result && result.problem.visibleTests).toEqual([
      { input: '[3, 9, 1]', expected: '6' },
      { input: '[4]', expected: '0' }
    ]);
  });

  it('reads a MultiPL-E line: name, tests, the entry point from the header, // examples', () => {
    const result = problemFromJsLine(JSON.stringify(multiPlE));
    if (!('problem' in result)) throw new Error(result.error);
    expect(result.examples).toBe('doc comment');
    expect(result.problem).toMatchObject({
      id: 'humaneval-901-split-words',
      language: 'javascript',
      entryPoint: 'split_words',
      visibleTests: [
        { input: '"a bc d"', expected: '["d", "bc", "a"]' },
        { input: '""', expected: '[]' }
      ],
      hiddenTests: [{ check: multiPlE.tests }]
    });
    expect(result.problem.reference).toBeUndefined();
  });

  it('reads MultiPL-E TypeScript as a TypeScript problem', () => {
    const ts = {
      ...multiPlE,
      language: 'ts',
      prompt: multiPlE.prompt.replace('(text){', '(text: string): string[] {')
    };
    const result = problemFromJsLine(JSON.stringify(ts));
    expect('problem' in result && result.problem.language).toBe('typescript');
    expect('problem' in result && result.problem.entryPoint).toBe('split_words');
  });

  it('prefers visible_tests, as objects or lines, and names a line it cannot read', () => {
    const line = {
      ...humanEvalX,
      visible_tests: [{ input: '[]', expected: '0' }, 'largestGap([1, 2]) === 1']
    };
    const result = problemFromJsLine(JSON.stringify(line));
    expect('problem' in result && result.examples).toBe('visible_tests');
    expect('problem' in result && result.problem.visibleTests).toEqual([
      { input: '[]', expected: '0' },
      { input: '[1, 2]', expected: '1' }
    ]);
    const bad = problemFromJsLine(JSON.stringify({ ...line, visible_tests: ['gap is 6'] }));
    expect(bad).toEqual({
      error:
        'The problem cannot be used: visible test 1 ("gap is 6") is not a call of largestGap with === or => and a value.'
    });
  });

  it('refuses what it cannot use, in one plain sentence each', () => {
    const error = (value: unknown) => {
      const result = problemFromJsLine(typeof value === 'string' ? value : JSON.stringify(value));
      return 'error' in result ? result.error : null;
    };
    expect(error('{"task_id": ')).toMatch(/^The line is not valid JSON \(/);
    expect(error([1, 2])).toBe(
      'The line must be one JSON object with "prompt" and "test" (or "tests").'
    );
    expect(error({ ...humanEvalX, prompt: undefined })).toBe('The field "prompt" is missing.');
    expect(error({ ...humanEvalX, prompt: 3 })).toBe('"prompt" must be a string.');
    expect(error({ ...humanEvalX, task_id: undefined })).toBe(
      'The line has no "task_id" (HumanEval-X) or "name" (MultiPL-E).'
    );
    expect(error({ ...humanEvalX, test: '  ' })).toBe(
      'The line has no "test" (HumanEval-X) or "tests" (MultiPL-E) to grade with.'
    );
    expect(error({ ...multiPlE, language: 'py' })).toBe(
      'The line is in "py"; only JavaScript and TypeScript are read here.'
    );
    expect(error({ ...humanEvalX, prompt: '/* Twice x. */\n' })).toMatch(
      /^The line has no "entry_point", and its prompt declares no function/
    );
    const { example_test: _, ...noExamples } = humanEvalX;
    void _;
    expect(error({ ...noExamples, prompt: 'const largestGap = (numbers) => {\n' })).toMatch(
      /^The problem cannot be used: no visible tests: .* example of largestGap\(…\)/
    );
    expect(error({ ...humanEvalX, entry_point: 'has$dollar' })).toMatch(
      /^The entry point "has\$dollar" is not a name/
    );
  });
});

describe('jsEntryPoint', () => {
  it('finds the last function the prompt declares, in any of the usual forms', () => {
    expect(jsEntryPoint('function add(a, b) {\n')).toBe('add');
    expect(jsEntryPoint('export async function load(x){\n')).toBe('load');
    expect(jsEntryPoint('const helper = (x) => x;\nconst main = async (x) => {\n')).toBe('main');
    expect(jsEntryPoint('let f = function (x) {\n')).toBe('f');
    expect(jsEntryPoint('const sum = (xs: number[]): number => {\n')).toBe('sum');
    expect(jsEntryPoint('const g = x => {\n')).toBe('g');
    expect(jsEntryPoint('const LIMIT = 3;\n')).toBeNull();
  });
});

describe('JavaScript examples', () => {
  it('reads assert lines of both datasets, and JSON.stringify on both sides', () => {
    expect(parseJsAssert('console.assert(f([1, 2], 3) === true)', 'f')).toEqual({
      input: '[1, 2], 3',
      expected: 'true'
    });
    expect(
      parseJsAssert("console.assert(JSON.stringify(f('a, b')) === JSON.stringify(['a', 'b']))", 'f')
    ).toEqual({ input: "'a, b'", expected: "['a', 'b']" });
    expect(
      parseJsAssert('  assert.deepEqual(candidate([1, [2, 3]]),{a: 1, "b": [2]});', 'f')
    ).toEqual({
      input: '[1, [2, 3]]',
      expected: '{a: 1, "b": [2]}'
    });
    expect(parseJsAssert('assert.strictEqual(f(), -1.5)', 'f')).toEqual({
      input: '',
      expected: '-1.5'
    });
    // Not a call of the function, a comparison we do not read, or a computed expectation.
    expect(parseJsAssert('console.assert(g(1) === 2)', 'f')).toBeNull();
    expect(parseJsAssert('console.assert(f(1) !== 2)', 'f')).toBeNull();
    expect(parseJsAssert('assert.deepEqual(f(1), g(2))', 'f')).toBeNull();
    expect(parseJsAssert('assert.deepEqual(f(1))', 'f')).toBeNull();
  });

  it('reads example lines with ===, // => and arrows', () => {
    expect(parseJsExampleLine('f(2) === 4;', 'f')).toEqual({ input: '2', expected: '4' });
    expect(parseJsExampleLine('f("x") // => "xx"', 'f')).toEqual({
      input: '"x"',
      expected: '"xx"'
    });
    expect(parseJsExampleLine('f(1) ➞ [1]', 'f')).toEqual({ input: '1', expected: '[1]' });
    expect(parseJsExampleLine('f(1) is 2', 'f')).toBeNull();
  });

  it('leaves out Python-looking values and code after the doc comment', () => {
    const prompt = [
      '/**',
      ' * Pairs.',
      ' * >>> pairs([1, 2])',
      ' * [[1, 2]]',
      ' * >>> pairs([True])',
      ' * []',
      ' * >>> pairs([3])',
      ' * (3,)',
      ' *',
      ' * pairs([]) // => []',
      ' */',
      'function pairs(xs) {'
    ].join('\n');
    expect(jsDocExamples(prompt, 'pairs')).toEqual([
      { input: '[1, 2]', expected: '[[1, 2]]' },
      { input: '[]', expected: '[]' }
    ]);
  });

  it('tells JavaScript literals from other expressions', () => {
    for (const ok of [
      '1',
      '-2.5e3',
      '"a(b"',
      "'x'",
      '[true, null, undefined]',
      '{a: 1, "b c": [NaN]}',
      '[1], 2'
    ])
      expect(isJsLiteral(ok), ok).toBe(true);
    for (const bad of ['True', 'None', '(1, 2)', 'f(1)', '[1, 2', 'new Set()', 'x => x', ''])
      expect(isJsLiteral(bad), bad).toBe(false);
  });
});
