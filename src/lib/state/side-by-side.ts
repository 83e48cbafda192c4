/**
 * What the side-by-side screens share (lesson 10's technique comparison and the run
 * comparison at /compare): a pane's sentence while it has no run to show, a table row, and the
 * runtimes of players that only replay finished logs.
 */
import type { Runtimes } from '$lib/core/run/context';
import type { RunEvent } from '$lib/core/run/events';
import type { BackgroundRun } from './background-run.svelte';
import type { RuntimeFactory } from './player.svelte';

/** What one pane shows besides the player: its title, and why it has no run yet, if so. */
export interface PaneInfo {
  title: string;
  /** a sentence while the run is being made */
  busy?: string | null;
  /** a sentence saying why there is no run to show */
  problem?: string | null;
  /** a sentence when nothing has been chosen for this pane yet */
  idle?: string | null;
  /** the run came from a link, so its model label is the link's words, shown marked as such */
  fromLink?: boolean;
}

/** One run in the table: its title, its log so far, and where it is. */
export interface TableRun {
  key: string;
  title: string;
  events: readonly RunEvent[];
  /**
   * waiting: not started yet; running: its log is still growing; failed: it could not go on;
   * stopped: the learner stopped it; not-run: not run (yet) with this model
   */
  state: 'waiting' | 'running' | 'done' | 'failed' | 'stopped' | 'not-run';
  /** a short mark beside the title, e.g. "left" for a run shown in the left pane */
  mark?: string;
}

/**
 * The runtime factory of a player that only shows finished logs: nothing in a comparison
 * pane runs live, so a fork asked for from it is refused in words.
 */
export async function loadedOnly(): Promise<Runtimes> {
  throw new Error(
    'Runs in a comparison are replayed from their logs. To fork one, open it on its own page.'
  );
}

/** The table's state of a run being made by a BackgroundRun. */
export function runState(runner: BackgroundRun): TableRun['state'] {
  return runner.status === 'idle' ? 'waiting' : runner.status;
}

/** "Running “Self-planning”: grade the program…" while a run is being made. */
export function runningText(title: string, runner: BackgroundRun): string {
  if (runner.status === 'idle') return `“${title}” is waiting for the sandbox.`;
  return `Running “${title}”${runner.pending ? `: ${runner.pending}` : ''}…`;
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
