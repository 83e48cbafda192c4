/**
 * pass@k, the unbiased estimator of Chen et al. 2021, "Evaluating Large Language Models Trained
 * on Code" (arXiv 2107.03374), as openai/human-eval computes it.
 *
 * With n samples of a problem of which c pass, pass@k = 1 − C(n−c, k) / C(n, k): the chance that
 * k samples drawn without replacement include at least one that passes. The binomials overflow
 * for realistic n, so the ratio is taken as the product ∏_{i=n−c+1..n} (1 − k/i).
 */

/** How many samples a problem had and how many of them passed. */
interface SampleCount {
  /** samples of the problem (n) */
  n: number;
  /** samples that passed (c) */
  c: number;
}

/** One k that could be estimated: the mean pass@k over the problems. */
interface PassAtKScore {
  k: number;
  value: number;
}

/** One k that could not be estimated, and why, in a sentence for people. */
interface SkippedK {
  k: number;
  reason: string;
}

/** What {@link passAtKOverProblems} found. */
export interface PassAtKReport {
  /** the estimated k, in ascending order */
  scores: PassAtKScore[];
  /** the k left out, in ascending order */
  skipped: SkippedK[];
  /** how many problems the means are over */
  problems: number;
}

function assertCount(n: number, c: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a whole number ≥ 0, not ${n}`);
  if (!Number.isInteger(c) || c < 0 || c > n) {
    throw new RangeError(`c must be a whole number between 0 and n = ${n}, not ${c}`);
  }
}

/**
 * The unbiased pass@k of one problem with `n` samples of which `c` passed.
 * @throws RangeError unless n, c, k are whole numbers with 0 ≤ c ≤ n and 1 ≤ k ≤ n
 */
export function passAtK(n: number, c: number, k: number): number {
  assertCount(n, c);
  if (!Number.isInteger(k) || k < 1 || k > n) {
    throw new RangeError(`k must be a whole number between 1 and n = ${n}, not ${k}`);
  }
  // Fewer failures than k: every draw of k samples holds a passing one.
  if (n - c < k) return 1;
  let allFail = 1;
  for (let i = n - c + 1; i <= n; i++) allFail *= 1 - k / i;
  return 1 - allFail;
}

/**
 * The mean pass@k over problems for each requested k. A k is estimated only when every problem
 * has at least k samples (as human-eval does); the others are reported as skipped with the
 * reason. Duplicate k are merged.
 * @throws RangeError if a count is malformed or a k is not a whole number ≥ 1
 */
export function passAtKOverProblems(
  counts: readonly SampleCount[],
  ks: readonly number[]
): PassAtKReport {
  for (const { n, c } of counts) assertCount(n, c);
  for (const k of ks) {
    if (!Number.isInteger(k) || k < 1)
      throw new RangeError(`k must be a whole number ≥ 1, not ${k}`);
  }
  const fewest = counts.reduce((min, { n }) => Math.min(min, n), Infinity);
  const report: PassAtKReport = { scores: [], skipped: [], problems: counts.length };
  for (const k of [...new Set(ks)].sort((a, b) => a - b)) {
    if (counts.length === 0) {
      report.skipped.push({ k, reason: 'there are no problems with samples' });
    } else if (fewest < k) {
      report.skipped.push({
        k,
        reason: `needs at least ${k} samples of every problem; the fewest is ${fewest}`
      });
    } else {
      const sum = counts.reduce((total, { n, c }) => total + passAtK(n, c, k), 0);
      report.scores.push({ k, value: sum / counts.length });
    }
  }
  return report;
}
