/**
 * Reducers for the views of Self-Planning (the plan as a checklist linked to code lines) and
 * of self-debugging (one card per turn). Like every view, they read a prefix of the log only.
 */
import type { ExecResult } from '../run/effects';
import type { Note, RunEvent } from '../run/events';
import type { LineRange } from '../prompts/self-planning';

export type { LineRange };

interface PlanStep {
  step: number;
  text: string;
  /** the program lines that implement the step (empty until the program marks it) */
  ranges: LineRange[];
  /** the program marks this step with its `# Step N` lines */
  done: boolean;
}

export interface PlanView {
  steps: PlanStep[];
  /** the model's reply as written */
  raw: string;
  parsed: boolean;
  message: string;
  /** a program has been mapped onto the plan (the step-map note is in the prefix) */
  mapped: boolean;
}

type NoteOf<T extends Note['type']> = Extract<Note, { type: T }>;

function lastNote<T extends Note['type']>(events: readonly RunEvent[], type: T): NoteOf<T> | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.kind === 'note' && e.note.type === type) return e.note as NoteOf<T>;
  }
  return null;
}

/** The plan at this point of the run, with the steps the program has marked so far. */
export function planAt(events: readonly RunEvent[]): PlanView | null {
  const plan = lastNote(events, 'plan');
  if (!plan) return null;
  const map = lastNote(events, 'step-map');
  const ranges = (step: number) => map?.steps.find((s) => s.step === step)?.ranges ?? [];
  return {
    steps: plan.steps.map((text, i) => ({
      step: i + 1,
      text,
      ranges: ranges(i + 1),
      done: ranges(i + 1).length > 0
    })),
    raw: plan.raw,
    parsed: plan.parsed,
    message: plan.message,
    mapped: map !== null
  };
}

/** The plan step whose lines include `line`, or null. */
export function stepAtLine(plan: PlanView | null, line: number | null): number | null {
  if (!plan || line === null) return null;
  const hit = plan.steps.find((s) => s.ranges.some((r) => line >= r.from && line <= r.to));
  return hit?.step ?? null;
}

/** The lines of one step (none when the step is unknown or unmarked). */
export function rangesOfStep(plan: PlanView | null, step: number | null): LineRange[] {
  if (!plan || step === null) return [];
  return plan.steps.find((s) => s.step === step)?.ranges ?? [];
}

/** How the visible examples went on one turn's program. */
interface TurnResult {
  status: ExecResult['status'];
  passed: number;
  total: number;
}

/** One turn of a self-debugging run: program → result → feedback → the fix. */
interface TurnCard {
  turn: number;
  /** log index of the model call that starts the turn */
  startSeq: number;
  /** log index of the turn's last event: where "show this turn" jumps */
  endSeq: number;
  /** the program version this turn produced; null when the reply had no code */
  version: number | null;
  result: TurnResult | null;
  /** the feedback sent back to the model after this turn */
  feedback: string | null;
  /** the next turn's answer: its program version and the first line of its explanation */
  fix: { version: number | null; says: string } | null;
  /** why the loop stopped, on the turn where it stopped */
  stop: string | null;
}

/** The first non-empty line of a text, shortened for a card. */
export function firstLine(text: string, max = 160): string {
  const line =
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * What a reply says before its first code block, cut to its first sentence: the model's
 * account of its fix. A closing colon ("Here is the fix:") becomes a full stop.
 */
export function proseOf(reply: string, max = 200): string {
  const paragraph =
    reply
      .split('```')[0]
      .split(/\n\s*\n/)
      .map((p) => p.replace(/\s+/g, ' ').trim())
      .find((p) => p !== '') ?? '';
  const sentence = (/^.*?[.!?](?=\s|$)/.exec(paragraph)?.[0] ?? paragraph).replace(/:$/, '.');
  return sentence.length > max ? `${sentence.slice(0, max - 1)}…` : sentence;
}

/**
 * One card per model call of a turn-based run (self-debugging): each turn's program, how it
 * did on the examples, the feedback it got, the fix the next turn brought, and the stop
 * reason. The hidden grading after the loop belongs to no turn.
 */
export function turnsAt(events: readonly RunEvent[]): TurnCard[] {
  const cards: TurnCard[] = [];
  let closed = false;
  for (const e of events) {
    if (e.kind === 'model') {
      const previous = cards.at(-1);
      const card: TurnCard = {
        turn: cards.length + 1,
        startSeq: e.seq,
        endSeq: e.seq,
        version: null,
        result: null,
        feedback: null,
        fix: null,
        stop: null
      };
      if (previous) previous.fix = { version: null, says: proseOf(e.result.text) };
      cards.push(card);
      closed = false;
      continue;
    }
    const card = cards.at(-1);
    if (!card || closed) continue;
    if (e.kind === 'execute') {
      if (e.request.suite === 'hidden') {
        closed = true;
        continue;
      }
      if (!e.request.trace && card.result === null) {
        const passed = e.result.tests.filter((t) => t.status === 'pass').length;
        card.result = { status: e.result.status, passed, total: e.request.tests.length };
      }
    } else if (e.kind === 'note') {
      const n = e.note;
      if (n.type === 'outcome') {
        closed = true;
        continue;
      }
      if (n.type === 'program') {
        card.version = n.turn;
        const previous = cards.at(-2);
        if (previous?.fix) previous.fix.version = n.turn;
      } else if (n.type === 'feedback') card.feedback = n.text;
      else if (n.type === 'decision' && n.action === 'stop') card.stop = n.reason;
    }
    card.endSeq = e.seq;
  }
  return cards;
}

/** The index of the card that holds the cursor (`position` events shown), or -1. */
export function currentTurn(cards: readonly TurnCard[], position: number): number {
  return cards.findLastIndex((c) => c.startSeq < position);
}
