/**
 * Play: a step every so often until there is nothing more to show. One loop for a single
 * player and for a pair of players stepped together, so both treat a live run alike: while a
 * live effect is still running there is nothing to step to, so the loop waits for it instead
 * of banking presses, and it stops by itself at the end of a finished run.
 */

export const PLAY_INTERVAL_MS = 900;

/** What the loop drives: a player, or two players stepped in lockstep. */
export interface Playable {
  /** nothing more will come: the cursor is at the end of a run that is not live */
  readonly finished: boolean;
  /** a step can be taken now (false while a live effect is still running) */
  readonly canStepNow: boolean;
  stepForward(): void;
  /** back to the first step (play from the end starts over) */
  rewind(): void;
}

export class PlayLoop {
  playing = $state(false);

  readonly #target: Playable;
  readonly #intervalMs: number;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(target: Playable, intervalMs = PLAY_INTERVAL_MS) {
    this.#target = target;
    this.#intervalMs = intervalMs;
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  play(): void {
    if (this.#target.finished) this.#target.rewind();
    this.playing = true;
    this.#tick();
  }

  pause(): void {
    this.playing = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #tick(): void {
    if (!this.playing) return;
    if (this.#target.finished) {
      this.pause();
      return;
    }
    if (this.#target.canStepNow) this.#target.stepForward();
    this.#timer = setTimeout(() => this.#tick(), this.#intervalMs);
  }
}
