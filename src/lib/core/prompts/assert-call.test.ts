import { describe, expect, it } from 'vitest';
import { assertedCall } from './assert-call';

describe('assertedCall', () => {
  it('reads a plain call and its expected value', () => {
    expect(assertedCall('assert median([1, 2, 3, 4]) == 2.5', 'median')).toEqual({
      input: '[1, 2, 3, 4]',
      expected: '2.5'
    });
    expect(assertedCall("assert f('a)b', (1, 2)) == {'k': [1, 2]}", 'f')).toEqual({
      input: "'a)b', (1, 2)",
      expected: "{'k': [1, 2]}"
    });
    expect(assertedCall('assert f(x=[1, 2]) == None', 'f')).toEqual({
      input: 'x=[1, 2]',
      expected: 'None'
    });
  });

  it('leaves every other shape to run as a whole check', () => {
    for (const line of [
      'assert f(1) >= 3',
      'assert f(1) == 2, "message"',
      'assert f(1) == 2 or f(2) == 3',
      'assert f(1) == 2 == 2',
      'assert f(1)[0] == 2',
      'assert f(1) + 1 == 2',
      'assert f(f(1)) == 2',
      'assert f(1) == 2 if x else 3',
      'assert f(1) == 2  # why',
      'assert f("unclosed) == 2',
      'assert not f(1) == 2',
      'assert g(1) == 2',
      'assert f(1) == '
    ])
      expect(assertedCall(line, 'f'), line).toBeNull();
  });
});
