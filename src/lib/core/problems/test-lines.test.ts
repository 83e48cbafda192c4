import { describe, expect, it } from 'vitest';
import { formatTestLines, parseTestLines } from './test-lines';

describe('tests typed one per line', () => {
  it('splits at the last arrow and skips blanks and comments', () => {
    const parsed = parseTestLines("# examples\n[1, 2], 3 -> 2\n\n'a->b' -> 'b'\n() -> None\n");
    expect(parsed.errors).toEqual([]);
    expect(parsed.tests).toEqual([
      { input: '[1, 2], 3', expected: '2' },
      { input: "'a->b'", expected: "'b'" },
      { input: '()', expected: 'None' }
    ]);
  });

  it('names the lines it cannot read', () => {
    const parsed = parseTestLines('1, 2\n3 ->\n4 -> 5');
    expect(parsed.tests).toEqual([{ input: '4', expected: '5' }]);
    expect(parsed.errors.map((e) => e.line)).toEqual([1, 2]);
    expect(parsed.errors[1].message).toMatch(/expected value/);
  });

  it('round-trips through formatTestLines', () => {
    const tests = [
      { input: '[1], 1', expected: '1' },
      { input: "'x'", expected: "'X'" }
    ];
    expect(parseTestLines(formatTestLines(tests)).tests).toEqual(tests);
  });
});
