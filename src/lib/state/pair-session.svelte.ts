/**
 * The memory of a lesson whose runs are stepped side by side (lesson 10), as LessonSession is
 * for a lesson with one run.
 *
 * - Finished means the learner has compared two runs to the end: both panes show a verdict at
 *   the same time, for two different runs of the lesson (the scripted ones or the learner's
 *   model). A run that broke (verdict `error`) does not count, as in the other lessons.
 * - Saved (debounced, as the learner steps): which run each pane shows and its step, lockstep
 *   or not, scripted or live, and the logs of live runs. A reload puts that back: scripted runs
 *   are made again in the page (they are cheap and deterministic), live runs come back from
 *   their logs and never call the model by themselves.
 * - Start fresh forgets the panes and shows the lesson's first pair from step 0.
 */
import type { RunEvent } from '$lib/core/run/events';
import { outcomeAt } from '$lib/core/views/timeline';
import type { PairView, SavedPairView } from './lesson-progress.svelte';
import { SavedMemory, savedWhen, type MemoryOptions } from './lesson-memory.svelte';

/** A pane as the finish rule sees it: the name of its run and what is on screen. */
export interface PaneOnScreen {
  run: string;
  visible: readonly RunEvent[];
}

/** Both panes show a verdict (not a broken run's) and they show two different runs. */
export function comparedToTheEnd(left: PaneOnScreen, right: PaneOnScreen): boolean {
  const verdict = (pane: PaneOnScreen) => outcomeAt(pane.visible)?.status ?? 'error';
  return left.run !== right.run && verdict(left) !== 'error' && verdict(right) !== 'error';
}

export interface PairSessionOptions extends MemoryOptions {
  /** the panes now, read by an effect so saving follows them; null while there is nothing */
  view: () => PairView | null;
  /** the panes on screen, for the finish rule */
  panes: () => { left: PaneOnScreen; right: PaneOnScreen } | null;
  /** puts saved panes back on screen */
  restore: (saved: SavedPairView) => void | Promise<void>;
  /** how many times the learner has chosen what the panes show (a run, my model, the script) */
  choices: () => number;
}

export class PairSession extends SavedMemory {
  readonly #o: PairSessionOptions;

  constructor(options: PairSessionOptions) {
    super(options);
    this.#o = options;
  }

  /** Saves the panes (debounced) and marks the lesson finished once two verdicts are on screen. */
  sync(): void {
    const { progress, slug } = this.#o;
    const view = this.#o.view();
    const panes = this.#o.panes();
    const finished = panes !== null && comparedToTheEnd(panes.left, panes.right);
    if (!this.ready || !view) return;
    progress.savePair(slug, view);
    if (finished) void progress.finish(slug);
  }

  /** Puts the saved panes back, or shows the lesson's first pair. */
  async open(): Promise<void> {
    const { progress, slug } = this.#o;
    const choices = this.#o.choices();
    await progress.open();
    void progress.visit(slug);
    const saved = await progress.savedPair(slug);
    if (this.disposed) return;
    if (this.#o.choices() !== choices) {
      // The learner chose a run (or their model) while the store was opening, which takes
      // seconds on a busy machine: their choice stands; nothing is put back over it.
    } else if (saved) {
      await this.#o.restore(saved);
      const when = savedWhen(saved.savedAt);
      this.message = saved.dropped
        ? `Your last comparison (saved on ${when}) is back, but a saved run could not be read and is made again.`
        : `Your last comparison, saved in this browser on ${when}.`;
    } else {
      this.#o.fresh();
    }
    this.ready = true;
    this.restoring = false;
  }
}
