/**
 * Upper Confidence bound applied to Trees (UCT), the selection rule of Monte Carlo tree
 * search as LATS uses it (Zhou et al., arXiv 2310.04406):
 *
 *   UCT(child) = V / N + w · √(ln N_parent / N)
 *
 * V is the sum of rewards backed up through the child, N its visits, N_parent its parent's
 * visits, and w the exploration weight. The first term favours children that did well, the
 * second children that were tried less often than their siblings.
 */

/** The UCT score of a child; `null` for a child never visited (it is tried first). */
export function uct(value: number, visits: number, parentVisits: number, w: number): number | null {
  if (visits === 0) return null;
  const explore = parentVisits > 0 ? Math.sqrt(Math.log(parentVisits) / visits) : 0;
  return value / visits + w * explore;
}

/**
 * The index of the candidate with the highest score; an unvisited one (`null`) wins at once.
 * Ties go to the earlier candidate, so a run never depends on anything but its inputs.
 */
export function argmaxUct(scores: readonly (number | null)[]): number {
  let best = -1;
  let bestScore = -Infinity;
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i];
    if (score === null) return i;
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return best;
}
