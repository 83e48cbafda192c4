/**
 * Breadth-first tree search over programs, after CodeTree without its critic (Li et al.,
 * arXiv 2411.04329): one call lists `width` strategies; a program is written for each
 * (depth 1); every program that fails the examples gets `width` refinements that see its
 * code and its failures (depth 2, 3, …). Each level runs in parallel in the sandbox. The
 * search stops at the first program that passes every visible example, at `depth`, or when
 * the budget of model calls is spent; the hidden tests then grade the answer once.
 */
import { z } from 'zod';
import type { Technique } from '../../run/technique';
import {
  ask,
  codeTreeCitation,
  evaluate,
  finish,
  searchParams,
  solvesExamples,
  startSearch,
  writeNode,
  type SearchRun
} from './shared';
import { parseStrategies, programRequest, refineRequest, strategiesRequest } from './prompts';
import type { SearchNode } from './search-tree';

export const bfsParams = z
  .object({
    width: z
      .number()
      .int()
      .min(1)
      .max(4)
      .default(2)
      .describe('strategies at the top, and refinements of each failing program'),
    depth: z
      .number()
      .int()
      .min(1)
      .max(4)
      .default(2)
      .describe('levels of programs: 1 = one per strategy, 2 = plus one round of refinements'),
    ...searchParams
  })
  .strict();
type BfsParams = z.infer<typeof bfsParams>;

/** Call 1: the strategies (an empty parse falls back to `width` programs without one). */
async function strategies(s: SearchRun, width: number): Promise<(string | null)[]> {
  if (!s.budget.take()) return [];
  const reply = await ask(s, strategiesRequest(s.problem, width), `list ${width} strategies`);
  const parsed = parseStrategies(reply.text, width);
  s.ctx.emit({ type: 'tree-strategies', strategies: parsed, used: s.budget.used });
  return parsed.length > 0 ? parsed : Array.from({ length: width }, () => null);
}

export const treeBfs: Technique<BfsParams> = {
  id: 'tree-bfs',
  title: 'Tree search, breadth first (strategies → programs → refinements)',
  citation: codeTreeCitation,
  params: bfsParams,

  async run(problem, params, ctx) {
    const s = startSearch(problem, ctx, 'bfs', params);
    const plan = await strategies(s, params.width);
    const spent = `the budget of ${params.budget} model calls is spent`;

    ctx.emit({ type: 'tree-frontier', depth: 1, expand: [0] });
    let level: SearchNode[] = [];
    for (const [i, strategy] of plan.entries()) {
      const node = await writeNode(
        s,
        0,
        programRequest(problem, strategy),
        strategy,
        `write a program for strategy ${i + 1}`
      );
      if (node) level.push(node);
    }

    for (let depth = 1; ; depth++) {
      await evaluate(s, level);
      const solved = level.find(solvesExamples);
      if (solved) return finish(s, `node ${solved.id} passes every example`);
      if (s.budget.left === 0) return finish(s, spent);
      if (depth >= params.depth) return finish(s, `the depth limit (${params.depth}) is reached`);

      // Refine the failing programs of this level, best first.
      const frontier = level
        .filter((n) => n.code !== null)
        .sort((a, b) => (b.reward ?? 0) - (a.reward ?? 0) || a.id - b.id);
      if (frontier.length === 0) return finish(s, 'no program is left to refine');
      ctx.emit({ type: 'tree-frontier', depth: depth + 1, expand: frontier.map((n) => n.id) });
      const next: SearchNode[] = [];
      grow: for (const parent of frontier) {
        for (let j = 1; j <= params.width; j++) {
          const node = await writeNode(
            s,
            parent.id,
            refineRequest(problem, parent.code ?? '', parent.feedback ?? '', []),
            parent.strategy,
            `refine node ${parent.id} (${j} of ${params.width})`
          );
          if (node === null) break grow;
          next.push(node);
        }
      }
      level = next;
    }
  }
};
