/**
 * A lesson's prediction points on its player: the player is held before each prediction's
 * step until the learner picks a choice (kept with the lesson's progress), then the step runs
 * and `revealed` says whether the choice was right. Predictions are about the lesson's own
 * scripted walkthrough: a fork or the learner's model may do otherwise, so only that run is
 * held.
 */
import {
  predictionBefore,
  predictionScore,
  revealedAt,
  type Prediction,
  type PredictionAnswers
} from '$lib/core/lessons/predictions';
import type { Player } from './player.svelte';

/** Where the answers are kept: the lesson's progress (LessonProgress) or a test's map. */
export interface PredictionKeeper {
  predictions(slug: string): PredictionAnswers;
  predict(slug: string, before: number, choice: number): Promise<void>;
}

export class LessonPredictions {
  readonly #player: Player;
  readonly #points: readonly Prediction[];
  readonly #keeper: PredictionKeeper;
  readonly #slug: string;

  readonly #enabled: () => boolean;

  /**
   * `enabled` says whether the page shows the run the predictions are about (say, the lesson
   * in Python, not in another language whose walkthrough is another script).
   */
  constructor(
    player: Player,
    points: readonly Prediction[],
    keeper: PredictionKeeper,
    slug: string,
    enabled: () => boolean = () => true
  ) {
    this.#enabled = enabled;
    this.#player = player;
    this.#points = points;
    this.#keeper = keeper;
    this.#slug = slug;
    player.hold = (next) =>
      this.#applies() && predictionBefore(this.#points, this.answers, next) !== null;
  }

  /** The predictions are about this run: the lesson's scripted walkthrough, not a fork of it. */
  #applies(): boolean {
    const run = this.#player.run;
    return this.#enabled() && run !== null && run.model.kind === 'scripted' && !run.forkedAt;
  }

  get answers(): PredictionAnswers {
    return this.#keeper.predictions(this.#slug);
  }

  /** The question the player is held for, if it is. */
  get asking(): Prediction | null {
    const held = this.#player.held;
    return held === null ? null : predictionBefore(this.#points, this.answers, held);
  }

  /** The latest prediction whose step is on screen, with the learner's choice. */
  get revealed(): ReturnType<typeof revealedAt> {
    return this.#applies() ? revealedAt(this.#points, this.answers, this.#player.step) : null;
  }

  get score(): ReturnType<typeof predictionScore> {
    return predictionScore(this.#points, this.answers);
  }

  /** The learner picks `choice`: it is kept, and the held step runs. */
  async choose(choice: number): Promise<void> {
    const asking = this.asking;
    if (!asking || !(choice >= 0 && choice < asking.choices.length)) return;
    await this.#keeper.predict(this.#slug, asking.before, choice);
    this.#player.release();
  }

  dispose(): void {
    this.#player.hold = null;
  }
}
