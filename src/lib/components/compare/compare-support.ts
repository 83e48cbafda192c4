/** Small helpers shared by the comparison components. */
import type { ComparisonRun } from '$lib/state/comparison.svelte';
import type { Runtimes } from '$lib/core/run/context';
import type { RuntimeFactory } from '$lib/state/player.svelte';
import type { Run } from '$lib/core/run/run';
import { compareHash } from '$lib/core/share/compare-link';
import { encodeRun } from '$lib/core/share/permalink';
import type { TableRun } from './CompareTable.svelte';

/**
 * The runtime factory of a player that only shows finished logs: nothing in a comparison
 * pane runs live, so a fork asked for from it is refused in words.
 */
export async function loadedOnly(): Promise<Runtimes> {
  throw new Error(
    'Runs in a comparison are replayed from their logs. To fork one, open it on its own page.'
  );
}

/** The table's state of a run being made by a ComparisonRun. */
export function runState(runner: ComparisonRun): TableRun['state'] {
  return runner.status === 'idle' ? 'waiting' : runner.status;
}

/** "Running “Self-planning”: grade the program…" while a run is being made. */
export function runningText(title: string, runner: ComparisonRun): string {
  if (runner.status === 'idle') return `“${title}” is waiting for the sandbox.`;
  return `Running “${title}”${runner.pending ? `: ${runner.pending}` : ''}…`;
}

/** Opens `/compare` with this run (at this step) on the left; the learner picks the right. */
export async function openCompare(run: Run, step: number): Promise<void> {
  const payload = await encodeRun(run);
  location.assign(`/compare${compareHash({ payload, step })}`);
}

/**
 * Runtimes whose sandbox has run one trivial program before the first real one. The first
 * program after Python starts pays one-off costs (a second or more on a busy machine) that
 * would otherwise land in whichever run went first and skew the table's times.
 */
export function warmedRuntimes(create: RuntimeFactory): RuntimeFactory {
  const warmed = new WeakSet<object>();
  return async (run) => {
    const runtimes = await create(run);
    const sandbox = runtimes.sandbox;
    if (sandbox && !warmed.has(sandbox)) {
      warmed.add(sandbox);
      await sandbox
        .execute({
          language: 'python',
          code: 'def warm_up():\n    return 1\n',
          entryPoint: 'warm_up',
          tests: [{ input: '', expected: '1' }],
          timeoutMs: 10_000,
          suite: 'visible'
        })
        .catch(() => {});
    }
    return runtimes;
  };
}
