/**
 * The player: a cursor over a run's event log, and the live run (if any) that extends it.
 * Back, Restart and jumps move the cursor only; Step at the head releases the live run's
 * gate for one effect. Views read `visible` — events[0..position) — and nothing else.
 */
import { getContext, setContext } from 'svelte';
import { effectsOf, runTechnique, type Runtimes } from '$lib/core/run/context';
import type { ChatResult } from '$lib/core/run/effects';
import type { EffectEvent, RunEvent } from '$lib/core/run/events';
import { Gate } from '$lib/core/run/gate';
import type { Run } from '$lib/core/run/run';
import { programsAt, startsStep, stopsOf } from '$lib/core/views/timeline';
import { getTechnique } from '$lib/core/techniques/registry';
import { languageOf } from '$lib/core/problems/languages';
import { PlayLoop, type Playable } from './play-loop.svelte';

/** Creates the live runtimes for a run (loaded lazily by the caller). */
export type RuntimeFactory = (run: Run) => Promise<Runtimes>;

export interface ForkChange {
  /** replace the program at the cursor with this code */
  code?: string;
  /** new parameter values (e.g. the turn cap) */
  params?: Record<string, unknown>;
}

export class Player implements Playable {
  /** the run being shown: what ran and its log */
  run = $state.raw<Run | null>(null);
  events = $state.raw<RunEvent[]>([]);
  /** index into `stops` */
  step = $state(0);
  /** a live run is attached and has not finished */
  live = $state(false);
  /** the live run is parked at its gate, waiting for Step */
  waiting = $state(false);
  /** the live effect in progress, e.g. "run the examples (turn 2)" */
  pending = $state<string | null>(null);
  /** a plain sentence when the run could not go on */
  error = $state<string | null>(null);
  /** the learner stopped the live run: the log holds what finished; `resume()` goes on */
  stopped = $state(false);

  readonly stops = $derived(stopsOf(this.events));
  readonly lastStep = $derived(this.stops.length - 1);
  readonly position = $derived(this.stops[Math.min(this.step, this.lastStep)]);
  readonly visible = $derived(this.events.slice(0, this.position));
  readonly atHead = $derived(this.step >= this.lastStep);
  readonly finished = $derived(!this.live && this.atHead);
  /** Play can step now: the log has more to show, or the live run waits at its gate */
  get canStepNow(): boolean {
    return !this.atHead || this.waiting;
  }
  get playing(): boolean {
    return this.#loop.playing;
  }
  /** Fork here can start: there is a run, and a live one is parked rather than mid-call */
  get canFork(): boolean {
    return this.run !== null && !(this.live && !this.waiting);
  }

  #gate: Gate | null = null;
  /** End was pressed: the live run goes on without stopping, and the cursor follows it */
  #unattended = false;
  #abort: AbortController | null = null;
  readonly #loop = new PlayLoop(this);
  #runtimes: RuntimeFactory;

  constructor(runtimes: RuntimeFactory) {
    this.#runtimes = runtimes;
  }

  /** Show a finished (or shared) log without running anything. */
  load(run: Run, step = 0): void {
    this.#stopLive();
    this.held = null;
    this.run = run;
    this.events = run.events;
    this.step = Math.max(0, Math.min(step, this.lastStep));
    this.error = null;
    this.stopped = false;
  }

  /**
   * Stop the live run now, mid-call if need be (the model's request is aborted). Effects that
   * finished stay in the log; the one in progress leaves no trace, so the run is consistent
   * and can be resumed or forked.
   */
  stop(): void {
    if (!this.live) return;
    this.#stopLive();
    this.stopped = true;
  }

  /**
   * Continue a stopped run: the technique runs again with every logged effect answered from
   * the log, and goes live where the log ends (parked at the gate, as a fork is).
   */
  async resume(): Promise<void> {
    const run = this.run;
    if (!run || this.live) return;
    await this.#go({ ...run, events: [] }, { replayed: effectsOf(this.events) });
  }

  /** Start `run` live (its `events` are ignored), parked before its first effect. */
  async start(run: Run): Promise<void> {
    await this.#go({ ...run, events: [] }, {});
  }

  /** Continue live from the cursor with a change; the log up to the cursor is reused. */
  async fork(change: ForkChange): Promise<void> {
    const run = this.run;
    if (!run) return;
    const visibleEffects = effectsOf(this.visible);
    let replayed = visibleEffects;
    let override: { effect: number; result: ChatResult } | undefined;
    const described: string[] = [];
    const current = programsAt(this.visible).current;
    if (change.code !== undefined && change.code !== current?.code) {
      // The program at the cursor came from the latest model reply: answer that call with
      // the edited program instead, and run everything after it live.
      const lastModel = visibleEffects.findLastIndex((e) => e.kind === 'model');
      const source = visibleEffects[lastModel];
      if (lastModel >= 0 && source.kind === 'model') {
        replayed = visibleEffects.slice(0, lastModel);
        override = {
          effect: lastModel,
          result: {
            ...source.result,
            text:
              '```' +
              languageOf(run.problem.language).fence +
              '\n' +
              change.code.replace(/\s+$/, '') +
              '\n```\n'
          }
        };
        described.push('edited program');
      }
    }
    const params = { ...run.params, ...change.params };
    for (const [key, value] of Object.entries(change.params ?? {})) {
      if (run.params[key] !== value) described.push(`${key} = ${String(value)}`);
    }
    const forkedAt = { effect: replayed.length, change: described.join(', ') || 'no change' };
    await this.#go({ ...run, params, events: [], forkedAt }, { replayed, override });
  }

  async #go(
    run: Run,
    from: { replayed?: EffectEvent[]; override?: { effect: number; result: ChatResult } }
  ): Promise<void> {
    this.#stopLive();
    const technique = getTechnique(run.technique);
    if (!technique) {
      this.error = `This app has no technique called “${run.technique}”.`;
      return;
    }
    const parsed = technique.params.safeParse(run.params);
    if (!parsed.success) {
      this.error = `The run's settings are not valid for ${technique.title}.`;
      return;
    }
    // Keep the params with their defaults filled in, so a shared run says exactly how it ran.
    run = { ...run, params: parsed.data as Record<string, unknown> };
    // A fork or a resume goes on from the run on screen: if it cannot start, that run is put
    // back as it was (nothing is lost). A new start shows its own run, failed, with the reason.
    const before = from.replayed
      ? { run: this.run, events: this.events, step: this.step, stopped: this.stopped }
      : null;
    this.run = run;
    this.events = [];
    this.step = 0;
    this.error = null;
    this.stopped = false;
    this.live = true;
    const gate = new Gate((waiting) => (this.waiting = waiting));
    const abort = new AbortController();
    this.#gate = gate;
    this.#unattended = false;
    this.#abort = abort;
    let runtimes: Runtimes;
    try {
      runtimes = await this.#runtimes(run);
    } catch (error) {
      if (abort.signal.aborted) return;
      this.live = false;
      this.error = (error as Error).message;
      if (before?.run) Object.assign(this, before);
      return;
    }
    if (abort.signal.aborted) return;
    // A fork's reused events arrive at once: the cursor follows them to the first live effect.
    let replaying = (from.replayed?.length ?? 0) > 0;
    const result = await runTechnique(technique, run.problem, parsed.data, {
      runtimes,
      seed: run.seed,
      gate,
      signal: abort.signal,
      replay: from.replayed ? { effects: from.replayed, mode: 'fork' } : undefined,
      override: from.override,
      onEvent: (event, log) => {
        if (abort.signal.aborted) return;
        if (event.kind !== 'note') this.pending = null;
        // A note that is a step of its own (a tree search's selection) waits for its own
        // Step press, unless the run goes on unattended (End).
        const follow =
          this.atHead &&
          (this.#unattended || replaying || event.kind !== 'note' || !startsStep(event));
        this.events = [...log];
        this.run = { ...run, events: this.events };
        if (follow) this.step = this.lastStep;
      },
      onEffectStart: ({ label }) => {
        replaying = false;
        if (!abort.signal.aborted) this.pending = label;
      }
    });
    if (abort.signal.aborted) return;
    this.pending = null;
    this.live = false;
    this.waiting = false;
    if (result.error && result.error.name === 'ReplayMismatchError')
      this.error = result.error.message;
  }

  #stopLive(): void {
    this.pause();
    this.#abort?.abort();
    this.#abort = null;
    this.#gate = null;
    this.live = false;
    this.waiting = false;
    this.pending = null;
  }

  /**
   * Asked before each forward step (Step, →, Play): true holds the player before step `next`
   * until `release()` — a lesson's prediction to make first. End and jumps are not held.
   */
  hold: ((next: number) => boolean) | null = null;
  /** the step the player is held before, or null */
  held = $state<number | null>(null);

  /** Forward one step: over the log if the cursor is behind, else let one more live effect run. */
  stepForward(): void {
    const next = this.step + 1;
    if (this.hold?.(next)) {
      this.pause();
      this.held = next;
      return;
    }
    this.held = null;
    if (!this.atHead) {
      this.step++;
      return;
    }
    if (this.live) {
      // Release one effect; the cursor follows the head. Pressed while the run is still
      // starting or busy, the release is banked by the gate, so no key press is lost.
      this.#gate?.release();
    }
  }

  /** The held step may go on (its prediction is made): take it. */
  release(): void {
    if (this.held === null) return;
    this.held = null;
    this.stepForward();
  }

  back(): void {
    this.held = null;
    this.pause();
    if (this.step > 0) this.step--;
  }

  restart(): void {
    this.held = null;
    this.pause();
    this.step = 0;
  }

  /** Run to the end: the cursor goes to the head and the live run goes on unattended. */
  toEnd(): void {
    this.held = null;
    this.pause();
    this.step = this.lastStep;
    this.#unattended = this.live;
    this.#gate?.open();
  }

  /** Jump to the step that shows the event at log index `seq`. */
  showEvent(seq: number): void {
    this.held = null;
    this.pause();
    const i = this.stops.findIndex((p) => p > seq);
    this.step = i === -1 ? this.lastStep : i;
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

  rewind(): void {
    this.step = 0;
  }

  dispose(): void {
    this.#stopLive();
  }
}

const KEY = Symbol('player');

/**
 * Puts the player of a run's views in context for the component's subtree (a run view's root,
 * or each pane of a side-by-side comparison, which has two). A getter, read on each use: a
 * pane's player changes when the lesson switches between its scripted runs and the learner's
 * model.
 */
export const setPlayerContext = (player: () => Player) => setContext(KEY, player);

/** The player set above this component (read it in a `$derived`, it can change). */
export function getPlayerContext(): () => Player {
  const player = getContext<(() => Player) | undefined>(KEY);
  if (!player) throw new Error('No player here: a run view or a pane sets one above its views.');
  return player;
}
