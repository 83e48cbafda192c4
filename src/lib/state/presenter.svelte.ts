/**
 * Presenter mode: a lesson shown on a projector. The state is whether it is on, whether the
 * "Share with class" panel is open, and what the bar reads from the player (the step counter
 * and the phase of the step on screen). The page decides how it looks (large type, the
 * presenter palette); this class only knows what to show and which keys turn it on and off.
 */
import type { RunEvent } from '$lib/core/run/events';
import type { Run } from '$lib/core/run/run';
import type { WalkthroughOrigin } from '$lib/core/share/classroom-link';
import { phaseAt, type Phase } from '$lib/core/views/presenter';

/** What the presenter needs of the player (a Player satisfies it). */
export interface PresentedPlayer {
  readonly run: Run | null;
  readonly visible: readonly RunEvent[];
  readonly step: number;
  readonly lastStep: number;
  readonly live: boolean;
}

export interface StepCounter {
  step: number;
  /** the last step so far */
  total: number;
  /** false while the run is live: more steps may come, so the total is a lower bound */
  final: boolean;
}

/** The URL parameter that opens a lesson in presenter mode (for a projector's bookmark). */
export const PRESENT_PARAM = 'present';

/** Whether a key press belongs to the page's shortcuts (not typing, no dialog, no modifier). */
export function isShortcut(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return false;
  const target = event.target as HTMLElement | null;
  if (target?.closest?.('input, textarea, select, [contenteditable="true"], dialog[open]')) {
    return false;
  }
  return !document.querySelector('dialog[open]');
}

/** P turns presenter mode on and off; Escape only leaves it. */
export const togglesPresenter = (key: string, on: boolean): boolean =>
  key === 'p' || key === 'P' || (key === 'Escape' && on);

export class Presenter {
  on = $state(false);
  sharing = $state(false);

  readonly #player: PresentedPlayer;
  readonly #lesson: () => WalkthroughOrigin;

  readonly counter: StepCounter = $derived.by(() => ({
    step: this.#player.step,
    total: this.#player.lastStep,
    final: !this.#player.live
  }));
  readonly phase: Phase = $derived.by(() => phaseAt(this.#player.visible));
  /**
   * The lesson, when the run on screen is its walkthrough as authored (scripted and not
   * forked): only then does the lesson's step link show the same run.
   */
  readonly walkthrough: WalkthroughOrigin | null = $derived.by(() => {
    const run = this.#player.run;
    return run && run.model.kind === 'scripted' && !run.forkedAt ? this.#lesson() : null;
  });

  /** `lesson` is read when needed: the page can move to another lesson with the same player. */
  constructor(player: PresentedPlayer, lesson: () => WalkthroughOrigin) {
    this.#player = player;
    this.#lesson = lesson;
  }

  toggle(): void {
    this.on = !this.on;
    if (!this.on) this.sharing = false;
  }

  /**
   * The presenter's keys: P turns presenter mode on and off, Escape leaves it. Returns true
   * when the key was used. A key meant for a field or an open dialog is left alone (Escape
   * then closes the dialog, and a second Escape leaves presenter mode).
   */
  onkey(event: KeyboardEvent): boolean {
    if (!isShortcut(event) || !togglesPresenter(event.key, this.on)) return false;
    this.toggle();
    return true;
  }
}
