/**
 * Lesson 10: several runs of one problem (one per technique), compared two at a time.
 *
 * Scripted (the default): every run is run for real, to its end, in the page's sandbox; the
 * table shows them all; the learner picks two to step side by side (their finished logs are
 * loaded, nothing is re-run). With my model: the two chosen runs go live, each in its own pane
 * with its reply streaming, stepped by the same controls; the table shows what each run cost
 * with the learner's model.
 *
 * The component over this renders it and forwards the learner's choices; the saving and
 * restoring of the pair is `memory()`'s (a PairSession).
 */
import type { NamedRun } from '$lib/core/lessons/runs';
import { BackgroundRun } from './background-run.svelte';
import type { LessonProgress, PairView, SavedPairView } from './lesson-progress.svelte';
import { LivePanes, type LivePane } from './live-panes.svelte';
import { withLearnersModel } from './live-player';
import type { ModelSettings } from './model-settings.svelte';
import { PairSession } from './pair-session.svelte';
import { Player, type RuntimeFactory } from './player.svelte';
import type { PaneInfo, TableRun } from './side-by-side';
import { loadedOnly, runState, runningText, warmedRuntimes } from './side-by-side';
import { StepPair, type Side } from './step-pair.svelte';

const SIDES: readonly Side[] = ['left', 'right'];

export interface TechniqueComparisonOptions {
  slug: string;
  /** the lesson's runs, fixed for the comparison's life */
  runs: readonly NamedRun[];
  /** runtimes for the scripted runs (the page's sandbox pool) */
  runtimes: RuntimeFactory;
  /** a player that goes live, with a stream of its own (one per pane) */
  livePane: () => LivePane;
  /** runtimes for live runs made without a pane (Run the others): nothing shown streams */
  unattended: () => RuntimeFactory;
  /** the learner's model settings (null until read) */
  settings: () => ModelSettings | null;
}

export class TechniqueComparison {
  /** the run shown in each pane, by name */
  chosen = $state<Record<Side, string>>({ left: '', right: '' });
  /** scripted runs (finished logs) or the learner's model (live panes) */
  using = $state<'walkthrough' | 'live'>('walkthrough');

  readonly slug: string;
  readonly runs: readonly NamedRun[];
  /** the scripted runs' players: they only show finished logs */
  readonly scripted = new StepPair(new Player(loadedOnly), new Player(loadedOnly));
  readonly live: LivePanes;
  /** the pair the lesson opens with (and Start fresh goes back to) */
  readonly first: string;
  readonly second: string;

  readonly #o: TechniqueComparisonOptions;
  /** one runner per scripted run, made once */
  readonly #runners: ReadonlyMap<string, BackgroundRun>;
  /** which run each scripted player holds */
  #loaded = $state<Record<Side, string | null>>({ left: null, right: null });
  /** steps to show once a restored side's scripted run is ready */
  #restoreAt: Partial<Record<Side, number>> = {};
  #disposed = false;
  /** the learner's choices so far (see `PairSession`: one made while it opens stands) */
  #choices = 0;

  constructor(options: TechniqueComparisonOptions) {
    this.#o = options;
    this.slug = options.slug;
    this.runs = options.runs;
    const warm = warmedRuntimes(options.runtimes);
    // made once and never changed (each runner's own state is reactive): not a SvelteMap
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    this.#runners = new Map(this.runs.map((r) => [r.name, new BackgroundRun(r.run, warm)]));
    this.live = new LivePanes(options.livePane);
    this.first = this.runs[0]?.name ?? '';
    this.second =
      this.runs.find((r) => r.run.technique === 'self-debug')?.name ??
      this.runs[1]?.name ??
      this.first;
    this.chosen = { left: this.first, right: this.second };
  }

  /**
   * Runs every scripted run to its end, one after another in the sandbox: the two shown first
   * go first. Each pane shows its run as soon as that run is complete.
   */
  async start(): Promise<void> {
    const order = [this.first, this.second, ...this.runs.map((r) => r.name)].filter(
      (name, i, all) => all.indexOf(name) === i
    );
    for (const name of order) {
      if (this.#disposed) return;
      await this.#runners.get(name)?.start();
      this.#showFinished();
    }
  }

  /** the two players stepped side by side now */
  get pair(): StepPair {
    return this.using === 'live' ? this.live.pair : this.scripted;
  }

  /** The scripted run `name`, for the table and the panes (undefined if not in the lesson). */
  runner(name: string): BackgroundRun | undefined {
    return this.#runners.get(name);
  }

  titleOf(name: string): string {
    return this.runs.find((r) => r.name === name)?.title ?? name;
  }

  /**
   * Shows run `name` in `side`. With scripted runs, choosing another puts both panes back at
   * step 0 now, when the learner chooses (not later, when a run still being made is ready:
   * that would undo the steps taken meanwhile). With my model, the run goes live in its pane
   * (or its finished live run is shown).
   */
  choose(side: Side, name: string): void {
    if (this.chosen[side] === name) return;
    this.#choices++;
    this.chosen[side] = name;
    if (this.using === 'live') {
      this.#showLive(side);
      return;
    }
    this.scripted.restart();
    this.#showFinished();
  }

  /** The chosen run of `side` is on screen (scripted: its log is complete and loaded). */
  shows(side: Side): boolean {
    if (this.using === 'live') return this.live.holds[side] !== null;
    return this.#loaded[side] === this.chosen[side];
  }

  /** Puts each chosen scripted run that is complete in its pane (a restored one at its step). */
  #showFinished(): void {
    for (const side of SIDES) {
      const name = this.chosen[side];
      const runner = this.#runners.get(name);
      if (!runner || runner.status !== 'done' || this.#loaded[side] === name) continue;
      const step = this.#restoreAt[side] ?? 0;
      delete this.#restoreAt[side];
      this.scripted.player(side).load({ ...runner.run, events: runner.events }, step);
      this.#loaded[side] = name;
    }
  }

  #showLive(side: Side, again = false): void {
    const source = this.runs.find((r) => r.name === this.chosen[side]);
    const run = source ? withLearnersModel(source.run, this.#o.settings()) : null;
    if (source && run) this.live.show(side, source.name, run, { again });
  }

  /** Run with my model: both chosen runs start live, from their beginning. */
  useLive(): void {
    if (!this.#o.settings()?.spec) return;
    this.#choices++;
    this.scripted.pause();
    this.using = 'live';
    this.live.pair.lockstep = this.scripted.lockstep;
    this.#showLive('left', true);
    this.#showLive('right', true);
  }

  /** Back to the scripted runs, where they were. */
  useScripted(): void {
    this.#choices++;
    this.live.pair.pause();
    this.scripted.lockstep = this.live.pair.lockstep;
    this.using = 'walkthrough';
  }

  /** What `side`'s pane says besides its player: its title, or why it has no run to show. */
  pane(side: Side): PaneInfo {
    const title = this.titleOf(this.chosen[side]);
    if (this.using === 'live') {
      return this.live.holds[side] === null
        ? { title, idle: 'Press “Run with my model” to run it with your model.' }
        : { title };
    }
    const runner = this.#runners.get(this.chosen[side]);
    if (!runner) return { title, problem: 'This run is not part of the lesson.' };
    if (runner.status === 'failed') return { title, problem: runner.error };
    return { title, busy: this.shows(side) ? null : runningText(title, runner) };
  }

  /** runs of the lesson not run with the learner's model yet (for "Run the others") */
  readonly notRun: readonly NamedRun[] = $derived.by(() =>
    this.using === 'live'
      ? this.runs.filter((r) => this.live.stateOf(r.name).state === 'not-run')
      : []
  );

  /** Runs the others with the learner's model, to their ends, for the table. */
  runOthers(): Promise<void> {
    const settings = this.#o.settings();
    const todo = this.notRun.flatMap((r) => {
      const run = withLearnersModel(r.run, settings);
      return run ? [{ name: r.name, run }] : [];
    });
    return this.live.runOthers(todo, this.#o.unattended());
  }

  #markOf(name: string): string | undefined {
    const marks = SIDES.filter((s) => this.chosen[s] === name);
    return marks.length ? marks.join(' + ') : undefined;
  }

  /** every run of the lesson, with what it spent so far */
  readonly table: readonly TableRun[] = $derived.by(() =>
    this.runs.map((r) => {
      const mark = this.#markOf(r.name);
      if (this.using === 'live') {
        const { events, state } = this.live.stateOf(r.name);
        return { key: r.name, title: r.title, events, state, mark };
      }
      const runner = this.#runners.get(r.name);
      const events = runner?.events ?? [];
      return {
        key: r.name,
        title: r.title,
        events,
        state: runner ? runState(runner) : 'failed',
        mark
      };
    })
  );

  /** The panes to save, or null while they do not show the chosen runs yet. */
  view(): PairView | null {
    const isLive = this.using === 'live';
    const pair = this.pair;
    if (!pair.left.run || !pair.right.run) return null;
    if (!isLive && !SIDES.every((s) => this.shows(s))) return null;
    const side = (s: Side) => {
      const player = pair.player(s);
      return {
        run: isLive ? (this.live.holds[s] ?? this.chosen[s]) : this.chosen[s],
        step: player.step,
        ...(isLive && player.run ? { log: player.run } : {})
      };
    };
    return {
      live: isLive,
      lockstep: pair.lockstep,
      left: side('left'),
      right: side('right'),
      ...(isLive ? { others: this.live.others } : {})
    };
  }

  /** Puts saved panes back: scripted runs at their steps once made, live ones from their logs. */
  restore(saved: SavedPairView): void {
    const valid = (name: string) => this.#runners.has(name);
    this.chosen = {
      left: valid(saved.left.run) ? saved.left.run : this.first,
      right: valid(saved.right.run) ? saved.right.run : this.second
    };
    this.scripted.lockstep = this.live.pair.lockstep = saved.lockstep;
    const logs = { left: saved.left.log, right: saved.right.log };
    // A live comparison comes back from its logs only (never by calling the model again); if
    // one could not be read (or names a run the lesson no longer has), the lesson's scripted
    // runs are shown instead.
    const known = valid(saved.left.run) && valid(saved.right.run);
    if (!saved.live || !logs.left || !logs.right || !known) {
      this.#restoreAt = { left: saved.left.step, right: saved.right.step };
      // loaded again at the saved steps, even where a pane already holds the same run
      this.#loaded = { left: null, right: null };
      this.#showFinished();
      return;
    }
    this.using = 'live';
    this.live.restoreOthers((saved.others ?? []).filter(({ run }) => valid(run)));
    this.live.restore('left', this.chosen.left, logs.left, saved.left.step);
    this.live.restore('right', this.chosen.right, logs.right, saved.right.step);
  }

  /** The lesson's first pair, scripted, from step 0. */
  fresh(): void {
    this.live.clear();
    this.using = 'walkthrough';
    this.scripted.lockstep = true;
    this.scripted.restart();
    this.chosen = { left: this.first, right: this.second };
    this.#restoreAt = {};
    this.#loaded = { left: null, right: null };
    this.#showFinished();
  }

  /** The lesson's memory: the panes are saved as the learner steps; both verdicts finish it. */
  memory(progress: LessonProgress): PairSession {
    return new PairSession({
      slug: this.slug,
      progress,
      view: () => this.view(),
      panes: () => {
        const { left, right } = this.pair;
        return left.run && right.run
          ? {
              left: { run: this.chosen.left, visible: left.visible },
              right: { run: this.chosen.right, visible: right.visible }
            }
          : null;
      },
      restore: (saved) => this.restore(saved),
      fresh: () => this.fresh(),
      choices: () => this.#choices
    });
  }

  dispose(): void {
    this.#disposed = true;
    for (const runner of this.#runners.values()) runner.dispose();
    this.scripted.dispose();
    this.live.dispose();
  }
}
