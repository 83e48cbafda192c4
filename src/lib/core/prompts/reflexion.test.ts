import { describe, expect, it } from 'vitest';
import { dropReason, retryAsk, selfTestLines, tidyReflection, toCandidate } from './reflexion';

describe('self-test lines', () => {
  it('takes every non-comment line of the code block, or only assert lines without one', () => {
    const block = 'Tests:\n```python\n# edge cases\nassert f(1) == 2\n\nprint(f(2))\n```';
    expect(selfTestLines(block)).toEqual(['assert f(1) == 2', 'print(f(2))']);
    expect(selfTestLines('Try these:\nassert f(1) == 2\nand more')).toEqual(['assert f(1) == 2']);
    expect(selfTestLines('No tests.')).toEqual([]);
  });

  it('renames the entry point to candidate, but not longer names or attributes', () => {
    expect(toCandidate('assert f(f_x, m.f(1)) == f(2)', 'f')).toEqual({
      source: 'assert f(f_x, m.f(1)) == f(2)',
      check: 'def check(candidate):\n    assert candidate(f_x, m.f(1)) == candidate(2)\n'
    });
  });
});

describe('reasons and memory', () => {
  it('reads the reason out of the validator outcome', () => {
    const base = { input: '', expected: 'True', error: null };
    expect(dropReason({ ...base, status: 'fail', actual: "'not valid Python'" })).toBe(
      'not valid Python'
    );
    expect(dropReason({ ...base, status: 'timeout', actual: null })).toBe('could not be checked');
    expect(dropReason(undefined)).toBe('could not be checked');
  });

  it('keeps a reflection as one paragraph of prose and lists the memory', () => {
    expect(tidyReflection('It fails.\n```python\nx = 1\n```\n  Fix   the loop. ')).toBe(
      'It fails. Fix the loop.'
    );
    expect(tidyReflection('x'.repeat(700))).toHaveLength(600);
    expect(retryAsk(['a', 'b'])).toMatch(/^Your notes so far:\n1\. a\n2\. b\n\nWrite/);
    expect(retryAsk([])).toMatch(/^Write the corrected function/);
  });
});
