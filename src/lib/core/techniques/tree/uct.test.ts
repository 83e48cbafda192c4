/** UCT against cases worked by hand (ln and square roots to four places). */
import { describe, expect, it } from 'vitest';
import { argmaxUct, uct } from './uct';

describe('uct', () => {
  it('is the mean reward when the parent has one visit (ln 1 = 0)', () => {
    expect(uct(0.5, 1, 1, 1)).toBe(0.5);
  });

  it('adds w·√(ln N_parent / N)', () => {
    // V = 1/3, N = 1, N_p = 4: 1/3 + √(1.3863 / 1) = 0.3333 + 1.1774 = 1.5107
    expect(uct(1 / 3, 1, 4, 1)).toBeCloseTo(1.5107, 4);
    // V = 4/3, N = 3, N_p = 4: 0.4444 + √(1.3863 / 3) = 0.4444 + 0.6798 = 1.1242
    expect(uct(4 / 3, 3, 4, 1)).toBeCloseTo(1.1242, 4);
    // w = 2 doubles the exploration term: 0.5 + 2·√(ln 2 / 2) = 0.5 + 2·0.5887 = 1.6774
    expect(uct(1, 2, 2, 2)).toBeCloseTo(1.6774, 4);
  });

  it('with w = 0 is greedy: only V / N counts', () => {
    expect(uct(2, 4, 100, 0)).toBe(0.5);
  });

  it('gives null for a child never visited', () => {
    expect(uct(0, 0, 5, 1)).toBeNull();
  });

  it('argmax picks an unvisited child first, else the highest score, ties to the earlier', () => {
    expect(argmaxUct([1.2, null, 3])).toBe(1);
    expect(argmaxUct([1.2, 3, 0.4])).toBe(1);
    expect(argmaxUct([0.7, 0.7])).toBe(0);
    expect(argmaxUct([])).toBe(-1);
  });
});
