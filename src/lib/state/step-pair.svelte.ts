/**
 * Two players stepped together or apart. In lockstep both show the same step number: one
 * press moves both by one step (one model call, one program run, or a search phase), and a run
 * that has reached its end stays there while the other goes on. Independent, each player
 * keeps its own cursor.
 *
 * A player may hold a finished log (stepping moves its cursor) or a live run (a step at its
 * head lets one more effect through its gate). In lockstep nothing moves while a live effect
 * is still running on either side: the press waits for it, so the two stay in step.
 */
import { PlayLoop, type Playable } from './play-loop.svelte';
import type { Player } from './player.svelte';

export type Side = 'left' | 'right';

export class StepPair implements Playable {
  lockstep = $state(true);
  /** in independent mode, the side the keyboard drives (the one used last) */
  active = $state<Side>('left');

  readonly left: Player;
  readonly right: Player;
  readonly #loop: PlayLoop;

  /** the shared step number: the further of the two cursors */
  get step(): number {
    return Math.max(this.left.step, this.right.step);
  }
  /** the last step of the longer run (so far, while a run is live) */
  get lastStep(): number {
    return Math.max(this.left.lastStep, this.right.lastStep);
  }
  /** a run is live: more steps may come */
  get live(): boolean {
    return this.left.live || this.right.live;
  }
  /** both runs are shown to their end and neither is live */
  get finished(): boolean {
    return this.left.finished && this.right.finished;
  }
  /** a live effect is running on either side: lockstep waits for it, so both stay in step */
  get busy(): boolean {
    return this.#both.some((p) => p.live && p.atHead && !p.waiting);
  }
  /** in lockstep, a press would move something now */
  get canStepNow(): boolean {
    return !this.busy && this.#both.some((p) => this.#canAdvance(p, this.step + 1));
  }
  get playing(): boolean {
    return this.#loop.playing;
  }

  constructor(left: Player, right: Player, options: { intervalMs?: number } = {}) {
    this.left = left;
    this.right = right;
    this.#loop = new PlayLoop(this, options.intervalMs);
  }

  get #both(): Player[] {
    return [this.left, this.right];
  }

  player(side: Side): Player {
    return side === 'left' ? this.left : this.right;
  }

  /** Switch modes. Going to lockstep lines both runs up at the further one's step. */
  setLockstep(on: boolean): void {
    this.pause();
    this.left.pause();
    this.right.pause();
    this.lockstep = on;
    if (on) this.#goTo(this.step);
  }

  /** Both cursors to step `k`, each clamped to what its log holds. */
  #goTo(k: number): void {
    for (const p of this.#both) p.step = Math.max(0, Math.min(k, p.lastStep));
  }

  /** `p` is behind `target` and can move now: over its log, or through its live gate. */
  #canAdvance(p: Player, target: number): boolean {
    return p.step < target && (!p.atHead || p.waiting);
  }

  /** One step for both; nothing while a live effect is still running (see `busy`). */
  stepForward(): void {
    if (this.busy) return;
    const target = this.step + 1;
    for (const p of this.#both) {
      if (!this.#canAdvance(p, target)) continue;
      if (p.atHead) p.stepForward();
      else p.step = Math.min(target, p.lastStep);
    }
  }

  back(): void {
    this.pause();
    this.#goTo(this.step - 1);
  }

  restart(): void {
    this.pause();
    this.#goTo(0);
  }

  rewind(): void {
    this.#goTo(0);
  }

  /** Both to their ends; a live run goes on unattended to its verdict. */
  toEnd(): void {
    this.pause();
    for (const p of this.#both) p.toEnd();
  }

  /** Stop both live runs now (each keeps the steps that finished). */
  stop(): void {
    this.pause();
    for (const p of this.#both) p.stop();
  }

  togglePlay(): void {
    this.#loop.toggle();
  }

  play(): void {
    this.#loop.play();
  }

  pause(): void {
    this.#loop.pause();
  }

  dispose(): void {
    this.pause();
    this.left.dispose();
    this.right.dispose();
  }
}
