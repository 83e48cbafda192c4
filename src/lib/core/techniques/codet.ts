/**
 * CodeT (Chen et al., "CodeT: Code Generation with Generated Tests", ICLR 2023): pick one of
 * many sampled programs without the hidden tests, by letting model-written tests vote. The
 * model writes m tests (asserts; a line that is not one is dropped, with the reason) and n
 * programs, in separate conversations; every program runs on every kept test in the sandbox;
 * programs that pass exactly the same tests form a consensus group, scored
 * (programs in it) × (tests they pass) — the paper's dual execution agreement; a program of
 * the best group is the answer, and the hidden tests grade it once.
 *
 * Ties are broken without chance, so a replay or a fork chooses the same: among groups of equal
 * score, the one passing more tests wins (the tests agree with it on more points), then the one
 * whose first program was sampled first; within the group, its first program is the answer.
 *
 * Each program also runs on the task's examples. CodeT does not use them to choose; they give
 * "pick by the examples" (what sampling does: the first program that passes them), which the
 * view sets beside CodeT's choice.
 */
import { z } from 'zod';
import type { Technique } from '../run/technique';
import type { Cell } from '../run/notes/codet';
import type { ExecResult } from '../run/effects';
import type { Problem } from '../problems/problem';
import type { RunContext } from '../run/context';
import { commonParams } from './kit/params';
import { emitOutcome, hiddenPassCount, passedAll, runSuite } from './kit/grading';
import { seededCall } from './kit/model-call';
import { parseAssertTests } from './kit/assert-tests';
import { extractCode } from '../prompts/extract';
import { firstRequest } from '../prompts/opening-request';
import { testsRequest } from '../prompts/codet';
import { asSelfTestCases, type SelfTestCandidate } from '../prompts/reflexion';
import { requirePython } from '../problems/languages';

/** The label of the model call that writes the tests. */
export const TESTS_CALL = 'write the tests';
/** The label of the sandbox run that decides which test lines are kept. */
export const TESTS_PARSE = 'check which tests parse (pass = kept)';
/** Labels of one program's call and runs (the views read the program number from them). */
export const PROGRAM_CALL = /^program (\d+) of (\d+)$/;
export const TESTS_RUN = /^run the tests on program (\d+)$/;
export const EXAMPLES_RUN = /^run the examples on program (\d+)$/;

export const codetParams = z
  .object({
    n: z.number().int().min(1).max(10).default(4).describe('how many programs to sample'),
    m: z
      .number()
      .int()
      .min(1)
      .max(20)
      .default(6)
      .describe('tests asked for; at most this many are kept'),
    temperature: z
      .number()
      .min(0)
      .max(2)
      .default(0.8)
      .describe('sampling temperature of every call: higher gives more varied programs and tests'),
    ...commonParams
  })
  .strict();
type CodetParams = z.infer<typeof codetParams>;

/** A program's row: its number and its cells (null when the reply had no program). */
export interface Row {
  index: number;
  cells: Cell[] | null;
}

/** Programs that pass exactly the same kept tests. */
export interface ConsensusGroup {
  /** 1-based program numbers, in sampling order */
  programs: number[];
  /** 1-based kept tests they pass */
  passed: number[];
  /** programs × tests passed */
  score: number;
}

/**
 * The consensus groups of the rows with a program, best first (score, then tests passed, then
 * the first program's number). A program whose code did not load passes nothing: it joins the
 * group of programs that pass no test.
 */
export function consensusGroups(rows: readonly Row[]): ConsensusGroup[] {
  const byKey = new Map<string, ConsensusGroup>();
  for (const row of rows) {
    if (row.cells === null) continue;
    const passed = row.cells.flatMap((c, i) => (c === 'pass' ? [i + 1] : []));
    const key = passed.join(',');
    const group = byKey.get(key) ?? { programs: [], passed, score: 0 };
    group.programs.push(row.index);
    group.score = group.programs.length * passed.length;
    byKey.set(key, group);
  }
  return [...byKey.values()].sort(
    (a, b) =>
      b.score - a.score || b.passed.length - a.passed.length || a.programs[0] - b.programs[0]
  );
}

/** A group in words: "programs 1 and 3, passing tests 1, 2, 4: 2 × 3 = 6". */
export function describeGroup(g: ConsensusGroup): string {
  const who =
    g.programs.length === 1
      ? `program ${g.programs[0]}`
      : `programs ${g.programs.slice(0, -1).join(', ')} and ${g.programs.at(-1)}`;
  const what =
    g.passed.length === 0
      ? 'no test'
      : `${g.passed.length === 1 ? 'test' : 'tests'} ${g.passed.join(', ')}`;
  return `${who}, passing ${what}: ${g.programs.length} × ${g.passed.length} = ${g.score}`;
}

/** The cells of a run of the kept tests: an outcome each, or every test as the load failed. */
export function cellsOf(result: ExecResult, count: number): Cell[] {
  if (result.status === 'error') return Array.from({ length: count }, () => 'error');
  return Array.from({ length: count }, (_, i) => {
    const status = result.tests[i]?.status;
    return status === 'pass' || status === 'fail' || status === 'error' || status === 'timeout'
      ? status
      : 'not-run';
  });
}

/** Asks for the tests and keeps the asserts; notes what was kept and dropped. */
async function writeTests(problem: Problem, params: CodetParams, ctx: RunContext) {
  const { reply } = await seededCall(
    ctx,
    testsRequest(problem, params.m),
    { temperature: params.temperature, maxTokens: params.maxTokens },
    TESTS_CALL
  );
  const options = { limit: params.m, noun: 'tests', timeoutMs: params.timeoutMs };
  const parsed = await parseAssertTests(
    problem,
    reply.text,
    { ...options, label: TESTS_PARSE, unique: true },
    ctx
  );
  const { candidates, kept, dropped } = parsed;
  ctx.emit({
    type: 'codet-tests',
    kept,
    dropped,
    message:
      candidates === 0
        ? 'The reply had no test lines: every program will tie.'
        : `${kept.length} of ${candidates} lines kept as tests` +
          (dropped.length > 0 ? `; ${dropped.length} dropped.` : '.')
  });
  return kept;
}

/** Samples program `index`, runs it on the kept tests and on the examples, and notes its row. */
async function drawProgram(
  problem: Problem,
  params: CodetParams,
  kept: SelfTestCandidate[],
  ctx: RunContext,
  index: number
): Promise<{ row: Row; code: string | null; visiblePassed: boolean | null }> {
  const { seed, reply } = await seededCall(
    ctx,
    firstRequest(problem),
    { temperature: params.temperature, maxTokens: params.maxTokens },
    `program ${index} of ${params.n}`
  );
  const code = extractCode(reply.text, problem.language);
  let cells: Cell[] | null = null;
  let visiblePassed: boolean | null = null;
  if (code !== null) {
    cells = [];
    if (kept.length > 0) {
      const run = await ctx.execute(
        {
          language: 'python',
          code,
          entryPoint: problem.entryPoint,
          tests: asSelfTestCases(kept, problem.entryPoint),
          timeoutMs: params.timeoutMs,
          suite: 'visible'
        },
        `run the tests on program ${index}`
      );
      cells = cellsOf(run, kept.length);
    }
    const examples = await runSuite(
      problem,
      code,
      'visible',
      params.timeoutMs,
      ctx,
      `run the examples on program ${index}`
    );
    visiblePassed = passedAll(examples);
  }
  ctx.emit({ type: 'codet-program', index, seed, code, cells, visiblePassed });
  return { row: { index, cells }, code, visiblePassed };
}

export const codet: Technique<CodetParams> = {
  id: 'codet',
  title: 'CodeT: generated tests vote for programs',
  citation: {
    authors:
      'Bei Chen, Fengji Zhang, Anh Nguyen, Daoguang Zan, Zeqi Lin, Jian-Guang Lou, Weizhu Chen',
    title: 'CodeT: Code Generation with Generated Tests',
    venue: 'ICLR',
    year: 2023,
    url: 'https://arxiv.org/abs/2207.10397'
  },
  params: codetParams,

  async run(problem, params, ctx) {
    requirePython(problem.language, 'CodeT', 'its model-written tests are Python asserts');
    const kept = await writeTests(problem, params, ctx);
    const drawn = [];
    // One at a time, so stepping fills the matrix a row at a time.
    for (let i = 1; i <= params.n; i++)
      drawn.push(await drawProgram(problem, params, kept, ctx, i));

    const groups = consensusGroups(drawn.map((d) => d.row));
    const best = groups[0];
    const winner = best ? drawn[best.programs[0] - 1] : null;
    const byExamples = drawn.find((d) => d.visiblePassed)?.row.index ?? null;
    const reason =
      best === undefined
        ? 'no reply had a program'
        : kept.length === 0
          ? `no test was kept, so every program ties; program ${best.programs[0]} is the first`
          : `the best group is ${describeGroup(best)}`;
    const examples =
      byExamples === null
        ? 'No program passes the examples.'
        : `Picking by the examples would take program ${byExamples}` +
          (byExamples === winner?.row.index ? ', the same one.' : '.');
    ctx.emit({
      type: 'codet-groups',
      groups,
      winner: winner?.row.index ?? null,
      byExamples,
      message: best ? `${reason[0].toUpperCase()}${reason.slice(1)}. ${examples}` : reason
    });
    ctx.emit({ type: 'decision', turn: params.n, action: 'stop', reason });

    if (!winner || winner.code === null) {
      emitOutcome(ctx, problem, null, null, { why: reason });
      return;
    }
    const hiddenPassed = await hiddenPassCount(
      problem,
      winner.code,
      params.timeoutMs,
      ctx,
      `grade program ${winner.row.index} with the hidden tests`
    );
    const grade = {
      visiblePassed: winner.visiblePassed === true,
      hiddenPassed,
      hiddenTotal: problem.hiddenTests.length
    };
    emitOutcome(ctx, problem, winner.code, grade, {
      why: reason,
      extra: `CodeT chose program ${winner.row.index}: ${reason}. ${examples}`
    });
  }
};
