/**
 * Predict, then reveal: a lesson may stop its player before a step and ask the learner what
 * will happen there ("Will the hidden tests pass?"), with two to four choices. The step runs
 * once a choice is made; the page then says right or wrong, with one sentence why. Answers are
 * kept with the lesson's progress, and the lesson's end and the home page count the right ones.
 *
 * Plain functions over plain data: the schema (zod) is in schema.ts, the page's state in
 * state/, so the home page can count without loading either.
 */

/** One prediction point of a lesson (front matter `predict`). */
export interface Prediction {
  /** the player's step this question comes before (the step that reveals the answer) */
  before: number;
  question: string;
  /** two to four */
  choices: string[];
  /** the index of the right choice */
  answer: number;
  /** one sentence: why that is what happens */
  why: string;
}

/** The learner's choices, by the step each prediction comes before. */
export type PredictionAnswers = Readonly<Record<number, number>>;

/** The prediction the player must ask before moving from `step` to `step + 1`, if any. */
export function predictionBefore(
  predictions: readonly Prediction[],
  answers: PredictionAnswers,
  next: number
): Prediction | null {
  const found = predictions.find((p) => p.before === next);
  return found && answers[found.before] === undefined ? found : null;
}

/** The latest prediction already revealed at `step` (its step has been shown), with its answer. */
export function revealedAt(
  predictions: readonly Prediction[],
  answers: PredictionAnswers,
  step: number
): { prediction: Prediction; chosen: number; right: boolean } | null {
  const shown = predictions
    .filter((p) => p.before <= step && answers[p.before] !== undefined)
    .sort((a, b) => b.before - a.before)[0];
  if (!shown) return null;
  const chosen = answers[shown.before];
  return { prediction: shown, chosen, right: chosen === shown.answer };
}

/** How many predictions were answered, and how many of them right, out of the lesson's. */
export function predictionScore(
  predictions: readonly Pick<Prediction, 'before' | 'answer'>[],
  answers: PredictionAnswers
): { right: number; answered: number; total: number } {
  let right = 0;
  let answered = 0;
  for (const p of predictions) {
    const chosen = answers[p.before];
    if (chosen === undefined) continue;
    answered++;
    if (chosen === p.answer) right++;
  }
  return { right, answered, total: predictions.length };
}

/**
 * The answers of a stored record, checked by hand (stored data can be damaged): an object of
 * step → choice index, whole numbers only. Anything else is dropped, and said so.
 */
export function readPredictionAnswers(value: unknown): {
  answers: Record<number, number>;
  problem: string | null;
} {
  if (value === undefined) return { answers: {}, problem: null };
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { answers: {}, problem: 'predictions: not an object' };
  const answers: Record<number, number> = {};
  let problem: string | null = null;
  for (const [key, chosen] of Object.entries(value)) {
    const step = Number(key);
    if (
      !Number.isInteger(step) ||
      step < 1 ||
      !Number.isInteger(chosen) ||
      chosen < 0 ||
      chosen > 3
    ) {
      problem ??= `predictions.${key}: not a step and a choice`;
      continue;
    }
    answers[step] = chosen as number;
  }
  return { answers, problem };
}
