/**
 * The two-way link between a plan's steps and the program's lines: pointing at a step (mouse
 * or focus) lights up its lines in the code view; pointing at a line lights up its step. The
 * plan comes from the log prefix the player shows, so the link follows the cursor.
 */
import type { RunEvent } from '$lib/core/run/events';
import {
  planAt,
  rangesOfStep,
  stepAtLine,
  type LineRange,
  type PlanView
} from '$lib/core/views/planning';

export class StepLink {
  /** the step under the pointer in the plan, if any */
  hoverStep = $state<number | null>(null);
  /** the step with keyboard focus in the plan, if any (kept while the pointer comes and goes) */
  focusStep = $state<number | null>(null);
  /** the program line under the pointer or the keyboard, if any */
  line = $state<number | null>(null);

  readonly #events: () => readonly RunEvent[];
  /** the step pointed at in the plan: the pointer wins over focus */
  readonly step: number | null = $derived(this.hoverStep ?? this.focusStep);
  readonly plan: PlanView | null = $derived.by(() => planAt(this.#events()));
  /** the step lit up: the one pointed at in the plan, else the one owning the pointed line */
  readonly active: number | null = $derived(this.step ?? stepAtLine(this.plan, this.line));
  /** the lines the code view tints */
  readonly ranges: LineRange[] = $derived(rangesOfStep(this.plan, this.active));

  constructor(events: () => readonly RunEvent[]) {
    this.#events = events;
  }

  pointLine = (line: number | null): void => {
    this.line = line;
  };
}
