/**
 * Direct generation, the baseline: one greedy model call, one program, graded once. Also the
 * home of the grading helpers the other techniques of this family share (run the visible
 * examples, then the hidden tests, and say so in an `outcome` note).
 */
import { z } from 'zod';
import type { Technique } from '../run/technique';
import type { ChatMessage, ChatResult, ExecResult } from '../run/effects';
import type { Problem } from '../problems/problem';
import type { RunContext } from '../run/context';
import { extractCode, noBlockReason } from '../prompts/extract';
import { firstRequest } from '../prompts/self-debug';

/** Reply length and time limit: the knobs every technique of this family shares. */
export const commonParams = {
  maxTokens: z.number().int().min(64).max(8192).default(1024).describe('reply length limit'),
  timeoutMs: z
    .number()
    .int()
    .min(100)
    .max(60_000)
    .default(5_000)
    .describe('time limit of one execution')
};

export const directParams = z.object({ ...commonParams }).strict();
export type DirectParams = z.infer<typeof directParams>;

/**
 * One model call with its own seed, drawn from the run's seeded random, so each call of a
 * sampling or search technique is reproducible on its own. Returns the seed with the reply.
 */
export async function seededCall(
  ctx: RunContext,
  messages: ChatMessage[],
  sampling: { temperature: number; maxTokens: number },
  label: string
): Promise<{ seed: number; reply: ChatResult }> {
  const seed = Math.floor(ctx.random() * 2 ** 31);
  const reply = await ctx.model({ messages, ...sampling, seed }, label);
  return { seed, reply };
}

/** How a program did on the visible examples and on the hidden tests. */
export interface Grade {
  visiblePassed: boolean;
  hiddenPassed: number;
  hiddenTotal: number;
}

/** True when the program loaded and every test in the result passed. */
export const passedAll = (r: ExecResult): boolean =>
  r.status === 'ok' && r.tests.length > 0 && r.tests.every((t) => t.status === 'pass');

/**
 * Runs a program on the visible examples, then grades it with the hidden tests. The examples
 * are run too (they are no secret: the prompt shows them) so the outcome can tell "passes the
 * examples" from "is right". Only the pass counts come back; the model never sees the hidden
 * results.
 */
export async function gradeProgram(
  problem: Problem,
  code: string,
  timeoutMs: number,
  ctx: RunContext,
  what = 'the program'
): Promise<Grade> {
  const base = { language: problem.language, code, entryPoint: problem.entryPoint, timeoutMs };
  const visible = await ctx.execute(
    { ...base, tests: problem.visibleTests, suite: 'visible' },
    `run the examples on ${what}`
  );
  const hidden = await ctx.execute(
    { ...base, tests: problem.hiddenTests, suite: 'hidden' },
    `grade ${what} with the hidden tests`
  );
  return {
    visiblePassed: passedAll(visible),
    hiddenPassed: hidden.tests.filter((t) => t.status === 'pass').length,
    hiddenTotal: problem.hiddenTests.length
  };
}

/**
 * Emits the closing `outcome` note for a single final program (or none), in the same shape as
 * self-debugging's. `why` starts the message when there is no program.
 */
export function emitOutcome(
  ctx: RunContext,
  problem: Problem,
  code: string | null,
  grade: Grade | null,
  why: string,
  extra = ''
): void {
  const total = problem.hiddenTests.length;
  const solved = code !== null && grade !== null && grade.hiddenPassed === total;
  const tail = extra ? ` ${extra}` : '';
  ctx.emit({
    type: 'outcome',
    status: solved ? 'solved' : 'unsolved',
    code,
    visiblePassed: grade?.visiblePassed ?? false,
    hiddenPassed: grade?.hiddenPassed ?? 0,
    hiddenTotal: total,
    message:
      (code === null || grade === null
        ? `No program was produced: ${why}.`
        : solved
          ? 'All hidden tests pass.'
          : grade.visiblePassed
            ? `Passed its examples but not the hidden tests (${grade.hiddenPassed}/${total}): examples are not a proof.`
            : `${grade.hiddenPassed}/${total} hidden tests pass.`) + tail
  });
}

export const direct: Technique<DirectParams> = {
  id: 'direct',
  title: 'Direct generation',
  citation: {
    authors: 'Mark Chen, Jerry Tworek, Heewoo Jun, Qiming Yuan, et al.',
    title: 'Evaluating Large Language Models Trained on Code',
    venue: 'arXiv',
    year: 2021,
    url: 'https://arxiv.org/abs/2107.03374'
  },
  params: directParams,

  async run(problem, params, ctx) {
    // Greedy (temperature 0): the one answer the model finds most likely.
    const reply = await ctx.model(
      { messages: firstRequest(problem), temperature: 0, maxTokens: params.maxTokens },
      'write the program'
    );
    const code = extractCode(reply.text, problem.language);
    if (code === null) {
      emitOutcome(ctx, problem, null, null, noBlockReason(problem.language));
      return;
    }
    ctx.emit({ type: 'program', turn: 1, code });
    const grade = await gradeProgram(problem, code, params.timeoutMs, ctx);
    emitOutcome(ctx, problem, code, grade, '');
  }
};
