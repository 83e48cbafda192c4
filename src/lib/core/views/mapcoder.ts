/**
 * What MapCoder's views draw, reduced from a prefix of the log: the recalled problems (and what
 * of the recall could not be read), and the plan list — each plan's confidence, its place in
 * the order of trying, whether it was tried, with how many debug rounds, how it ended, and the
 * plan being worked on marked as current.
 */
import { PLAN_CALL } from '../techniques/mapcoder';
import type { Note, RunEvent } from '../run/events';
import type { TimelineRow } from './timeline-row';
import type { RecalledProblem } from '../prompts/mapcoder';

type NoteOf<T extends Note['type']> = Extract<Note, { type: T }>;

/** How a plan stands: not yet reached, being worked on, passed the examples, or dropped. */
export type PlanStatus = 'waiting' | 'trying' | 'passed' | 'failed' | 'not tried';

export interface PlanRow {
  index: number;
  steps: string[];
  confidence: number | null;
  /** 1-based place in the order of trying */
  rank: number;
  status: PlanStatus;
  /** the debugging agent's calls on this plan's code so far */
  debugRounds: number;
  /** examples passed by this plan's latest code that ran, or null before any ran */
  examples: { passed: number; total: number } | null;
  current: boolean;
}

export interface MapcoderView {
  recall: { problems: RecalledProblem[]; unparsed: string[]; message: string } | null;
  plans: PlanRow[] | null;
  plansUnparsed: string[];
  plansMessage: string | null;
  /** why the loop stopped, once it has */
  stop: string | null;
}

/** The plan a coding or debugging call's label names, or null for any other effect. */
export function planOfLabel(label: string): number | null {
  const m = PLAN_CALL.exec(label);
  return m ? Number(m[1] ?? m[2]) : null;
}

/** MapCoder's views at the end of `events` (a prefix of the log). */
export function mapcoderAt(events: readonly RunEvent[]): MapcoderView {
  const view: MapcoderView = {
    recall: null,
    plans: null,
    plansUnparsed: [],
    plansMessage: null,
    stop: null
  };
  const rowOf = (index: number) => view.plans?.find((p) => p.index === index);
  let current: number | null = null;
  const passed = new Set<number>();
  for (const e of events) {
    if (e.kind === 'model') {
      const plan = planOfLabel(e.label);
      if (plan !== null) current = plan;
      const row = plan === null ? undefined : rowOf(plan);
      if (row && e.label.startsWith('debugging agent:')) row.debugRounds++;
      continue;
    }
    if (e.kind !== 'note') continue;
    const n = e.note;
    if (n.type === 'mapcoder-recall') {
      view.recall = { problems: n.problems, unparsed: n.unparsed, message: n.message };
    } else if (n.type === 'mapcoder-plans') {
      view.plans = n.plans.map((p) => ({
        ...p,
        rank: n.order.indexOf(p.index) + 1,
        status: 'waiting',
        debugRounds: 0,
        examples: null,
        current: false
      }));
      view.plans.sort((a, b) => a.rank - b.rank);
      view.plansUnparsed = n.unparsed;
      view.plansMessage = n.message;
    } else if (n.type === 'mapcoder-attempt') {
      const row = rowOf(n.plan);
      if (row && n.status !== 'no-code') row.examples = { passed: n.passed, total: n.total };
      if (n.status === 'ran' && n.total > 0 && n.passed === n.total) passed.add(n.plan);
    } else if (n.type === 'decision' && n.action === 'stop') {
      view.stop = n.reason;
    }
  }
  const currentRank = current === null ? 0 : (rowOf(current)?.rank ?? 0);
  for (const row of view.plans ?? []) {
    row.current = row.index === current && view.stop === null;
    row.status = passed.has(row.index)
      ? 'passed'
      : row.current
        ? 'trying'
        : row.rank < currentRank || (row.index === current && view.stop !== null)
          ? 'failed'
          : view.stop !== null
            ? 'not tried'
            : 'waiting';
  }
  return view;
}

/** A plan's outcome in words, for the plan list. */
export function planOutcome(row: PlanRow): string {
  const rounds = `${row.debugRounds} debug round${row.debugRounds === 1 ? '' : 's'}`;
  const examples = row.examples ? `, ${row.examples.passed}/${row.examples.total} examples` : '';
  switch (row.status) {
    case 'waiting':
      return 'not tried yet';
    case 'not tried':
      return 'not tried: an earlier plan passed';
    case 'trying':
      return `being tried: ${rounds}${examples}`;
    case 'passed':
      return `passed the examples after ${rounds}`;
    case 'failed':
      return `dropped after ${rounds}${examples}`;
  }
}

/** MapCoder's notes as timeline rows. */
export function mapcoderRow(
  n: NoteOf<'mapcoder-recall' | 'mapcoder-plans' | 'mapcoder-attempt'>
): Pick<TimelineRow, 'kind' | 'title' | 'detail' | 'tone'> {
  switch (n.type) {
    case 'mapcoder-recall':
      return {
        kind: 'program',
        title: 'Recalled problems',
        detail: n.message,
        tone: n.problems.length > 0 ? 'neutral' : 'bad'
      };
    case 'mapcoder-plans':
      return { kind: 'program', title: 'Plans', detail: n.message, tone: 'neutral' };
    case 'mapcoder-attempt':
      return {
        kind: 'feedback',
        title: `Plan ${n.plan}, ${n.round === 0 ? 'first code' : `debug round ${n.round}`}`,
        detail:
          n.status === 'no-code'
            ? 'the reply had no code'
            : n.status === 'ran'
              ? `${n.passed} of ${n.total} examples pass`
              : `the code did not run (${n.status})`,
        tone: n.status === 'ran' && n.total > 0 && n.passed === n.total ? 'good' : 'bad'
      };
  }
}
