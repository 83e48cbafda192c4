/**
 * A student's page in a class: the player follows the teacher's step as it arrives, until the
 * student steps on their own (any move of the cursor that is not the teacher's: a key, a
 * button, Play); then the page says whether they are ahead or behind, and Follow the teacher
 * (or F) jumps back to the teacher's step and follows again.
 */
import {
  standing,
  standingSentence,
  type ClassEvent,
  type Standing
} from '$lib/core/share/class-session';
import { ClassStream, type EventSourceFactory } from './class-stream.svelte';

/** What the follower needs of the player (a Player satisfies it). */
export interface FollowedPlayer {
  step: number;
  readonly lastStep: number;
  pause(): void;
}

export class ClassFollower {
  /** the teacher's step, as last heard */
  teacherStep = $state(0);
  following = $state(true);
  /** the class is over: why, in a sentence */
  ended = $state<string | null>(null);
  readonly stream: ClassStream;

  readonly standing: Standing = $derived.by(() =>
    standing(this.following, this.#player.step, this.teacherStep)
  );
  readonly sentence: string = $derived.by(() => standingSentence(this.standing, this.teacherStep));

  readonly #player: FollowedPlayer;
  readonly #cleanup: () => void;

  constructor(player: FollowedPlayer, code: string, step: number, open?: EventSourceFactory) {
    this.#player = player;
    this.teacherStep = step;
    this.stream = new ClassStream(
      // the page's own id: its reconnects (a restart, another instance) count once
      `/api/classes/${encodeURIComponent(code)}/events?follower=${crypto.randomUUID()}`,
      (event) => this.#hear(event),
      open
    );
    // In the browser this watches the cursor; Node tests call `check()` by hand.
    this.#cleanup = $effect.root(() => {
      $effect(() => this.check());
    });
  }

  /** The student moved the cursor away from the teacher's step: they are on their own now. */
  check(): void {
    const at = this.#player.step;
    if (this.following && at !== this.#target()) this.following = false;
  }

  start(): void {
    this.stream.start();
  }

  /** Jumps to the teacher's step and follows from now on (the button, F). */
  follow(): void {
    this.#player.pause();
    this.following = true;
    this.#player.step = this.#target();
  }

  dispose(): void {
    this.stream.stop();
    this.#cleanup();
  }

  /** The teacher's step within this run (a step past its end shows its end). */
  #target(): number {
    return Math.min(this.teacherStep, this.#player.lastStep);
  }

  #hear(event: ClassEvent): void {
    if (event.type === 'step') {
      this.teacherStep = event.step;
      if (this.following) this.#player.step = this.#target();
    } else if (event.type === 'end') {
      this.following = false;
      this.ended =
        event.reason === 'ended'
          ? 'The teacher ended the class. The run stays here: step through it on your own.'
          : 'This class ended after hours without a step. The run stays here: step through it on your own.';
    }
  }
}
