/**
 * Comparing runs: one row of measures per run log (what it spent and what it bought), whether
 * two runs are of the same problem, and how two runs' step positions line up when they are
 * stepped together. Pure functions of the logs, like every view.
 */
import type { RunEvent } from '../run/events';
import type { Problem } from '../problems/problem';
import { stableJson } from '../run/stable-json';
import { countersAt, outcomeAt } from './timeline';

/** A run in one row of a comparison table: what it spent and its verdict. */
interface CompareRow {
  /** null while the run has no verdict yet */
  status: 'solved' | 'unsolved' | 'error' | null;
  /** the final program passed every visible example */
  visiblePassed: boolean;
  hiddenPassed: number;
  hiddenTotal: number;
  modelCalls: number;
  tokensIn: number;
  tokensOut: number;
  /** some token counts are estimates (scripted replies), not a tokenizer's */
  tokensEstimated: boolean;
  /** programs run in the sandbox (examples, hidden tests, traces, probes) */
  executions: number;
  /** ms spent in the sandbox: the sum of every execution's duration */
  sandboxMs: number;
  /** ms of run time: from the first effect's start to the last one's end (pauses excluded) */
  wallMs: number;
  /**
   * the longest conversation of the run, in model replies: a call whose request already holds
   * k replies is turn k + 1. Fresh conversations (samples, search nodes) stay at turn 1.
   */
  turns: number;
}

/** The comparison row of a log (or of a prefix of one). */
export function compareRowOf(events: readonly RunEvent[]): CompareRow {
  const outcome = outcomeAt(events);
  const c = countersAt(events);
  let sandboxMs = 0;
  let turns = 0;
  for (const e of events) {
    if (e.kind === 'execute') sandboxMs += e.dur;
    else if (e.kind === 'model') {
      const replies = e.request.messages.filter((m) => m.role === 'assistant').length;
      turns = Math.max(turns, replies + 1);
    }
  }
  return {
    status: outcome?.status ?? null,
    visiblePassed: outcome?.visiblePassed ?? false,
    hiddenPassed: outcome?.hiddenPassed ?? 0,
    hiddenTotal: outcome?.hiddenTotal ?? 0,
    modelCalls: c.modelCalls,
    tokensIn: c.tokensIn,
    tokensOut: c.tokensOut,
    tokensEstimated: c.tokensEstimated,
    executions: c.executions,
    sandboxMs,
    wallMs: c.wallMs,
    turns
  };
}

/** The verdict of a row in a few words (the table's last column). */
export function verdictText(row: CompareRow): string {
  switch (row.status) {
    case 'solved':
      return `Solved (${row.hiddenPassed}/${row.hiddenTotal} hidden tests)`;
    case 'unsolved':
      return row.visiblePassed
        ? `Passed its examples only (${row.hiddenPassed}/${row.hiddenTotal} hidden tests)`
        : `Not solved (${row.hiddenPassed}/${row.hiddenTotal} hidden tests)`;
    case 'error':
      return 'Error';
    default:
      return 'No verdict yet';
  }
}

/** Milliseconds for a table cell: "840 ms", "2.31 s". */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/**
 * Why two runs cannot be compared, or null when they can: they must be runs of the same
 * problem — the same id and the same prompt and tests (a problem edited under the same id is
 * another problem).
 */
export function problemMismatch(a: Problem, b: Problem): string | null {
  if (a.id !== b.id) {
    return (
      `These runs are of different problems (“${a.title}” and “${b.title}”). ` +
      'A comparison only means something on the same problem: pick a run of the same one.'
    );
  }
  const { reference: _a, ...left } = a;
  const { reference: _b, ...right } = b;
  if (stableJson(left) !== stableJson(right)) {
    return (
      `Both runs are of “${a.id}”, but its prompt or tests differ between them, so their ` +
      'verdicts are not comparable. Pick a run of the same version of the problem.'
    );
  }
  return null;
}

/** The newest program a run has written, whatever its technique calls it. */
interface LatestProgram {
  code: string;
  /** what the technique calls it: "version 2", "sample 3", "node 4" */
  name: string;
}

/**
 * The newest program in a prefix of the log: a version (self-debugging, planning, Reflexion,
 * ClarifyGPT), a sample (sampling) or a search node, so one pane can show any technique's run.
 */
export function latestProgramAt(events: readonly RunEvent[]): LatestProgram | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.kind !== 'note') continue;
    const n = e.note;
    if (n.type === 'program') return { code: n.code, name: `version ${n.turn}` };
    if (n.type === 'sample' && n.code !== null) return { code: n.code, name: `sample ${n.index}` };
    if (n.type === 'tree-node' && n.code !== null) return { code: n.code, name: `node ${n.id}` };
  }
  return null;
}
