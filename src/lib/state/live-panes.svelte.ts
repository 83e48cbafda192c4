/**
 * Two runs side by side with the learner's model (lesson 10 live): each pane has its own
 * player, going live through its gate, and its own token stream; the pair steps them as it
 * steps finished logs. A run that reached its verdict is kept by name, so the table can show
 * it after its pane moved on to another run, and choosing it again shows it without a new
 * call to the model.
 */
import type { Run } from '$lib/core/run/run';
import { outcomeAt } from '$lib/core/views/timeline';
import { BackgroundRun } from './background-run.svelte';
import type { ModelStream } from './model-stream.svelte';
import type { Player, RuntimeFactory } from './player.svelte';
import { StepPair, type Side } from './step-pair.svelte';

/** A player that goes live, with the stream its model's replies are shown in. */
export interface LivePane {
  player: Player;
  stream: ModelStream;
}

/** Where a run of the lesson stands with the learner's model (for the table). */
export type LiveRunState = 'not-run' | 'waiting' | 'running' | 'stopped' | 'done' | 'failed';

const SIDES: readonly Side[] = ['left', 'right'];
const complete = (run: Run | null): run is Run => run !== null && outcomeAt(run.events) !== null;

export class LivePanes {
  readonly pair: StepPair;
  readonly streams: Record<Side, ModelStream>;
  /** the lesson run each pane holds (by name), null before it has one */
  holds = $state<Record<Side, string | null>>({ left: null, right: null });
  /** live runs that reached their verdict, by name */
  finished = $state.raw<Readonly<Record<string, Run>>>({});
  /** runs made without a pane (Run the others), by name */
  background = $state.raw<Readonly<Record<string, BackgroundRun>>>({});

  constructor(make: () => LivePane) {
    const [left, right] = [make(), make()];
    this.pair = new StepPair(left.player, right.player);
    this.streams = { left: left.stream, right: right.stream };
  }

  /**
   * Shows run `name` in `side`: its finished live run if there is one (unless `again`), else
   * `run` started live, parked before its first effect until the learner steps.
   */
  show(side: Side, name: string, run: Run, options: { again?: boolean } = {}): void {
    this.#keep(side);
    const player = this.pair.player(side);
    const done = options.again ? undefined : this.finished[name];
    this.holds[side] = name;
    this.streams[side].reset();
    if (done) player.load(done, 0);
    else void player.start(run);
  }

  /**
   * Puts a saved live run back in `side` at `step`. One that had not finished waits, stopped,
   * for the learner's Resume: opening a page never calls a model by itself.
   */
  restore(side: Side, name: string, run: Run, step: number): void {
    const player = this.pair.player(side);
    this.holds[side] = name;
    player.load(run, step);
    if (complete(run)) this.finished = { ...this.finished, [name]: run };
    else player.stopped = true;
  }

  /**
   * Runs every run in `runs` that has no live log yet to its end, one after another, without
   * a pane (no stepping): for the table. Finished ones are kept like a pane's.
   */
  async runOthers(runs: readonly { name: string; run: Run }[], runtimes: RuntimeFactory) {
    const todo = runs.filter(({ name }) => this.stateOf(name).state === 'not-run');
    const runners = todo.map(({ name, run }) => [name, new BackgroundRun(run, runtimes)] as const);
    this.background = { ...this.background, ...Object.fromEntries(runners) };
    for (const [name, runner] of runners) {
      await runner.start();
      if (this.background[name] !== runner) return; // cleared meanwhile
      if (runner.status === 'done') {
        this.finished = { ...this.finished, [name]: { ...runner.run, events: runner.events } };
      }
    }
  }

  /** Finished live runs that no pane shows (to save them with the panes). */
  get others(): { run: string; log: Run }[] {
    return Object.entries(this.finished)
      .filter(([name]) => name !== this.holds.left && name !== this.holds.right)
      .map(([run, log]) => ({ run, log }));
  }

  /** Puts saved finished runs back (they were made outside the panes shown). */
  restoreOthers(others: readonly { run: string; log: Run }[]): void {
    const kept = others.filter(({ log }) => complete(log)).map(({ run, log }) => [run, log]);
    this.finished = { ...this.finished, ...Object.fromEntries(kept) };
  }

  /** The pane's run, if it has reached its verdict, is kept before the pane moves on. */
  #keep(side: Side): void {
    const name = this.holds[side];
    const run = this.pair.player(side).run;
    if (name !== null && complete(run)) this.finished = { ...this.finished, [name]: run };
  }

  /** The learner's-model log of run `name` and where it stands: a pane's, or a kept one. */
  stateOf(name: string): { events: Run['events']; state: LiveRunState } {
    for (const side of SIDES) {
      if (this.holds[side] !== name) continue;
      const player = this.pair.player(side);
      if (!player.run) break;
      const state: LiveRunState = player.live
        ? 'running'
        : complete(player.run)
          ? 'done'
          : player.stopped
            ? 'stopped'
            : 'failed';
      return { events: player.events, state };
    }
    const kept = this.finished[name];
    if (kept) return { events: kept.events, state: 'done' };
    const runner = this.background[name];
    if (!runner) return { events: [], state: 'not-run' };
    const state: LiveRunState = runner.status === 'idle' ? 'waiting' : runner.status;
    return { events: runner.events, state };
  }

  /** Back to no runs at all (Start fresh); kept runs are forgotten too. */
  clear(): void {
    for (const side of SIDES) {
      this.pair.player(side).dispose();
      this.pair.player(side).run = null;
      this.pair.player(side).events = [];
      this.pair.player(side).step = 0;
      this.streams[side].reset();
      this.holds[side] = null;
    }
    this.finished = {};
    this.#stopBackground();
  }

  #stopBackground(): void {
    for (const runner of Object.values(this.background)) runner.dispose();
    this.background = {};
  }

  dispose(): void {
    this.#stopBackground();
    this.pair.dispose();
  }
}
