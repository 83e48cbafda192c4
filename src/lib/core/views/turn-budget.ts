/**
 * Reducers for the turn budget: tokens per model call (what the chart draws: the prompt
 * re-sends the whole conversation, so it grows with every turn) and the budget's decisions.
 */
import type { Note, RunEvent } from '../run/events';

type BudgetNote = Extract<Note, { type: 'turn-budget' }>;

interface CallTokens {
  /** 1-based model call number */
  call: number;
  /** log position of the call */
  seq: number;
  /** what the technique asked for (the effect's label) */
  label: string;
  promptTokens: number;
  completionTokens: number;
  /** counted by a tokenizer (false) or estimated from text length (true, scripted replies) */
  estimated: boolean;
}

/** A budget decision, placed after the model call whose reply made the request. */
interface BudgetMark {
  afterCall: number;
  seq: number;
  decision: BudgetNote['decision'];
  message: string;
}

export interface TokensPerCall {
  calls: CallTokens[];
  marks: BudgetMark[];
  /** largest prompt + completion of one call (0 without calls) */
  maxTotal: number;
  totalPrompt: number;
  totalCompletion: number;
  /** any count is an estimate */
  estimated: boolean;
}

/** Prompt and completion tokens of each model call, in log order, with the budget decisions. */
export function tokensPerCall(events: readonly RunEvent[]): TokensPerCall {
  const out: TokensPerCall = {
    calls: [],
    marks: [],
    maxTotal: 0,
    totalPrompt: 0,
    totalCompletion: 0,
    estimated: false
  };
  for (const e of events) {
    if (e.kind === 'model') {
      const { promptTokens, completionTokens, estimated } = e.result.usage;
      out.calls.push({
        call: out.calls.length + 1,
        seq: e.seq,
        label: e.label,
        promptTokens,
        completionTokens,
        estimated
      });
      out.maxTotal = Math.max(out.maxTotal, promptTokens + completionTokens);
      out.totalPrompt += promptTokens;
      out.totalCompletion += completionTokens;
      out.estimated ||= estimated;
    } else if (e.kind === 'note' && e.note.type === 'turn-budget') {
      out.marks.push({
        afterCall: out.calls.length,
        seq: e.seq,
        decision: e.note.decision,
        message: e.note.message
      });
    }
  }
  return out;
}

interface BudgetState {
  /** the budget mode and base cap, from the run's params (null when the technique has none) */
  mode: 'fixed' | 'dynamic' | null;
  /** the cap now: the base cap plus the turns granted so far */
  cap: number | null;
  decisions: BudgetNote[];
}

/** The budget at this point of the log: the run's mode and base cap, and each decision so far. */
export function budgetAt(
  events: readonly RunEvent[],
  params: Record<string, unknown> | undefined
): BudgetState {
  const decisions = events.flatMap((e) =>
    e.kind === 'note' && e.note.type === 'turn-budget' ? [e.note] : []
  );
  const mode = params?.budget === 'fixed' || params?.budget === 'dynamic' ? params.budget : null;
  const base = Number(params?.maxTurns ?? params?.maxIterations);
  const cap = decisions.at(-1)?.cap ?? (Number.isInteger(base) ? base : null);
  return { mode, cap, decisions };
}

/** The timeline row of a budget decision (views.ts puts it in the timeline). */
export function budgetRow(note: BudgetNote): {
  kind: 'decision';
  title: string;
  detail: string;
  tone: 'good' | 'bad';
} {
  return {
    kind: 'decision',
    title: note.decision === 'granted' ? 'Budget: granted' : 'Budget: refused',
    detail: `${note.message} (cap ${note.cap})`,
    tone: note.decision === 'granted' ? 'good' : 'bad'
  };
}
