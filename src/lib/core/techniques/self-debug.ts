/**
 * Self-debugging with unit-test feedback (Chen, Lin, Schärli, Zhou, ICLR 2024): generate,
 * run the visible examples, feed the failures back, ask for a fix; stop when the examples
 * pass, when the model declares the code correct, or at the turn cap. The hidden tests then
 * grade the final program once; they never reach the model.
 */
import { z } from 'zod';
import type { Technique } from '../run/technique';
import { commonParams } from './kit/params';
import { emitOutcome, hiddenPassCount, passedAll, runSuite } from './kit/grading';
import type { ChatMessage, ExecResult } from '../run/effects';
import type { Problem } from '../problems/problem';
import type { RunContext } from '../run/context';
import { declaresCorrect, extractCode } from '../prompts/extract';
import { firstRequest } from '../prompts/opening-request';
import {
  explanationFeedback,
  noCodeFeedback,
  simpleFeedback,
  traceFeedback,
  unitTestFeedback
} from '../prompts/self-debug';
import { summarizeTrace } from '../prompts/trace-summary';
import { TurnBudget, budgetParams } from './turn-budget';

export const selfDebugParams = z
  .object({
    maxTurns: z
      .number()
      .int()
      .min(1)
      .max(10)
      .default(4)
      .describe('turn cap: model calls allowed, the first one included'),
    feedback: z
      .enum(['simple', 'unit-test', 'explanation', 'trace'])
      .default('unit-test')
      .describe(
        'what the model is told after a failure: only that it is wrong (simple); the failing ' +
          'examples (unit-test); those plus a request to explain the code line by line first ' +
          '(explanation); those plus a real line trace of the first failing example (trace)'
      ),
    temperature: z.number().min(0).max(2).default(0).describe('sampling temperature (greedy: 0)'),
    ...budgetParams,
    ...commonParams
  })
  .strict();
export type SelfDebugParams = z.infer<typeof selfDebugParams>;

/** Steps recorded when tracing a failing example for the model (kept small: it goes in the log). */
const TRACE_STEPS = 200;

/** The feedback of the chosen kind. Trace feedback runs the first failing example again, traced. */
async function feedbackFor(
  problem: Problem,
  code: string,
  result: ExecResult,
  params: SelfDebugParams,
  ctx: RunContext,
  turn: number
): Promise<string> {
  switch (params.feedback) {
    case 'simple':
      return simpleFeedback();
    case 'explanation':
      return explanationFeedback(problem, result);
    case 'unit-test':
      return unitTestFeedback(problem, result);
    case 'trace': {
      const failing = result.tests.findIndex((t) => t.status !== 'pass');
      if (result.status === 'error' || failing < 0) return unitTestFeedback(problem, result);
      const traced = await ctx.execute(
        {
          language: problem.language,
          code,
          entryPoint: problem.entryPoint,
          tests: [problem.visibleTests[failing]],
          timeoutMs: params.timeoutMs,
          suite: 'visible',
          trace: { test: 0, maxSteps: TRACE_STEPS }
        },
        `trace the failing example (turn ${turn})`
      );
      if (!traced.trace || traced.trace.steps.length === 0)
        return unitTestFeedback(problem, result);
      const call = `${problem.entryPoint}(${problem.visibleTests[failing].input})`;
      return traceFeedback(problem, result, call, summarizeTrace(traced.trace));
    }
  }
}

export const selfDebug: Technique<SelfDebugParams> = {
  id: 'self-debug',
  title: 'Self-debugging with unit-test feedback',
  citation: {
    authors: 'Xinyun Chen, Maxwell Lin, Nathanael Schärli, Denny Zhou',
    title: 'Teaching Large Language Models to Self-Debug',
    venue: 'ICLR',
    year: 2024,
    url: 'https://arxiv.org/abs/2304.05128'
  },
  params: selfDebugParams,

  async run(problem, params, ctx) {
    const messages: ChatMessage[] = firstRequest(problem);
    let code: string | null = null;
    let visiblePassed = false;
    let stopReason = '';
    const budget = new TurnBudget(params, params.maxTurns, 'turn', ctx);

    for (let turn = 1; ; turn++) {
      const reply = await ctx.model(
        { messages: [...messages], temperature: params.temperature, maxTokens: params.maxTokens },
        turn === 1 ? 'write the first program' : `fix the program (turn ${turn})`
      );
      messages.push({ role: 'assistant', content: reply.text });
      budget.consider(reply.text, turn);

      const next = extractCode(reply.text, problem.language);
      let result: ExecResult | null = null;
      if (next === null && code !== null && declaresCorrect(reply.text, problem.language)) {
        stopReason = 'the model says the code is correct';
        ctx.emit({ type: 'decision', turn, action: 'stop', reason: stopReason });
        break;
      }
      if (next !== null) {
        code = next;
        ctx.emit({ type: 'program', turn, code });
        result = await runSuite(
          problem,
          code,
          'visible',
          params.timeoutMs,
          ctx,
          `run the examples (turn ${turn})`
        );
        visiblePassed = passedAll(result);
        if (visiblePassed) {
          stopReason = 'all visible examples pass';
          ctx.emit({ type: 'decision', turn, action: 'stop', reason: stopReason });
          break;
        }
      }
      if (budget.spentAt(turn)) {
        stopReason = budget.stopReason();
        ctx.emit({ type: 'decision', turn, action: 'stop', reason: stopReason });
        break;
      }
      const feedback =
        (result === null || code === null
          ? noCodeFeedback(problem.language)
          : await feedbackFor(problem, code, result, params, ctx, turn)) +
        '\n' +
        budget.reminder(turn);
      ctx.emit({ type: 'feedback', turn, text: feedback });
      ctx.emit({ type: 'decision', turn, action: 'continue', reason: 'ask the model for a fix' });
      messages.push({ role: 'user', content: feedback });
    }

    // Only the hidden tests run here: the loop has already run the examples on this program.
    const grade =
      code === null
        ? null
        : {
            visiblePassed,
            hiddenPassed: await hiddenPassCount(
              problem,
              code,
              params.timeoutMs,
              ctx,
              'grade with the hidden tests'
            ),
            hiddenTotal: problem.hiddenTests.length
          };
    emitOutcome(ctx, problem, code, grade, { why: stopReason, stopped: true });
  }
};
