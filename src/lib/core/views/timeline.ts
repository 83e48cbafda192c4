/**
 * Reducers from a prefix of the log to what the views draw. Live, replayed and rewound
 * runs all render through these, so what a learner sees depends only on events[0..cursor].
 */
import { isEffect, type ExecuteEvent, type Note, type RunEvent } from '../run/events';
import type { TimelineRow } from './timeline-row';
import { reflexionExecutionRow } from './reflexion';
import { budgetRow } from './turn-budget';
import { clarifyRow } from './clarify';
import { TREE_STEP_NOTES } from '../run/notes/tree';
import { treeTimelineRow } from './tree';
import { codetExecutionRow, codetRow } from './codet';
import { agentMessageRow, agentcoderExecutionRow, agentcoderRow } from './agentcoder';
import { mapcoderRow } from './mapcoder';

type NoteOf<T extends Note['type']> = Extract<Note, { type: T }>;

/** Notes that are a step of their own (a phase with no effect, e.g. a tree search's selection). */
const STEP_NOTES: ReadonlySet<string> = new Set([...TREE_STEP_NOTES]);

/** True when the player stops before this event: an effect, or a note that is a step. */
export function startsStep(event: RunEvent): boolean {
  return isEffect(event) || STEP_NOTES.has(event.note.type);
}

/**
 * Step positions of a log: before each effect (and each step note), and the end. Position p
 * shows events[0..p). "Step" moves to the next position: the next effect's result and the
 * notes after it.
 */
export function stopsOf(events: readonly RunEvent[]): number[] {
  const stops: number[] = [];
  events.forEach((e, i) => {
    if (startsStep(e)) stops.push(i);
  });
  if (stops[stops.length - 1] !== events.length) stops.push(events.length);
  if (stops[0] !== 0) stops.unshift(0);
  return stops;
}

function notes<T extends Note['type']>(events: readonly RunEvent[], type: T): NoteOf<T>[] {
  const found: NoteOf<T>[] = [];
  for (const e of events)
    if (e.kind === 'note' && e.note.type === type) found.push(e.note as NoteOf<T>);
  return found;
}

/** The current program and the one before it (for the diff). */
export function programsAt(events: readonly RunEvent[]): {
  current: NoteOf<'program'> | null;
  previous: NoteOf<'program'> | null;
} {
  const all = notes(events, 'program');
  return { current: all.at(-1) ?? null, previous: all.at(-2) ?? null };
}

/** The latest execution, and which program turn it ran. */
export function lastExecution(events: readonly RunEvent[]): ExecuteEvent | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.kind === 'execute') return e;
  }
  return null;
}

export function outcomeAt(events: readonly RunEvent[]): NoteOf<'outcome'> | null {
  return notes(events, 'outcome').at(-1) ?? null;
}

export interface Counters {
  modelCalls: number;
  tokensIn: number;
  tokensOut: number;
  /** some token counts are estimates (scripted model) */
  tokensEstimated: boolean;
  executions: number;
  /** ms of run time: effects' durations, not the time spent paused */
  wallMs: number;
}

export function countersAt(events: readonly RunEvent[]): Counters {
  const c: Counters = {
    modelCalls: 0,
    tokensIn: 0,
    tokensOut: 0,
    tokensEstimated: false,
    executions: 0,
    wallMs: 0
  };
  for (const e of events) {
    if (e.kind === 'model') {
      c.modelCalls++;
      c.tokensIn += e.result.usage.promptTokens;
      c.tokensOut += e.result.usage.completionTokens;
      c.tokensEstimated ||= e.result.usage.estimated;
    } else if (e.kind === 'execute') c.executions++;
    if (isEffect(e)) c.wallMs = Math.max(c.wallMs, e.t + e.dur);
  }
  return c;
}

/**
 * A row is a pure function of its event, and logged events never change: rows are kept by
 * event, so a step of a long run (a search of hundreds of nodes) makes one new row, not all.
 */
const rowOf = new WeakMap<RunEvent, TimelineRow>();

/** One row per event, in log order (shared row objects: read them, do not change them). */
export function timelineAt(events: readonly RunEvent[]): TimelineRow[] {
  const missing = events.filter((e) => !rowOf.has(e));
  rowsOf(missing).forEach((row, i) => rowOf.set(missing[i], row));
  return events.map((e) => rowOf.get(e) as TimelineRow);
}

function rowsOf(events: readonly RunEvent[]): TimelineRow[] {
  return events.map((e): TimelineRow => {
    const base = { seq: e.seq, dur: null, tokens: null, tone: 'neutral' as const };
    switch (e.kind) {
      case 'model':
        return {
          ...base,
          kind: 'model',
          title: e.edited ? 'Edited reply (fork)' : 'Model call',
          detail: e.label,
          dur: e.dur,
          tokens: { in: e.result.usage.promptTokens, out: e.result.usage.completionTokens }
        };
      case 'execute': {
        const special =
          reflexionExecutionRow(e) ?? codetExecutionRow(e) ?? agentcoderExecutionRow(e);
        if (special) return special;
        // A probe run is judged by whether every call returned ("ran"), not by passing.
        const good = e.request.suite === 'probe' ? 'ran' : 'pass';
        const passed = e.result.tests.filter((t) => t.status === good).length;
        const ok = e.result.status === 'ok' && passed === e.result.tests.length;
        const status =
          e.result.status === 'ok'
            ? e.request.suite === 'probe'
              ? `${passed}/${e.result.tests.length} inputs returned a value`
              : `${passed}/${e.result.tests.length} ${e.request.suite} tests pass`
            : e.result.status === 'timeout'
              ? 'timed out'
              : `error: ${e.result.error?.type ?? 'unknown'}`;
        return {
          ...base,
          kind: 'execution',
          title: 'Execution',
          detail: `${e.label} — ${status}`,
          dur: e.dur,
          tone: ok ? 'good' : 'bad'
        };
      }
      case 'ask':
        return { ...base, kind: 'ask', title: 'Question', detail: e.label, dur: e.dur };
      case 'note': {
        const n = e.note;
        switch (n.type) {
          case 'program':
            return {
              ...base,
              kind: 'program',
              title: `Program v${n.turn}`,
              detail: `${n.code.split('\n').length - 1} lines`
            };
          case 'feedback':
            return { ...base, kind: 'feedback', title: 'Feedback', detail: n.text.split('\n')[0] };
          case 'decision':
            return {
              ...base,
              kind: 'decision',
              title: n.action === 'stop' ? 'Decision: stop' : 'Decision: continue',
              detail: n.reason
            };
          case 'outcome':
            return {
              ...base,
              kind: 'outcome',
              title: 'Verdict',
              detail: n.message,
              tone: n.status === 'solved' ? 'good' : 'bad'
            };
          // Techniques' own notes take the generic row kinds, which the timeline has icons for.
          case 'sample':
            return {
              ...base,
              kind: 'program',
              title: `Sample ${n.index}`,
              detail:
                n.code === null
                  ? 'no program'
                  : `${n.hiddenPassed}/${n.hiddenTotal} hidden tests pass (seed ${n.seed})`,
              tone: n.passed ? 'good' : 'bad'
            };
          case 'pass-at-k': {
            const pct = (v: number | undefined) =>
              v === undefined ? '—' : `${Math.round(v * 100)}%`;
            return {
              ...base,
              kind: 'decision',
              title: 'pass@k',
              detail: `${n.c} of ${n.n} samples pass; pass@1 ${pct(n.curve[0]?.value)}, pass@${n.n} ${pct(n.curve.at(-1)?.value)}`
            };
          }
          case 'plan':
            return {
              ...base,
              kind: 'decision',
              title: 'Plan',
              detail: n.message,
              tone: n.parsed ? 'neutral' : 'bad'
            };
          case 'step-map': {
            const marked = n.steps.filter((s) => s.ranges.length > 0).length;
            return {
              ...base,
              kind: 'decision',
              title: 'Steps in the code',
              detail: `${marked} of ${n.steps.length} steps are marked in the program`
            };
          }
          case 'self-tests':
            return {
              ...base,
              kind: 'program',
              title: 'Self-written tests',
              detail: n.message,
              tone: n.kept.length > 0 ? 'neutral' : 'bad'
            };
          case 'reflection':
            return {
              ...base,
              kind: 'feedback',
              title: `Reflection ${n.iteration}`,
              detail: n.text.split('\n')[0]
            };
          case 'clarify-inputs':
          case 'clarify-program':
          case 'clarify-clusters':
          case 'clarify-ambiguity':
          case 'clarify-questions':
          case 'clarify-refined':
            return { ...base, ...clarifyRow(n) };
          case 'wrong-self-tests':
            return {
              ...base,
              kind: 'decision',
              title: 'Self-tests vs. the reference',
              detail: n.message,
              tone: n.wrong.length > 0 ? 'bad' : 'good'
            };
          case 'turn-budget':
            return { ...base, ...budgetRow(n) };
          case 'codet-tests':
          case 'codet-program':
          case 'codet-groups':
            return { ...base, ...codetRow(n) };
          case 'agentcoder-tests':
          case 'agentcoder-round':
          case 'agentcoder-wrong-tests':
            return { ...base, ...agentcoderRow(n) };
          case 'mapcoder-recall':
          case 'mapcoder-plans':
          case 'mapcoder-attempt':
            return { ...base, ...mapcoderRow(n) };
          case 'agents':
          case 'agent-message':
            return { ...base, ...agentMessageRow(n) };
          default:
            return {
              ...base,
              ...(treeTimelineRow(n) ?? { kind: 'decision', title: n.type, detail: '' })
            };
        }
      }
    }
  });
}
