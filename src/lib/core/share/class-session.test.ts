import { describe, expect, it } from 'vitest';
import {
  CLASS_CODE_ALPHABET,
  followersText,
  isClassStep,
  normalizeClassCode,
  parseClassEvent,
  standing,
  standingSentence
} from './class-session';

describe('class codes', () => {
  it('have no letters that read alike (0/O, 1/I/L)', () => {
    for (const ambiguous of '0O1IL') expect(CLASS_CODE_ALPHABET).not.toContain(ambiguous);
    expect(new Set(CLASS_CODE_ALPHABET).size).toBe(CLASS_CODE_ALPHABET.length);
  });

  it('are read in any case, and anything else is not a code', () => {
    expect(normalizeClassCode(' k7p4qx ')).toBe('K7P4QX');
    expect(normalizeClassCode('K7P4Q')).toBeNull(); // too short
    expect(normalizeClassCode('K7P4QX0')).toBeNull(); // 0 is not in the alphabet
    expect(normalizeClassCode("K7P4QX' OR 1=1")).toBeNull();
    expect(normalizeClassCode('')).toBeNull();
  });
});

describe('class events', () => {
  it('are read only when they are exactly one of the three', () => {
    expect(parseClassEvent('{"type":"step","step":3,"version":4}')).toEqual({
      type: 'step',
      step: 3,
      version: 4
    });
    expect(parseClassEvent('{"type":"followers","count":2}')).toEqual({
      type: 'followers',
      count: 2
    });
    expect(parseClassEvent('{"type":"end","reason":"expired"}')).toEqual({
      type: 'end',
      reason: 'expired'
    });
    for (const bad of [
      'not json',
      'null',
      '{"type":"step","step":-1,"version":1}',
      '{"type":"step","step":1.5,"version":1}',
      '{"type":"step","step":"3","version":1}',
      '{"type":"step","step":3}',
      '{"type":"followers","count":-2}',
      '{"type":"end","reason":"<script>"}',
      '{"type":"reload"}'
    ])
      expect(parseClassEvent(bad), bad).toBeNull();
  });

  it('bound a step to whole numbers from 0', () => {
    expect(isClassStep(0)).toBe(true);
    expect(isClassStep(100_000)).toBe(true);
    expect(isClassStep(100_001)).toBe(false);
    expect(isClassStep(Number.NaN)).toBe(false);
  });
});

describe("a student's standing", () => {
  it('is following, or ahead of, behind or at the teacher’s step on their own', () => {
    expect(standing(true, 9, 3)).toBe('following');
    expect(standing(false, 5, 3)).toBe('ahead');
    expect(standing(false, 1, 3)).toBe('behind');
    expect(standing(false, 3, 3)).toBe('here');
    expect(standingSentence('ahead', 3)).toBe('You are ahead of the teacher, who is at step 3.');
    expect(standingSentence('following', 3)).toBe('Following the teacher: step 3.');
  });

  it('counts followers in words', () => {
    expect(followersText(0)).toBe('Nobody follows yet');
    expect(followersText(1)).toBe('1 following');
    expect(followersText(1200)).toBe('1,200 following');
  });
});
