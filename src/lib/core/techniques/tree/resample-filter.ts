/**
 * Resample and filter, the baseline beside the tree searches: the same first prompt sampled
 * again and again (a fresh seed each time) until a program passes every visible example or
 * the budget of model calls is spent. It reads no feedback at all, so it shows what a tree's
 * feedback buys; it runs here on the same budget as BFS and MCTS so the comparison is fair.
 */
import { z } from 'zod';
import type { Technique } from '../../run/technique';
import {
  codeTreeCitation,
  evaluate,
  finish,
  searchParams,
  solvesExamples,
  startSearch,
  writeNode
} from './shared';
import { firstRequest } from '../../prompts/opening-request';

export const resampleParams = z.object({ ...searchParams }).strict();
type ResampleParams = z.infer<typeof resampleParams>;

export const resampleFilter: Technique<ResampleParams> = {
  id: 'resample-filter',
  title: 'Resample and filter by the examples',
  citation: codeTreeCitation,
  params: resampleParams,

  async run(problem, params, ctx) {
    const s = startSearch(problem, ctx, 'resample', params);
    for (let i = 1; i <= params.budget; i++) {
      const node = await writeNode(s, 0, firstRequest(problem), null, `sample ${i}`);
      if (node === null) break;
      await evaluate(s, [node]);
      if (solvesExamples(node)) {
        await finish(s, `sample ${i} passes every example`);
        return;
      }
    }
    await finish(s, `the budget of ${params.budget} model calls is spent`);
  }
};
