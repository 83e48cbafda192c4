/**
 * A lesson with one run (every lesson but the side-by-side one): its walkthrough, scripted or
 * with the learner's model, stepped in the page's player; and its optional baseline run
 * (baseline.yaml), run to its end in the same sandbox pool once the lesson's run has ended,
 * for the comparison beside the lesson's text.
 */
import { untrack } from 'svelte';
import type { Baseline, Walkthrough } from '$lib/core/lessons/schema';
import { runFromFile, scriptedRun } from '$lib/core/lessons/runs';
import type { Problem } from '$lib/core/problems/problem';
import type { Run } from '$lib/core/run/run';
import { outcomeAt } from '$lib/core/views/timeline';
import { BackgroundRun } from './background-run.svelte';
import { withLearnersModel } from './live-player';
import type { ModelSettings } from './model-settings.svelte';
import type { ModelStream } from './model-stream.svelte';
import type { Player, RuntimeFactory } from './player.svelte';

/** What the page's data says of the lesson's run (a new language brings a new problem). */
export interface WalkthroughLesson {
  meta: { technique: string; params: Record<string, unknown> };
  problem: Problem;
  walkthrough: Walkthrough;
  baseline: Baseline | null;
}

export interface LessonWalkthroughOptions {
  lesson: WalkthroughLesson;
  /** the page's player (its runtimes are the page's) */
  player: Player;
  /** the stream the player's live replies are shown in */
  stream: ModelStream;
  /** runtimes for the baseline run, in the player's sandbox pool */
  runtimes: RuntimeFactory;
  /** the learner's model settings (null until read) */
  settings: () => ModelSettings | null;
}

export class LessonWalkthrough {
  /** the lesson's scripted replies, or the learner's model */
  using = $state<'walkthrough' | 'live'>('walkthrough');
  /** the baseline run, when the lesson has one */
  baseline = $state.raw<BackgroundRun | null>(null);
  readonly player: Player;

  readonly #o: LessonWalkthroughOptions;
  #lesson: WalkthroughLesson;
  readonly #cleanup: () => void;

  constructor(options: LessonWalkthroughOptions) {
    this.#o = options;
    this.player = options.player;
    this.#lesson = options.lesson;
    this.#makeBaseline();
    // The baseline starts once the lesson's run has ended (once per run: a failed one is
    // tried again when the lesson's run ends again). In Node tests effects do not run.
    this.#cleanup = $effect.root(() => {
      $effect(() => {
        const baseline = this.baseline;
        if (this.mainDone && baseline) untrack(() => void baseline.start());
      });
    });
  }

  /** the lesson's run has reached its verdict and is not live any more */
  get mainDone(): boolean {
    return !this.player.live && outcomeAt(this.player.events) !== null;
  }

  /** The lesson's run answered by its scripted replies. */
  walkthroughRun(): Run {
    const { meta, problem, walkthrough } = this.#lesson;
    return scriptedRun(meta.technique, meta.params, problem, walkthrough);
  }

  /** Starts the lesson's run from its beginning, scripted or with the learner's model. */
  choose(which: 'walkthrough' | 'live'): void {
    const scripted = this.walkthroughRun();
    const run = which === 'live' ? withLearnersModel(scripted, this.#o.settings()) : scripted;
    if (!run) return;
    this.using = which;
    this.#o.stream.reset();
    void this.player.start(run);
  }

  /** A saved run was put back in the player: the choice follows its model. */
  restored(run: Run): void {
    this.using = run.model.kind === 'scripted' ? 'walkthrough' : 'live';
  }

  /** The page's data changed (another language): a new problem starts its run afresh. */
  setLesson(lesson: WalkthroughLesson): void {
    // Called from the page's effect on its data: what is read here is not the effect's concern.
    untrack(() => this.#setLesson(lesson));
  }

  #setLesson(lesson: WalkthroughLesson): void {
    const before = this.#lesson;
    if (lesson === before) return;
    this.#lesson = lesson;
    if (lesson.problem !== before.problem || lesson.baseline !== before.baseline) {
      this.#makeBaseline();
    }
    if (lesson.problem.id !== before.problem.id) this.choose(this.using);
  }

  #makeBaseline(): void {
    this.baseline?.dispose();
    const { problem, baseline } = this.#lesson;
    this.baseline = baseline
      ? new BackgroundRun(runFromFile(problem, baseline), this.#o.runtimes)
      : null;
  }

  dispose(): void {
    this.#cleanup();
    this.baseline?.dispose();
  }
}
