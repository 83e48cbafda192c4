/**
 * What CodeT's view draws, reduced from a prefix of the log: the kept tests (columns) and the
 * dropped ones, one row per program that fills in as the player steps (drawn → run on the
 * tests → run on the examples), the consensus groups with their scores, the winner, and the
 * program "pick by the examples" would take.
 *
 * A program's `codet-program` note comes after both of its runs, so the earlier stages are read
 * from its effects (labels in techniques/codet.ts); the notes are authoritative when they come.
 * Before the `codet-groups` note the groups are those of the rows run so far.
 */
import {
  EXAMPLES_RUN,
  PROGRAM_CALL,
  TESTS_PARSE,
  TESTS_RUN,
  cellsOf,
  consensusGroups,
  describeGroup,
  type ConsensusGroup
} from '../techniques/codet';
import { passedAll } from '../techniques/kit/grading';
import type { DroppedTest } from '../techniques/kit/assert-tests';
import { extractCode } from '../prompts/extract';
import type { Language } from '../problems/languages';
import type { Cell } from '../run/notes/codet';
import type { ExecuteEvent, Note, RunEvent } from '../run/events';
import type { TimelineRow } from './timeline-row';

type NoteOf<T extends Note['type']> = Extract<Note, { type: T }>;

/** A matrix cell at the cursor: an outcome, or `pending` when the program has not run yet. */
export type CellView = Cell | 'pending';

/** How far a program has got at the cursor. */
type ProgramStage = 'waiting' | 'drawn' | 'tested' | 'done';

export interface ProgramRow {
  /** 1-based program number */
  index: number;
  stage: ProgramStage;
  seed: number | null;
  /** its program; null until drawn or when the reply had none */
  code: string | null;
  /** one per kept test; empty before the tests are known */
  cells: CellView[];
  /** passes the task's examples (null until they ran, or without a program) */
  visiblePassed: boolean | null;
  /** 1-based rank of its consensus group (1 = the best so far), null when in none */
  group: number | null;
}

interface CodetView {
  /** how many programs the run samples (null while unknown) */
  n: number | null;
  /** the kept tests, in column order; null until they are parsed */
  tests: { index: number; source: string }[] | null;
  dropped: DroppedTest[];
  /** the tests note's sentence ("5 of 8 lines kept …"), null until parsed */
  testsMessage: string | null;
  rows: ProgramRow[];
  /** best first: final once `final`, else those of the rows run so far */
  groups: ConsensusGroup[];
  /** true once the technique has ranked the groups and chosen */
  final: boolean;
  /** the program CodeT chose (null before `final` or when none had code) */
  winner: number | null;
  /** the first program passing the examples so far: what sampling would pick */
  byExamples: number | null;
  /** the choice in words, once final */
  message: string | null;
}

const waiting = (index: number, tests: number): ProgramRow => ({
  index,
  stage: 'waiting',
  seed: null,
  code: null,
  cells: Array.from({ length: tests }, () => 'pending'),
  visiblePassed: null,
  group: null
});

/**
 * CodeT's matrix, groups and choice at the cursor. `n` (the run's parameter) lays out every row
 * to come; `language` says which fenced blocks of a reply are code.
 */
export function codetAt(events: readonly RunEvent[], n?: number, language?: Language): CodetView {
  let total = n ?? null;
  let tests: CodetView['tests'] = null;
  let dropped: DroppedTest[] = [];
  let testsMessage: string | null = null;
  let ranked: NoteOf<'codet-groups'> | null = null;
  const rows = new Map<number, ProgramRow>();
  const row = (index: number) => {
    let r = rows.get(index);
    if (!r) rows.set(index, (r = waiting(index, tests?.length ?? 0)));
    return r;
  };

  for (const e of events) {
    if (e.kind === 'model') {
      const m = PROGRAM_CALL.exec(e.label);
      if (!m) continue;
      total ??= Number(m[2]);
      const code = extractCode(e.result.text, language);
      Object.assign(row(Number(m[1])), { stage: 'drawn', seed: e.request.seed ?? null, code });
    } else if (e.kind === 'execute') {
      const run = TESTS_RUN.exec(e.label);
      const examples = EXAMPLES_RUN.exec(e.label);
      if (run) {
        const r = row(Number(run[1]));
        Object.assign(r, { stage: 'tested', cells: cellsOf(e.result, r.cells.length) });
      } else if (examples) {
        Object.assign(row(Number(examples[1])), {
          stage: 'done',
          visiblePassed: passedAll(e.result)
        });
      }
    } else if (e.kind === 'note') {
      const note = e.note;
      if (note.type === 'codet-tests') {
        tests = note.kept.map((k, i) => ({ index: i + 1, source: k.source }));
        dropped = note.dropped;
        testsMessage = note.message;
        for (const r of rows.values()) r.cells = tests.map(() => 'pending');
      } else if (note.type === 'codet-program') {
        Object.assign(row(note.index), {
          stage: 'done',
          seed: note.seed,
          code: note.code,
          cells: note.cells ?? [],
          visiblePassed: note.visiblePassed
        });
      } else if (note.type === 'codet-groups') {
        ranked = note;
      }
    }
  }

  const count = Math.max(total ?? 0, ...rows.keys());
  const all = Array.from(
    { length: count },
    (_, i) => rows.get(i + 1) ?? waiting(i + 1, tests?.length ?? 0)
  );
  const groups =
    ranked?.groups ??
    consensusGroups(
      all
        .filter((r) => r.stage === 'tested' || r.stage === 'done')
        .map((r) => ({
          index: r.index,
          cells: r.code === null ? null : r.cells.map((c) => (c === 'pending' ? 'not-run' : c))
        }))
    );
  for (const r of all) {
    const rank = groups.findIndex((g) => g.programs.includes(r.index));
    r.group = rank < 0 ? null : rank + 1;
  }
  return {
    n: total,
    tests,
    dropped,
    testsMessage,
    rows: all,
    groups,
    final: ranked !== null,
    winner: ranked?.winner ?? null,
    byExamples: ranked?.byExamples ?? all.find((r) => r.visiblePassed === true)?.index ?? null,
    message: ranked?.message ?? null
  };
}

/** A cell in words, for the matrix and for screen readers. */
export function cellText(cell: CellView): string {
  switch (cell) {
    case 'pass':
      return '✓ pass';
    case 'fail':
      return '✗ fail';
    case 'error':
      return '✗ error';
    case 'timeout':
      return '✗ time out';
    case 'not-run':
      return 'not run';
    case 'pending':
      return '— not yet run';
  }
}

/** A program's stage in words. */
export function rowStatus(row: ProgramRow): string {
  if (row.stage === 'waiting') return 'not sampled yet';
  if (row.code === null) return 'no program in the reply';
  if (row.stage === 'drawn') return 'sampled, not run yet';
  return row.visiblePassed === null
    ? 'examples not run yet'
    : `examples ${row.visiblePassed ? 'pass' : 'fail'}`;
}

/** CodeT's notes as timeline rows. */
export function codetRow(
  n: NoteOf<'codet-tests' | 'codet-program' | 'codet-groups'>
): Pick<TimelineRow, 'kind' | 'title' | 'detail' | 'tone'> {
  switch (n.type) {
    case 'codet-tests':
      return {
        kind: 'program',
        title: 'Generated tests',
        detail: n.message,
        tone: n.kept.length > 0 ? 'neutral' : 'bad'
      };
    case 'codet-program': {
      const passed = n.cells?.filter((c) => c === 'pass').length ?? 0;
      return {
        kind: 'program',
        title: `Program ${n.index}`,
        detail:
          n.cells === null
            ? 'no program in the reply'
            : `passes ${passed} of ${n.cells.length} generated tests (seed ${n.seed})`,
        tone: n.code === null ? 'bad' : 'neutral'
      };
    }
    case 'codet-groups':
      return {
        kind: 'decision',
        title: 'Consensus groups',
        detail: n.groups[0] ? `best: ${describeGroup(n.groups[0])}` : 'no program to group',
        tone: n.winner === null ? 'bad' : 'neutral'
      };
  }
}

/**
 * The timeline row of CodeT's own executions, which run the model's tests rather than the
 * task's: the parse check (how many lines were kept) and a program's run on the generated
 * tests. Null for any other execution (the examples and the hidden tests read as usual).
 */
export function codetExecutionRow(e: ExecuteEvent): TimelineRow | null {
  const parse = e.label === TESTS_PARSE;
  if (!parse && !TESTS_RUN.test(e.label)) return null;
  const ok = e.result.status === 'ok';
  const passed = e.result.tests.filter((t) => t.status === 'pass').length;
  const total = e.result.tests.length;
  const status = !ok
    ? e.result.status === 'timeout'
      ? 'timed out'
      : 'the program did not run'
    : parse
      ? `${passed} of ${total} lines kept`
      : `${passed}/${total} generated tests pass`;
  return {
    seq: e.seq,
    dur: e.dur,
    tokens: null,
    kind: 'execution',
    title: 'Execution',
    detail: `${e.label} — ${status}`,
    tone: parse ? 'neutral' : ok && passed === total ? 'good' : 'bad'
  };
}
