/**
 * Reducers for ClarifyGPT's views: from a prefix of the log to the inputs (with their mutation
 * lineage), the programs × inputs matrix with its clusters, the disagreement, the question and
 * answer, and the requirement before and after.
 */
import type { AskEvent, Note, RunEvent } from '../run/events';
import type { TimelineRow } from './timeline-row';
import { proseOf } from './planning';

type NoteOf<T extends Note['type']> = Extract<Note, { type: T }>;
type ClarifyNote = NoteOf<
  | 'clarify-inputs'
  | 'clarify-program'
  | 'clarify-clusters'
  | 'clarify-ambiguity'
  | 'clarify-questions'
  | 'clarify-refined'
>;
export type ClarifyInput = NoteOf<'clarify-inputs'>['inputs'][number];

/** The timeline row of a ClarifyGPT note (kind, title, detail, tone). */
export function clarifyRow(
  n: ClarifyNote
): Pick<TimelineRow, 'kind' | 'title' | 'detail' | 'tone'> {
  switch (n.type) {
    case 'clarify-inputs':
      return { kind: 'decision', title: 'Test inputs', detail: n.message, tone: 'neutral' };
    case 'clarify-program':
      return {
        kind: 'program',
        title: `Sampled program ${n.index}`,
        detail: n.code === null ? 'no program in the reply' : `seed ${n.seed}`,
        tone: n.code === null ? 'bad' : 'neutral'
      };
    case 'clarify-clusters':
      return { kind: 'decision', title: 'Clusters', detail: n.message, tone: 'neutral' };
    case 'clarify-ambiguity':
      return {
        kind: 'decision',
        title: n.ambiguous ? 'Ambiguous' : 'No ambiguity found',
        detail: n.message,
        tone: n.ambiguous ? 'bad' : 'good'
      };
    case 'clarify-questions':
      return {
        kind: 'feedback',
        title: 'Clarifying questions',
        detail: n.message,
        tone: n.fallback ? 'bad' : 'neutral'
      };
    case 'clarify-refined':
      return {
        kind: 'feedback',
        title: 'Refined requirement',
        detail:
          n.answeredBy === 'simulated-user'
            ? 'answered by the simulated user (an oracle that knows the hidden tests)'
            : 'answered by the learner',
        tone: 'neutral'
      };
  }
}

export interface ClarifyState {
  inputs: NoteOf<'clarify-inputs'> | null;
  programs: NoteOf<'clarify-program'>[];
  clusters: NoteOf<'clarify-clusters'> | null;
  ambiguity: NoteOf<'clarify-ambiguity'> | null;
  questions: NoteOf<'clarify-questions'> | null;
  /** the answered question (the ask effect), once it is in the log */
  ask: AskEvent | null;
  /** what the model said when it wrote the final program from the answer (its first sentence) */
  reply: string | null;
  refined: NoteOf<'clarify-refined'> | null;
}

/** Everything ClarifyGPT's views draw, from events[0..cursor]. */
export function clarifyAt(events: readonly RunEvent[]): ClarifyState {
  const state: ClarifyState = {
    inputs: null,
    programs: [],
    clusters: null,
    ambiguity: null,
    questions: null,
    ask: null,
    reply: null,
    refined: null
  };
  for (const e of events) {
    if (e.kind === 'ask') state.ask = e;
    if (e.kind === 'model' && state.ask && state.reply === null)
      state.reply = proseOf(e.result.text, 300) || null;
    if (e.kind !== 'note') continue;
    const n = e.note;
    if (n.type === 'clarify-inputs') state.inputs = n;
    else if (n.type === 'clarify-program') state.programs = [...state.programs, n];
    else if (n.type === 'clarify-clusters') state.clusters = n;
    else if (n.type === 'clarify-ambiguity') state.ambiguity = n;
    else if (n.type === 'clarify-questions') state.questions = n;
    else if (n.type === 'clarify-refined') state.refined = n;
  }
  return state;
}

/** An input's lineage: the seed first, then each mutant down to the input itself. */
export function lineageOf(inputs: readonly ClarifyInput[], id: number): ClarifyInput[] {
  const byId = new Map(inputs.map((i) => [i.id, i]));
  const chain: ClarifyInput[] = [];
  for (let cur = byId.get(id); cur && chain.length <= inputs.length;) {
    chain.unshift(cur);
    cur = cur.parent === null ? undefined : byId.get(cur.parent);
  }
  return chain;
}
