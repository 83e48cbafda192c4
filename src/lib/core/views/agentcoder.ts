/**
 * What AgentCoder's tests view draws, reduced from a prefix of the log: the test designer's
 * tests (kept, with their kind; dropped, with why), one column per round run so far with each
 * test's outcome on that round's program, why the loop stopped, and — once the run has checked
 * them on the reference solution — the wrong tests marked.
 */
import type { DroppedTest } from '../techniques/kit/assert-tests';
import { REFERENCE_CHECK, TESTS_PARSE, TESTS_RUN } from '../techniques/agentcoder';
import type { Cell } from '../run/notes/codet';
import type { TestKind } from '../run/notes/agentcoder';
import type { ExecuteEvent, Note, RunEvent } from '../run/events';
import type { TimelineRow } from './timeline-row';

type NoteOf<T extends Note['type']> = Extract<Note, { type: T }>;

export interface DesignedTest {
  /** 1-based */
  index: number;
  source: string;
  kind: TestKind;
  /** one per round run so far, in round order */
  results: Cell[];
  /** why the reference solution says it is wrong; null when it is right or not yet checked */
  wrong: string | null;
}

export interface AgentcoderView {
  /** null until the executor has parsed the designer's reply */
  tests: DesignedTest[] | null;
  dropped: DroppedTest[];
  testsMessage: string | null;
  /** the rounds run so far, and whether each passed every test */
  rounds: { round: number; passed: boolean }[];
  /** why the loop stopped, once it has */
  stop: string | null;
  /** the reference check's sentence, once it ran */
  wrongMessage: string | null;
}

/** The tests view at the end of `events` (a prefix of the log). */
export function agentcoderAt(events: readonly RunEvent[]): AgentcoderView {
  const view: AgentcoderView = {
    tests: null,
    dropped: [],
    testsMessage: null,
    rounds: [],
    stop: null,
    wrongMessage: null
  };
  for (const e of events) {
    if (e.kind !== 'note') continue;
    const n = e.note;
    if (n.type === 'agentcoder-tests') {
      view.tests = n.kept.map((k, i) => ({
        index: i + 1,
        source: k.source,
        kind: n.kinds[i] ?? 'basic',
        results: [],
        wrong: null
      }));
      view.dropped = n.dropped;
      view.testsMessage = n.message;
    } else if (n.type === 'agentcoder-round') {
      view.rounds.push({ round: n.round, passed: n.passed });
      view.tests?.forEach((t, i) => t.results.push(n.cells[i] ?? 'not-run'));
    } else if (n.type === 'decision' && n.action === 'stop') {
      view.stop = n.reason;
    } else if (n.type === 'agentcoder-wrong-tests') {
      view.wrongMessage = n.message;
      for (const w of n.wrong) {
        const test = view.tests?.[w.index - 1];
        if (test) test.wrong = w.reason;
      }
    }
  }
  return view;
}

/** AgentCoder's notes as timeline rows. */
export function agentcoderRow(
  n: NoteOf<'agentcoder-tests' | 'agentcoder-round' | 'agentcoder-wrong-tests'>
): Pick<TimelineRow, 'kind' | 'title' | 'detail' | 'tone'> {
  switch (n.type) {
    case 'agentcoder-tests':
      return {
        kind: 'program',
        title: "Test designer's tests",
        detail: n.message,
        tone: n.kept.length > 0 ? 'neutral' : 'bad'
      };
    case 'agentcoder-round': {
      const passed = n.cells.filter((c) => c === 'pass').length;
      return {
        kind: 'feedback',
        title: `Round ${n.round}`,
        detail: `${passed} of ${n.cells.length} tests pass`,
        tone: n.passed ? 'good' : 'bad'
      };
    }
    case 'agentcoder-wrong-tests':
      return {
        kind: 'decision',
        title: "Designer's tests vs. the reference",
        detail: n.message,
        tone: n.wrong.length > 0 ? 'bad' : 'good'
      };
  }
}

/** A hand-off between agents as a timeline row. */
export function agentMessageRow(
  n: NoteOf<'agents' | 'agent-message'>
): Pick<TimelineRow, 'kind' | 'title' | 'detail' | 'tone'> {
  if (n.type === 'agents')
    return {
      kind: 'decision',
      title: 'Agents',
      detail: n.agents.map((a) => a.id).join(', '),
      tone: 'neutral'
    };
  return {
    kind: 'decision',
    title: n.to === null ? `${n.from} reports` : `${n.from} → ${n.to}`,
    detail: n.summary,
    tone: 'neutral'
  };
}

/**
 * Timeline rows of AgentCoder's executions that run the designer's tests rather than the task's
 * examples: the parse check, a round's run, the check on the reference. Null for any other.
 */
export function agentcoderExecutionRow(e: ExecuteEvent): TimelineRow | null {
  const reference = e.label === REFERENCE_CHECK;
  const parse = e.label === TESTS_PARSE;
  if (!reference && !parse && !TESTS_RUN.test(e.label)) return null;
  const ok = e.result.status === 'ok';
  const passed = e.result.tests.filter((t) => t.status === 'pass').length;
  const total = e.result.tests.length;
  const detail = !ok
    ? `${e.label} — ${e.result.status === 'timeout' ? 'timed out' : 'the program did not run'}`
    : parse
      ? `${e.label} — ${passed} of ${total} lines kept`
      : reference
        ? `the designer's tests on the reference solution — ${passed}/${total} hold, ${total - passed} wrong`
        : `${e.label} — ${passed}/${total} tests pass`;
  return {
    seq: e.seq,
    dur: e.dur,
    tokens: null,
    kind: reference ? 'reference' : 'execution',
    title: reference ? 'Reference check' : 'Execution',
    detail,
    tone: parse ? 'neutral' : ok && passed === total ? 'good' : 'bad'
  };
}
