/** Opening the run comparison (/compare) from a run's own view. */
import type { Run } from '$lib/core/run/run';
import { compareHash } from '$lib/core/share/compare-link';
import { encodeRun } from '$lib/core/share/permalink';

/** Opens `/compare` with this run (at this step) on the left; the learner picks the right. */
export async function openCompare(run: Run, step: number): Promise<void> {
  const payload = await encodeRun(run);
  location.assign(`/compare${compareHash({ payload, step })}`);
}
