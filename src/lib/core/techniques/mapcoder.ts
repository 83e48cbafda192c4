/**
 * MapCoder (Islam et al., ACL 2024, arXiv 2405.11403): four agents. The recall agent recalls k
 * problems like this one, with the plans that solved them, from the model's own memory (there
 * is no database); the planning agent writes plans for this problem, each with a confidence;
 * the plans are tried most confident first. For each plan the coding agent writes the code and
 * the sandbox runs it on the task's examples; while it fails them, the debugging agent repairs
 * it, up to t rounds. A plan whose code still fails after t rounds is dropped for the next one
 * (plan backtracking). The loop stops at the first program that passes the examples, or when
 * the plans run out, answering with the last program. The hidden tests grade it once.
 *
 * Every model call's label starts with the agent at work ("coding agent: …"), which is how the
 * role-lanes view tells who is working; the runs of the examples belong to nobody.
 */
import { z } from 'zod';
import type { Technique } from '../run/technique';
import type { ExecResult } from '../run/effects';
import type { Problem } from '../problems/problem';
import type { RunContext } from '../run/context';
import { commonParams } from './kit/params';
import { emitOutcome, hiddenPassCount, passedAll, runSuite } from './kit/grading';
import { extractCode, noBlockReason } from '../prompts/extract';
import {
  codingRequest,
  debuggingRequest,
  parsePlans,
  parseRecall,
  planningRequest,
  recallRequest,
  tryOrder,
  type RecalledProblem,
  type WrittenPlan
} from '../prompts/mapcoder';
import { failureReport } from '../prompts/self-debug';
import { plural } from '../text';

/** The four agents, by the names their effect labels start with. */
export const RECALLER = 'recall agent';
export const PLANNER = 'planning agent';
export const CODER = 'coding agent';
export const DEBUGGER = 'debugging agent';

/** Effect labels (the views read the plan and round from them). */
export const recallLabel = (k: number) => `${RECALLER}: recall ${plural(k, 'similar problem')}`;
export const planLabel = (n: number) => `${PLANNER}: write ${plural(n, 'plan')}`;
export const codeLabel = (plan: number) => `${CODER}: write the code (plan ${plan})`;
export const debugLabel = (plan: number, round: number) =>
  `${DEBUGGER}: repair the code (plan ${plan}, round ${round})`;
export const examplesLabel = (plan: number, round: number) =>
  `run the examples (plan ${plan}, ${round === 0 ? 'first code' : `debug round ${round}`})`;
/** The plan a coding or debugging call works on: group 1 of a coding label, 2 of a debugging one. */
export const PLAN_CALL =
  /^(?:coding agent: write the code \(plan (\d+)\)|debugging agent: repair the code \(plan (\d+), round \d+\))$/;

export const mapcoderParams = z
  .object({
    recalled: z
      .number()
      .int()
      .min(1)
      .max(5)
      .default(1)
      .describe('similar problems the recall agent is asked for (k)'),
    plans: z.number().int().min(1).max(5).default(2).describe('plans the planning agent writes'),
    debugRounds: z
      .number()
      .int()
      .min(0)
      .max(5)
      .default(2)
      .describe('repairs per plan while its code fails the examples (t)'),
    temperature: z.number().min(0).max(2).default(0).describe('sampling temperature (greedy: 0)'),
    ...commonParams
  })
  .strict();
type MapcoderParams = z.infer<typeof mapcoderParams>;

/** The recall agent's turn: the similar problems it recalled, handed to the planner. */
async function recall(
  problem: Problem,
  params: MapcoderParams,
  ctx: RunContext
): Promise<RecalledProblem[]> {
  const k = params.recalled;
  const reply = await ctx.model(
    {
      messages: recallRequest(problem, k),
      temperature: params.temperature,
      maxTokens: params.maxTokens
    },
    recallLabel(k)
  );
  const { problems, unparsed } = parseRecall(reply.text, k);
  const message =
    `${problems.length} of ${k} recalled ${problems.length === 1 ? 'problem' : 'problems'} read` +
    (unparsed.length > 0
      ? `; ${plural(unparsed.length, 'part')} of the reply could not be read.`
      : '.');
  ctx.emit({ type: 'mapcoder-recall', problems, unparsed, message });
  ctx.emit({
    type: 'agent-message',
    from: RECALLER,
    to: PLANNER,
    summary: problems.length > 0 ? plural(problems.length, 'similar problem') : 'nothing usable',
    text: problems.map((p) => `${p.description}\n${p.steps.join('\n')}`).join('\n\n') || reply.text
  });
  return problems;
}

/** The planning agent's turn: the plans, and the order they will be tried in. */
async function plan(
  problem: Problem,
  recalled: RecalledProblem[],
  params: MapcoderParams,
  ctx: RunContext
): Promise<WrittenPlan[]> {
  const n = params.plans;
  const reply = await ctx.model(
    {
      messages: planningRequest(problem, recalled, n),
      temperature: params.temperature,
      maxTokens: params.maxTokens
    },
    planLabel(n)
  );
  const parsed = parsePlans(reply.text, n);
  // No plan could be read: the code is still asked for, without one.
  const plans =
    parsed.plans.length > 0 ? parsed.plans : [{ index: 1, steps: [], confidence: null }];
  const order = tryOrder(plans);
  const message =
    parsed.plans.length === 0
      ? 'No plan could be read; the code is written without one.'
      : `${plural(parsed.plans.length, 'plan')} read (${n} asked for), tried in the order ` +
        `${order.join(', ')}` +
        (parsed.unparsed.length > 0
          ? `; ${plural(parsed.unparsed.length, 'part')} of the reply could not be read.`
          : '.');
  ctx.emit({ type: 'mapcoder-plans', plans, order, unparsed: parsed.unparsed, message });
  ctx.emit({
    type: 'agent-message',
    from: PLANNER,
    to: CODER,
    summary: parsed.plans.length > 0 ? plural(parsed.plans.length, 'plan') : 'no plan',
    text:
      plans
        .map(
          (p) => `Plan ${p.index} (confidence ${p.confidence ?? 'none'}):\n${p.steps.join('\n')}`
        )
        .join('\n\n') || reply.text
  });
  return order.map((i) => plans[i - 1]);
}

export const mapcoder: Technique<MapcoderParams> = {
  id: 'mapcoder',
  title: 'MapCoder: recall, plan, code, debug',
  citation: {
    authors: 'Md. Ashraful Islam, Mohammed Eunus Ali, Md Rizwan Parvez',
    title: 'MapCoder: Multi-Agent Code Generation for Competitive Problem Solving',
    venue: 'ACL',
    year: 2024,
    url: 'https://arxiv.org/abs/2405.11403'
  },
  params: mapcoderParams,

  async run(problem, params, ctx) {
    ctx.emit({
      type: 'agents',
      agents: [
        { id: RECALLER, kind: 'model', role: 'recalls similar problems and their plans' },
        { id: PLANNER, kind: 'model', role: 'writes plans, each with a confidence' },
        { id: CODER, kind: 'model', role: 'writes the code for a plan, runs the examples' },
        { id: DEBUGGER, kind: 'model', role: 'repairs code that fails the examples' }
      ]
    });
    const recalled = await recall(problem, params, ctx);
    const plans = await plan(problem, recalled, params, ctx);

    const request = { temperature: params.temperature, maxTokens: params.maxTokens };
    let code: string | null = null;
    let last: ExecResult | null = null;
    let programs = 0;
    let decisions = 0;
    let stopReason = '';
    const decide = (action: 'continue' | 'stop', reason: string) => {
      if (action === 'stop') stopReason = reason;
      ctx.emit({ type: 'decision', turn: ++decisions, action, reason });
    };
    /** Runs a plan's code on the examples and notes how it did. */
    const runExamples = async (p: WrittenPlan, round: number, next: string) => {
      ctx.emit({ type: 'program', turn: ++programs, code: next });
      const label = examplesLabel(p.index, round);
      const result = await runSuite(problem, next, 'visible', params.timeoutMs, ctx, label);
      const passed = result.tests.filter((t) => t.status === 'pass').length;
      ctx.emit({
        type: 'mapcoder-attempt',
        plan: p.index,
        round,
        status: result.status === 'ok' ? 'ran' : result.status,
        passed,
        total: result.tests.length
      });
      return result;
    };
    /** A reply without a code block: nothing ran. */
    const noCodeAttempt = (p: WrittenPlan, round: number) =>
      ctx.emit({
        type: 'mapcoder-attempt',
        plan: p.index,
        round,
        status: 'no-code',
        passed: 0,
        total: 0
      });

    plans: for (const [rank, p] of plans.entries()) {
      const lastPlan = rank === plans.length - 1;
      const reply = await ctx.model(
        { ...request, messages: codingRequest(problem, p.steps) },
        codeLabel(p.index)
      );
      const first = extractCode(reply.text, problem.language);
      if (first === null) {
        noCodeAttempt(p, 0);
        ctx.emit({
          type: 'agent-message',
          from: CODER,
          to: null,
          summary: 'no code',
          text: reply.text
        });
        if (!lastPlan)
          decide(
            'continue',
            `plan ${p.index} gave no code (${noBlockReason(problem.language)}); go to the next plan`
          );
        continue;
      }
      code = first;
      let result = await runExamples(p, 0, first);
      last = result;
      let noCode = false; // the last repair had no code block: the code before it still fails
      for (let round = 1; ; round++) {
        const from = round === 1 ? CODER : DEBUGGER;
        if (passedAll(result)) {
          const text = `All ${plural(result.tests.length, 'example')} pass.`;
          ctx.emit({ type: 'agent-message', from, to: null, summary: 'passes the examples', text });
          decide('stop', `plan ${p.index}'s code passes the examples`);
          break plans;
        }
        const report = failureReport(problem, result);
        const failed = result.tests.filter((t) => t.status !== 'pass').length;
        const summary = noCode
          ? 'no code: the last code still fails'
          : result.status === 'ok'
            ? `${failed} of ${plural(result.tests.length, 'example')} fail`
            : 'the code did not run';
        if (round > params.debugRounds) {
          ctx.emit({
            type: 'agent-message',
            from,
            to: lastPlan ? null : CODER,
            summary,
            text: report
          });
          if (!lastPlan)
            decide(
              'continue',
              `plan ${p.index} still fails after ${plural(params.debugRounds, 'debug round')}; go to the next plan`
            );
          break;
        }
        ctx.emit({ type: 'agent-message', from, to: DEBUGGER, summary, text: report });
        decide(
          'continue',
          `debug plan ${p.index}'s code (round ${round} of ${params.debugRounds})`
        );
        const fix = await ctx.model(
          { ...request, messages: debuggingRequest(problem, p.steps, code, result) },
          debugLabel(p.index, round)
        );
        const next = extractCode(fix.text, problem.language);
        if (next === null) {
          noCodeAttempt(p, round);
          noCode = true;
          continue;
        }
        noCode = false;
        code = next;
        result = await runExamples(p, round, next);
        last = result;
      }
    }
    if (stopReason === '') decide('stop', 'the plans ran out: no code passed the examples');

    const final = code as string | null;
    const ran = last as ExecResult | null;
    if (final === null) {
      emitOutcome(ctx, problem, null, null, { why: noBlockReason(problem.language) });
      return;
    }
    const hiddenPassed = await hiddenPassCount(
      problem,
      final,
      params.timeoutMs,
      ctx,
      'grade the program with the hidden tests'
    );
    emitOutcome(
      ctx,
      problem,
      final,
      {
        visiblePassed: ran !== null && passedAll(ran),
        hiddenPassed,
        hiddenTotal: problem.hiddenTests.length
      },
      { why: stopReason, extra: `Stopped because ${stopReason}.` }
    );
  }
};
