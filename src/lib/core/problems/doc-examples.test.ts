import { describe, expect, it } from 'vitest';
import { docExamples, isBalanced, parseExampleLine } from './doc-examples';

describe('docExamples', () => {
  it('reads doctest calls with their output lines', () => {
    const prompt = [
      'def add(a, b):',
      '    """Add two numbers.',
      '    >>> add(1, 2)',
      '    3',
      '    >>> add([1], [2, 3])',
      '    [1, 2, 3]',
      "    >>> add('a', 'b')",
      "    'ab'",
      '    """'
    ].join('\n');
    expect(docExamples(prompt, 'add')).toEqual([
      { input: '1, 2', expected: '3' },
      { input: '[1], [2, 3]', expected: '[1, 2, 3]' },
      { input: "'a', 'b'", expected: "'ab'" }
    ]);
  });

  it('joins continuation lines and multi-line output, and stops at the closing quotes', () => {
    const prompt = [
      '    >>> grid(2,',
      '    ...      3)',
      '    [[0, 0, 0],',
      '     [0, 0, 0]]"""'
    ].join('\n');
    expect(docExamples(prompt, 'grid')).toEqual([
      { input: '2, 3', expected: '[[0, 0, 0], [0, 0, 0]]' }
    ]);
  });

  it('reads == and arrow lines (with bullets, assert or "Example:" in front)', () => {
    const prompt = [
      '    Examples:',
      '    f([1, 2, 3]) == 6',
      '    - f([]) ==> 0',
      '    assert f([5]) == 5',
      '    Example 2: f((1, 2)) ➞ 3',
      '    f("a->b") -> "x"',
      '    f(1) => 1,',
      '    f(2) → 2'
    ].join('\n');
    expect(docExamples(prompt, 'f')).toEqual([
      { input: '[1, 2, 3]', expected: '6' },
      { input: '[]', expected: '0' },
      { input: '[5]', expected: '5' },
      { input: '(1, 2)', expected: '3' },
      { input: '"a->b"', expected: '"x"' },
      { input: '1', expected: '1' },
      { input: '2', expected: '2' }
    ]);
  });

  it('leaves out what is not a direct call with a plausible result', () => {
    const prompt = [
      'def f(x) -> int:',
      '    >>> sorted(f(3))',
      '    [1, 2, 3]',
      '    >>> print(f(1))',
      '    1',
      '    >>> f(1)',
      '',
      '    >>> f(0)',
      '    Traceback (most recent call last):',
      '    >>> f(2)',
      '    <object at 0x1>',
      '    f(1) == [1, 2',
      '    other(1) == 2',
      '    for f(3) the answer is 4',
      '    fx(1) == 2'
    ].join('\n');
    expect(docExamples(prompt, 'f')).toEqual([]);
  });

  it('drops duplicates and keeps at most 20', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `g(${i % 25}) == ${i % 25}`);
    const found = docExamples([...lines, 'g(0) == 0'].join('\n'), 'g');
    expect(found).toHaveLength(20);
    expect(new Set(found.map((t) => t.input)).size).toBe(20);
  });

  it('only matches the entry point by its whole name', () => {
    expect(parseExampleLine('fib2(3) == 2', 'fib')).toBeNull();
    expect(parseExampleLine('fib (3) == 2', 'fib')).toEqual({ input: '3', expected: '2' });
  });
});

describe('isBalanced', () => {
  it('follows brackets and quotes', () => {
    expect(isBalanced('[1, (2, 3), {"a": "]"}]')).toBe(true);
    expect(isBalanced("'it\\'s'")).toBe(true);
    expect(isBalanced('[1, 2')).toBe(false);
    expect(isBalanced('(1]')).toBe(false);
    expect(isBalanced('"open')).toBe(false);
    expect(isBalanced('"""a "b" c"""')).toBe(true);
  });
});
