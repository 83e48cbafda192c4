/**
 * Two players stepped together or apart. In lockstep both show the same step number: one
 * press moves both by one step (one model call, one program run, or a search phase), and a run
 * that has reached its end stays there while the other goes on. Independent, each player
 * keeps its own cursor. The players show finished logs (loaded, nothing re-run), so stepping
 * is only moving cursors.
 */
import type { Player } from './player.svelte';

const PLAY_INTERVAL_MS = 900;

export type Side = 'left' | 'right';

export class StepPair {
  lockstep = $state(true);
  playing = $state(false);
  /** in independent mode, the side the keyboard drives (the one used last) */
  active = $state<Side>('left');

  readonly left: Player;
  readonly right: Player;
  /** the shared step number: the further of the two cursors */
  get step(): number {
    return Math.max(this.left.step, this.right.step);
  }
  /** the last step of the longer run */
  get lastStep(): number {
    return Math.max(this.left.lastStep, this.right.lastStep);
  }
  get atEnd(): boolean {
    return this.step >= this.lastStep;
  }
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(left: Player, right: Player) {
    this.left = left;
    this.right = right;
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

  /** Both cursors to step `k`, each clamped to its own run's end. */
  #goTo(k: number): void {
    for (const p of [this.left, this.right]) p.step = Math.max(0, Math.min(k, p.lastStep));
  }

  stepForward(): void {
    this.#goTo(this.step + 1);
  }

  back(): void {
    this.pause();
    this.#goTo(this.step - 1);
  }

  restart(): void {
    this.pause();
    this.#goTo(0);
  }

  toEnd(): void {
    this.pause();
    this.#goTo(this.lastStep);
  }

  togglePlay(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  play(): void {
    if (this.atEnd) this.#goTo(0);
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
    if (this.atEnd) {
      this.pause();
      return;
    }
    this.stepForward();
    this.#timer = setTimeout(() => this.#tick(), PLAY_INTERVAL_MS);
  }

  dispose(): void {
    this.pause();
    this.left.dispose();
    this.right.dispose();
  }
}
