/**
 * The Wilson score interval for a proportion (Wilson 1927): unlike p ± z·√(p(1−p)/n) it stays
 * inside [0, 1] and is not zero-width at 0/n or n/n, which is what small benchmarks produce.
 */

/** z for a two-sided 95% interval: the 97.5th percentile of the standard normal. */
export const Z95 = 1.959963984540054;

/** A closed interval of proportions. */
export interface Interval {
  low: number;
  high: number;
}

/**
 * The 95% Wilson interval of `successes` out of `trials`, or null when there are no trials.
 * @throws RangeError unless 0 ≤ successes ≤ trials are whole numbers
 */
export function wilsonInterval(successes: number, trials: number, z = Z95): Interval | null {
  if (!Number.isInteger(trials) || trials < 0 || !Number.isInteger(successes)) {
    throw new RangeError(`successes and trials must be whole numbers ≥ 0`);
  }
  if (successes < 0 || successes > trials) {
    throw new RangeError(`successes must be between 0 and trials = ${trials}, not ${successes}`);
  }
  if (trials === 0) return null;
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const center = (p + z2 / (2 * trials)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  // Clamped: rounding can put an end a hair outside [0, 1] at 0/n and n/n.
  return { low: Math.max(0, center - half), high: Math.min(1, center + half) };
}
