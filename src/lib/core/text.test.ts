import { describe, expect, it } from 'vitest';
import { noun, plural } from './text';

describe('plural', () => {
  it('puts the count before the noun that agrees with it', () => {
    expect(plural(1, 'test')).toBe('1 test');
    expect(plural(0, 'test')).toBe('0 tests');
    expect(plural(3, 'hidden test')).toBe('3 hidden tests');
    expect(plural(2, 'process', 'processes')).toBe('2 processes');
    expect(noun(1, 'program')).toBe('program');
    expect(noun(4, 'program')).toBe('programs');
  });
});
