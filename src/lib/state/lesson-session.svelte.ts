/**
 * One lesson page's memory: what the learner was looking at survives a reload, and the
 * address says which step is on screen.
 *
 * - Opening: the lesson's saved run (walkthrough, fork or live model) comes back at its step;
 *   with none, the walkthrough starts. `?step=N` in the address wins over the saved step, and
 *   a step beyond what the log holds is reached by stepping the run for real.
 * - A saved run that had not finished goes on: a scripted one is resumed at once (its logged
 *   effects are answered from the log, nothing re-run); a live model's waits, stopped, for
 *   the learner's Resume, so a reload never starts a download or a paid call by itself.
 * - While the learner steps: the run is saved (debounced), the lesson is marked finished when
 *   the verdict is on screen, and the address's `?step=` follows by replaceState.
 */
import type { Run } from '$lib/core/run/run';
import { outcomeAt } from '$lib/core/views/timeline';
import type { Player } from './player.svelte';
import type { LessonProgress } from './lesson-progress.svelte';
import { SavedMemory, savedWhen } from './lesson-memory.svelte';

/** Replaces the address's query (no new history entry). */
export type SetAddress = (step: number) => void;

export interface LessonSessionOptions {
  slug: string;
  player: Player;
  progress: LessonProgress;
  /** starts the lesson's walkthrough from its first step */
  fresh: () => void;
  setAddress?: SetAddress;
  /** how long to wait between checks while stepping to a deep-linked step (ms) */
  pollMs?: number;
}

/** The raw `step` value of a query string, if there is one. */
function rawStep(search: string): string | null {
  const raw = /(?:^\?|&)step=([^&#]*)/.exec(search)?.[1];
  if (raw === undefined) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw; // a broken %-escape: shown as typed
  }
}

/** `?step=N` from a query string: a whole number, else null. */
export function stepParam(search: string): number | null {
  const value = rawStep(search);
  return value !== null && /^\d{1,6}$/.test(value) ? Number(value) : null;
}

/** The technique ran to its end: its verdict is in the log. */
export const isComplete = (run: Run): boolean => outcomeAt(run.events) !== null;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class LessonSession extends SavedMemory {
  readonly #o: LessonSessionOptions;

  constructor(options: LessonSessionOptions) {
    super(options);
    this.#o = options;
  }

  /**
   * Saves the run on screen (debounced), marks the lesson finished once its verdict is on
   * screen, and puts the step in the address. Reads the player, so an effect re-runs it on
   * every step.
   */
  sync(): void {
    const { player, progress, slug, setAddress } = this.#o;
    const run = player.run;
    const step = player.step;
    // A verdict on screen finishes the lesson; a run that broke (status `error`) does not.
    const finished = (outcomeAt(player.visible)?.status ?? 'error') !== 'error';
    if (!this.ready || !run) return;
    if (run.events.length > 0) progress.saveRun(slug, run, step);
    if (finished) void progress.finish(slug);
    setAddress?.(step);
  }

  /** The lesson's walkthrough as authored (not a fork, not a live model) is on screen. */
  get showsWalkthrough(): boolean {
    const run = this.#o.player.run;
    return run !== null && run.model.kind === 'scripted' && !run.forkedAt;
  }

  /** Opens the lesson: the saved run if there is one, else the walkthrough; then `?step=`. */
  async open(search: string): Promise<void> {
    const { player, progress, slug } = this.#o;
    const wanted = stepParam(search);
    const before = player.run;
    await progress.open();
    void progress.visit(slug);
    const saved = await progress.savedRun(slug);
    if (this.disposed) return;
    if (player.run !== before) {
      // The learner started a run (e.g. "Run with my model") while the store was opening,
      // which takes seconds on a busy machine: their choice stands; nothing is put back over it.
      this.ready = true;
      this.restoring = false;
      return;
    }
    if (!saved) {
      this.#o.fresh();
      this.ready = true;
      if (wanted !== null) await this.#seek(wanted);
      this.restoring = false;
      this.#explainStep(search, wanted);
      return;
    }
    const step = wanted ?? saved.step;
    const when = savedWhen(saved.savedAt);
    player.load(saved.run, step);
    if (isComplete(saved.run)) {
      this.message = `Your last run of this lesson, saved in this browser on ${when}.`;
    } else if (saved.run.model.kind !== 'scripted') {
      // A live model's run waits for Resume: a reload must not start a download or a call.
      player.stopped = true;
      this.message = `Your last run with ${saved.run.model.label}, saved on ${when}. Resume to go on.`;
    } else {
      this.message = `Your last run of this lesson, saved in this browser on ${when}.`;
      await this.#resume(saved.run, step);
    }
    this.ready = true;
    this.restoring = false;
    this.#explainStep(search, wanted);
  }

  /** Says so when the address asked for a step that could not be shown. */
  #explainStep(search: string, wanted: number | null): void {
    const { player } = this.#o;
    const raw = rawStep(search);
    let note = '';
    if (raw !== null && wanted === null) {
      note = `The address asks for step “${raw.slice(0, 20)}”, which is not a step number, so it was ignored.`;
    } else if (wanted !== null && player.step < wanted && !player.live) {
      note = `The address asks for step ${wanted}, but this run ends at step ${player.lastStep}.`;
    }
    if (note) this.message = this.message ? `${this.message} ${note}` : note;
  }

  /** Goes on with a saved scripted run from where its log ends, then shows `step`. */
  async #resume(run: Run, step: number): Promise<void> {
    const { player } = this.#o;
    void player.resume();
    // The log is replayed (answered from the log, nothing re-run) until the run parks at
    // the gate where the saved log ended.
    while (
      !this.disposed &&
      player.live &&
      !player.error &&
      !(player.events.length >= run.events.length && player.waiting)
    ) {
      await sleep(this.#o.pollMs ?? 30);
    }
    if (this.disposed) return;
    if (player.events.length < run.events.length) {
      // It could not be replayed (the app changed since it was saved): show it as it was.
      const why = player.error ?? 'it no longer replays with this version of the app';
      player.load(run, step);
      this.message = `Your saved run is shown as it was, but it cannot go on: ${why} Start fresh to run the lesson again.`;
      return;
    }
    player.step = Math.min(step, player.lastStep);
    if (step > player.lastStep) await this.#seek(step);
  }

  /**
   * Steps the player until it shows `target` (or the run ends, fails or needs the learner).
   * Stops as soon as the learner moves the cursor back.
   */
  async #seek(target: number): Promise<void> {
    const { player } = this.#o;
    let seen = player.step;
    while (!this.disposed && player.step < target && !player.error) {
      if (player.step < seen) return; // the learner went back: their choice wins
      if (!player.atHead) player.step = Math.min(target, player.lastStep);
      else if (!player.live)
        return; // the run ended before that step
      else if (player.waiting) await this.#release();
      seen = player.step;
      await sleep(this.#o.pollMs ?? 30);
    }
  }

  /** Lets one effect through and waits for its result (one step, never more). */
  async #release(): Promise<void> {
    const { player } = this.#o;
    const before = player.events.length;
    player.stepForward();
    while (!this.disposed && player.live && !player.error && player.events.length === before) {
      await sleep(this.#o.pollMs ?? 30);
    }
  }

  /** The address of this lesson at the step on screen. */
  linkToStep(origin: string): string {
    const step = this.#o.player.step;
    return `${origin}/lessons/${this.#o.slug}${step > 0 ? `?step=${step}` : ''}`;
  }
}
