/** Direct generation, the baseline: one greedy model call, one program, graded once. */
import { z } from 'zod';
import type { Technique } from '../run/technique';
import { extractCode, noBlockReason } from '../prompts/extract';
import { firstRequest } from '../prompts/opening-request';
import { commonParams } from './kit/params';
import { emitOutcome, gradeProgram } from './kit/grading';

export const directParams = z.object({ ...commonParams }).strict();
type DirectParams = z.infer<typeof directParams>;

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
      emitOutcome(ctx, problem, null, null, { why: noBlockReason(problem.language) });
      return;
    }
    ctx.emit({ type: 'program', turn: 1, code });
    const grade = await gradeProgram(problem, code, params.timeoutMs, ctx);
    emitOutcome(ctx, problem, code, grade, { why: '' });
  }
};
