/**
 * Self-Planning (Jiang et al., arXiv 2303.06689): one call for a short plan that says what to
 * do, one call that implements the plan, then one grading. No execution loop. With
 * `withPlan: false` the same technique is the no-plan baseline (a single direct call), so the
 * two can be compared on the same problem.
 */
import { z } from 'zod';
import type { Technique } from '../run/technique';
import { commonParams } from './kit/params';
import { emitOutcome, gradeProgram } from './kit/grading';
import { extractCode, noBlockReason } from '../prompts/extract';
import { firstRequest } from '../prompts/opening-request';
import {
  implementRequest,
  mapStepsToLines,
  parsePlan,
  planRequest
} from '../prompts/self-planning';

export const selfPlanningParams = z
  .object({
    withPlan: z
      .boolean()
      .default(true)
      .describe('plan first; false runs the no-plan baseline (one direct call)'),
    maxSteps: z
      .number()
      .int()
      .min(1)
      .max(12)
      .default(6)
      .describe('most plan steps asked for and kept'),
    temperature: z.number().min(0).max(2).default(0).describe('sampling temperature (greedy: 0)'),
    ...commonParams
  })
  .strict();
type SelfPlanningParams = z.infer<typeof selfPlanningParams>;

export const selfPlanning: Technique<SelfPlanningParams> = {
  id: 'self-planning',
  title: 'Self-Planning: plan, then code',
  citation: {
    authors:
      'Xue Jiang, Yihong Dong, Lecheng Wang, Zheng Fang, Qiwei Shang, Ge Li, Zhi Jin, Wenpin Jiao',
    title: 'Self-planning Code Generation with Large Language Models',
    venue: 'ACM TOSEM',
    year: 2024,
    url: 'https://arxiv.org/abs/2303.06689'
  },
  params: selfPlanningParams,

  async run(problem, params, ctx) {
    const request = { temperature: params.temperature, maxTokens: params.maxTokens };
    let messages = firstRequest(problem);
    let steps: string[] = [];

    if (params.withPlan) {
      const planMessages = planRequest(problem, params.maxSteps);
      const plan = await ctx.model({ ...request, messages: planMessages }, 'write a plan');
      const parsed = parsePlan(plan.text, params.maxSteps);
      steps = parsed.steps;
      ctx.emit({
        type: 'plan',
        steps,
        raw: plan.text,
        parsed: parsed.parsed,
        message: !parsed.parsed
          ? plan.text.trim() === ''
            ? 'The plan is empty; the code is written without one.'
            : 'No numbered steps were found in the plan; it is kept as written and the code is asked for without steps.'
          : `${steps.length} steps` +
            (parsed.capped
              ? ` (the plan had more; only the first ${params.maxSteps} are kept).`
              : '.')
      });
      messages = implementRequest(planMessages, plan.text, steps, problem.language);
    }

    const reply = await ctx.model(
      { ...request, messages },
      params.withPlan ? 'write the code from the plan' : 'write the program (no plan)'
    );
    const code = extractCode(reply.text, problem.language);
    if (code === null) {
      emitOutcome(ctx, problem, null, null, { why: noBlockReason(problem.language) });
      return;
    }
    ctx.emit({ type: 'program', turn: 1, code });
    const ranges = mapStepsToLines(code, steps.length, problem.language);
    if (steps.length > 0) {
      ctx.emit({
        type: 'step-map',
        steps: steps.map((text, i) => ({ step: i + 1, text, ranges: ranges[i] }))
      });
    }
    const grade = await gradeProgram(problem, code, params.timeoutMs, ctx);
    const unmarked = steps.length > 0 && ranges.every((r) => r.length === 0);
    emitOutcome(ctx, problem, code, grade, {
      why: '',
      extra: unmarked ? 'The program marks none of the plan steps.' : ''
    });
  }
};
