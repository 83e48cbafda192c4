/**
 * What the Reflexion views draw, reduced from a prefix of the log: the self-written tests
 * (kept, dropped, and after the check against the reference, wrong), the memory of
 * reflections, and one row per attempt with how it did on the self-tests.
 *
 * Which execution is which comes from the labels the technique gives its effects: the
 * self-test run of iteration N, and the run of the self-tests on the reference solution.
 */
import type { TestOutcome } from '../run/effects';
import type { ExecuteEvent, RunEvent } from '../run/events';
import type { TimelineRow } from './timeline-row';
import { PARSE_CHECK_LABEL, REFERENCE_CHECK_LABEL, SELF_TEST_RUN } from '../techniques/reflexion';

interface SelfTestRow {
  /** the assert as the model wrote it */
  source: string;
  /** its result in the latest self-test run at the cursor (null before any run) */
  latest: TestOutcome['status'] | null;
  /** why the reference solution disagrees with it, once checked (null: not wrong or not checked) */
  wrong: string | null;
}

export interface Attempt {
  /** the iteration (program version) */
  turn: number;
  /** self-tests passed and run; null until its self-test run is visible */
  passed: number | null;
  total: number | null;
  /** the program could not run at all (e.g. a syntax error) */
  crashed: boolean;
  /** what the technique decided after it, once decided */
  decision: { action: 'continue' | 'stop'; reason: string } | null;
}

export interface ReflexionView {
  /** null until the model's tests are parsed */
  selfTests: {
    kept: SelfTestRow[];
    dropped: { source: string; reason: string }[];
    message: string;
  } | null;
  /** the check against the reference, once it ran */
  validation: { checked: number; wrong: number; message: string } | null;
  /** the memory, oldest first */
  reflections: { iteration: number; text: string }[];
  attempts: Attempt[];
}

export function reflexionAt(events: readonly RunEvent[]): ReflexionView {
  const view: ReflexionView = { selfTests: null, validation: null, reflections: [], attempts: [] };
  const attempt = (turn: number): Attempt => {
    let a = view.attempts.find((x) => x.turn === turn);
    if (!a) {
      a = { turn, passed: null, total: null, crashed: false, decision: null };
      view.attempts.push(a);
    }
    return a;
  };
  const wrongBySource = new Map<string, string>();

  for (const e of events) {
    if (e.kind === 'execute') {
      const run = SELF_TEST_RUN.exec(e.label);
      if (!run) continue;
      const a = attempt(Number(run[1]));
      a.total = e.request.tests.length;
      a.passed = e.result.tests.filter((t) => t.status === 'pass').length;
      a.crashed = e.result.status !== 'ok';
      if (view.selfTests)
        view.selfTests.kept.forEach((row, i) => (row.latest = e.result.tests[i]?.status ?? null));
      continue;
    }
    if (e.kind !== 'note') continue;
    const n = e.note;
    if (n.type === 'self-tests') {
      view.selfTests = {
        kept: n.kept.map((k) => ({ source: k.source, latest: null, wrong: null })),
        dropped: n.dropped,
        message: n.message
      };
    } else if (n.type === 'program') {
      attempt(n.turn);
    } else if (n.type === 'decision') {
      // A decision about an iteration with a program (not the "ask again for code" turns).
      if (view.attempts.some((a) => a.turn === n.turn))
        attempt(n.turn).decision = { action: n.action, reason: n.reason };
    } else if (n.type === 'reflection') {
      view.reflections.push({ iteration: n.iteration, text: n.text });
    } else if (n.type === 'wrong-self-tests') {
      for (const w of n.wrong) wrongBySource.set(w.source, w.reason);
      view.validation = { checked: n.checked, wrong: n.wrong.length, message: n.message };
    }
  }
  for (const row of view.selfTests?.kept ?? []) row.wrong = wrongBySource.get(row.source) ?? null;
  return view;
}

/**
 * Timeline rows for Reflexion's executions, whose tests are not the task's examples: the
 * line check (how many lines were kept), the self-test runs, and the check against the
 * reference, which is not a run of the model's program and so gets a row kind of its own
 * (its failures mean wrong tests, not a wrong program). Null for any other execution.
 */
export function reflexionExecutionRow(e: ExecuteEvent): TimelineRow | null {
  const ok = e.result.status === 'ok';
  const passed = e.result.tests.filter((t) => t.status === 'pass').length;
  const total = e.result.tests.length;
  const row = {
    seq: e.seq,
    dur: e.dur,
    tokens: null,
    tone: ok && passed === total ? 'good' : 'bad'
  } as const;
  if (e.label === REFERENCE_CHECK_LABEL)
    return {
      ...row,
      kind: 'reference',
      title: 'Reference check',
      detail: ok
        ? `the model's tests on the reference solution — ${passed}/${total} hold, ${total - passed} wrong`
        : 'the reference solution did not run'
    };
  const status = ok
    ? null
    : e.result.status === 'timeout'
      ? 'timed out'
      : 'the program did not run';
  if (e.label === PARSE_CHECK_LABEL)
    return {
      ...row,
      kind: 'execution',
      title: 'Execution',
      detail: `${e.label} — ${status ?? `${passed} of ${total} lines kept`}`,
      tone: 'neutral'
    };
  if (SELF_TEST_RUN.test(e.label))
    return {
      ...row,
      kind: 'execution',
      title: 'Execution',
      detail: `${e.label} — ${status ?? `${passed}/${total} self-tests pass`}`
    };
  return null;
}
