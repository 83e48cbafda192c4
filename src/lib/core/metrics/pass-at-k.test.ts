import { describe, expect, it } from 'vitest';
import { passAtK, passAtKOverProblems } from './pass-at-k';

/** C(n, k) exactly, with BigInt, for the direct form of the estimator. */
function binomial(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let result = 1n;
  for (let i = 1; i <= k; i++) result = (result * BigInt(n - k + i)) / BigInt(i);
  return result;
}

/** 1 − C(n−c, k)/C(n, k) straight from the definition (fine for small n). */
function direct(n: number, c: number, k: number): number {
  return 1 - Number(binomial(n - c, k)) / Number(binomial(n, k));
}

describe('passAtK', () => {
  it('gives the known values', () => {
    expect(passAtK(10, 3, 1)).toBeCloseTo(0.3, 12);
    expect(passAtK(5, 0, 1)).toBe(0);
    expect(passAtK(5, 0, 5)).toBe(0);
    expect(passAtK(5, 5, 1)).toBe(1);
    expect(passAtK(5, 5, 5)).toBe(1);
    // 1 − C(8,2)/C(10,2) = 1 − 28/45
    expect(passAtK(10, 2, 2)).toBeCloseTo(17 / 45, 12);
  });

  it('is 1 when fewer than k samples failed', () => {
    expect(passAtK(10, 3, 8)).toBe(1);
    expect(passAtK(10, 1, 10)).toBe(1);
  });

  it('matches the binomial form for every small n, c, k', () => {
    for (let n = 1; n <= 20; n++) {
      for (let c = 0; c <= n; c++) {
        for (let k = 1; k <= n; k++) {
          expect(passAtK(n, c, k), `n=${n} c=${c} k=${k}`).toBeCloseTo(direct(n, c, k), 10);
        }
      }
    }
  });

  it('stays finite where the binomials overflow', () => {
    // C(5000, 500) is far beyond Number.MAX_VALUE; C(n−c, k)/C(n, k) = ∏_{j<c} (n−k−j)/(n−j).
    expect(Number.isFinite(Number(binomial(5000, 500)))).toBe(false);
    const ratio = ((5000 - 500) / 5000) * ((4999 - 500) / 4999) * ((4998 - 500) / 4998);
    expect(passAtK(5000, 3, 500)).toBeCloseTo(1 - ratio, 12);
  });

  it('refuses k > n and counts that make no sense', () => {
    expect(() => passAtK(5, 2, 6)).toThrow(RangeError);
    expect(() => passAtK(5, 2, 0)).toThrow(RangeError);
    expect(() => passAtK(5, 6, 1)).toThrow(RangeError);
    expect(() => passAtK(5, -1, 1)).toThrow(RangeError);
    expect(() => passAtK(5.5, 1, 1)).toThrow(RangeError);
  });
});

describe('passAtKOverProblems', () => {
  it('averages over problems and skips k larger than the fewest samples', () => {
    const report = passAtKOverProblems(
      [
        { n: 10, c: 3 },
        { n: 10, c: 0 },
        { n: 12, c: 12 }
      ],
      [100, 1, 10, 1]
    );
    expect(report.problems).toBe(3);
    expect(report.scores.map((s) => s.k)).toEqual([1, 10]);
    expect(report.scores[0].value).toBeCloseTo((0.3 + 0 + 1) / 3, 12);
    expect(report.scores[1].value).toBeCloseTo((1 + 0 + 1) / 3, 12);
    expect(report.skipped).toEqual([
      { k: 100, reason: 'needs at least 100 samples of every problem; the fewest is 10' }
    ]);
  });

  it('skips every k when there is nothing to average', () => {
    expect(passAtKOverProblems([], [1])).toEqual({
      scores: [],
      skipped: [{ k: 1, reason: 'there are no problems with samples' }],
      problems: 0
    });
  });

  it('refuses a k that is not a whole number ≥ 1', () => {
    expect(() => passAtKOverProblems([{ n: 1, c: 1 }], [0])).toThrow(RangeError);
    expect(() => passAtKOverProblems([{ n: 1, c: 1 }], [1.5])).toThrow(RangeError);
  });
});
