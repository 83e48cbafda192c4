/**
 * What the sampling views draw, reduced from a prefix of the log: one card per sample that
 * fills in as the player steps (drawn → examples run → graded), and the pass@k curve.
 *
 * A sample's `sample` note comes only after its hidden tests ran, so the earlier stages are
 * read from its effects: the model call labelled `sample I of N` (sampling.ts) and the two
 * executions `… on sample I` / `… sample I with the hidden tests` (`gradeProgram` in
 * techniques/kit/grading.ts). When the note arrives it is authoritative.
 */
import { passedAll } from '../techniques/kit/grading';
import { extractCode } from '../prompts/extract';
import type { Language } from '../problems/languages';
import type { Note, RunEvent } from '../run/events';

type PassAtKNote = Extract<Note, { type: 'pass-at-k' }>;

/** How far a sample has got at the cursor. */
type SampleStage = 'waiting' | 'drawn' | 'examples' | 'graded';

export interface SampleCard {
  /** 1-based sample number */
  index: number;
  stage: SampleStage;
  /** the seed its model call was given (null until drawn, or when the call had none) */
  seed: number | null;
  /** its program; null until drawn or when the reply had no code block */
  code: string | null;
  /** passes every visible example (null until the examples ran) */
  visiblePassed: boolean | null;
  /** hidden tests passed and run (null until graded) */
  hiddenPassed: number | null;
  hiddenTotal: number | null;
  /** passes every hidden test (null until graded) */
  passed: boolean | null;
}

interface SamplingView {
  /** how many samples the run draws (null while unknown) */
  n: number | null;
  cards: SampleCard[];
  /** the technique's pass@k note, once every sample is graded */
  passAtK: PassAtKNote | null;
}

const CALL = /^sample (\d+) of (\d+)$/;
const EXAMPLES = /^run the examples on sample (\d+)$/;
const HIDDEN = /^grade sample (\d+) with the hidden tests$/;

const waiting = (index: number): SampleCard => ({
  index,
  stage: 'waiting',
  seed: null,
  code: null,
  visiblePassed: null,
  hiddenPassed: null,
  hiddenTotal: null,
  passed: null
});

/**
 * The sample cards and pass@k curve at the cursor. `n` (the run's parameter) makes the grid
 * show every sample to come; without it, n is learned from the first model call's label.
 * `language` (the problem's) says which fenced blocks of a reply are code.
 */
export function samplingAt(
  events: readonly RunEvent[],
  n?: number,
  language?: Language
): SamplingView {
  const cards = new Map<number, SampleCard>();
  const card = (index: number) => {
    let c = cards.get(index);
    if (!c) cards.set(index, (c = waiting(index)));
    return c;
  };
  let total = n ?? null;
  let passAtK: PassAtKNote | null = null;

  for (const e of events) {
    if (e.kind === 'model') {
      const m = CALL.exec(e.label);
      if (!m) continue;
      total ??= Number(m[2]);
      Object.assign(card(Number(m[1])), {
        stage: 'drawn',
        seed: e.request.seed ?? null,
        code: extractCode(e.result.text, language)
      });
    } else if (e.kind === 'execute') {
      const visible = EXAMPLES.exec(e.label);
      const hidden = HIDDEN.exec(e.label);
      if (visible) {
        Object.assign(card(Number(visible[1])), {
          stage: 'examples',
          visiblePassed: passedAll(e.result)
        });
      } else if (hidden) {
        const passed = e.result.tests.filter((t) => t.status === 'pass').length;
        const count = e.request.tests.length;
        Object.assign(card(Number(hidden[1])), {
          stage: 'graded',
          hiddenPassed: passed,
          hiddenTotal: count,
          passed: count > 0 && passed === count
        });
      }
    } else if (e.kind === 'note') {
      const note = e.note;
      if (note.type === 'sample') {
        Object.assign(card(note.index), {
          stage: 'graded',
          seed: note.seed,
          code: note.code,
          visiblePassed: note.code === null ? null : note.visiblePassed,
          hiddenPassed: note.hiddenPassed,
          hiddenTotal: note.hiddenTotal,
          passed: note.passed
        });
      } else if (note.type === 'pass-at-k') {
        passAtK = note;
        total = note.n;
      }
    }
  }

  const count = Math.max(total ?? 0, ...cards.keys());
  return {
    n: total,
    cards: Array.from({ length: count }, (_, i) => cards.get(i + 1) ?? waiting(i + 1)),
    passAtK
  };
}

/** The sample to show when the learner has not picked one: the newest drawn, else the first. */
export function latestDrawn(view: SamplingView): number | null {
  const drawn = view.cards.filter((c) => c.stage !== 'waiting');
  return drawn.at(-1)?.index ?? null;
}

/** A card's verdict in words, for its label and for screen readers. */
export function sampleVerdict(card: SampleCard): string {
  switch (card.stage) {
    case 'waiting':
      return 'not drawn yet';
    case 'drawn':
      return card.code === null ? 'no program in the reply' : 'drawn, not run yet';
    case 'examples':
      return `examples ${card.visiblePassed ? 'pass' : 'fail'}, hidden tests not run yet`;
    case 'graded':
      if (card.code === null) return 'no program: counts as a failure';
      return (
        `${card.passed ? 'passes' : 'fails'} the hidden tests (${card.hiddenPassed}/${card.hiddenTotal}); ` +
        `examples ${card.visiblePassed ? 'pass' : 'fail'}`
      );
  }
}
