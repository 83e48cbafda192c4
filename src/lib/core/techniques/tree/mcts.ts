/**
 * Monte Carlo tree search over programs, after LATS (Zhou et al., ICML 2024, arXiv
 * 2310.04406). Each iteration:
 *
 * 1. select — from the root, follow the child with the highest UCT = V/N + w·√(ln N_p / N);
 * 2. expand — the selected node gets `children` new programs, written from its code, its
 *    failures on the examples and the reflections on its path (from the root: from scratch);
 * 3. evaluate — the children run on the visible examples (in parallel); reward = share passed;
 * 4. reflect — each failing child gets a short reflection, fed to expansions below it;
 * 5. backup — each child's reward adds one visit and the reward to every node up to the root.
 *
 * It stops at the first program that passes every visible example, after `iterations`, or
 * when the budget is spent. The answer is the best node by visible reward. LATS's own code
 * stops early by peeking at the hidden tests; this search never does: only the answer is
 * graded with them.
 */
import { z } from 'zod';
import type { Technique } from '../../run/technique';
import {
  ask,
  evaluate,
  finish,
  searchParams,
  solvesExamples,
  startSearch,
  writeNode,
  type SearchRun
} from './shared';
import { programRequest, reflectRequest, refineRequest } from './prompts';
import { tidyReflection } from '../../prompts/reflexion';
import type { SearchNode } from './search-tree';

export const mctsParams = z
  .object({
    iterations: z
      .number()
      .int()
      .min(1)
      .max(10)
      .default(3)
      .describe('select–expand–evaluate–reflect–backup rounds at most'),
    children: z
      .number()
      .int()
      .min(1)
      .max(5)
      .default(2)
      .describe('programs written at each expansion'),
    weight: z
      .number()
      .min(0)
      .max(4)
      .default(1)
      .describe('exploration weight w in UCT: higher tries less-visited nodes more'),
    ...searchParams,
    budget: searchParams.budget.default(12)
  })
  .strict();
type MctsParams = z.infer<typeof mctsParams>;

async function expand(s: SearchRun, leaf: SearchNode, n: number): Promise<SearchNode[]> {
  const messages =
    leaf.id === 0 || leaf.code === null
      ? programRequest(s.problem, null)
      : refineRequest(s.problem, leaf.code, leaf.feedback ?? '', s.tree.reflections(leaf.id));
  const kids: SearchNode[] = [];
  for (let j = 1; j <= n; j++) {
    const node = await writeNode(
      s,
      leaf.id,
      messages,
      null,
      `expand node ${leaf.id} (${j} of ${n})`
    );
    if (node === null) break;
    kids.push(node);
  }
  return kids;
}

async function reflect(s: SearchRun, kids: SearchNode[]): Promise<void> {
  for (const kid of kids) {
    if (kid.code === null || solvesExamples(kid) || !s.budget.take()) continue;
    const reply = await ask(
      s,
      reflectRequest(s.problem, kid.code, kid.feedback ?? ''),
      `reflect on node ${kid.id}`
    );
    const text = tidyReflection(reply.text);
    kid.reflection = text === '' ? null : text;
    s.ctx.emit({
      type: 'tree-reflect',
      id: kid.id,
      text: text || 'The model wrote no reflection.',
      used: s.budget.used
    });
  }
}

function backup(s: SearchRun, iteration: number, kids: SearchNode[]): void {
  const updates = new Map<number, { id: number; visits: number; value: number }>();
  for (const kid of kids)
    for (const u of s.tree.backup(kid.id, kid.reward ?? 0)) updates.set(u.id, u);
  s.ctx.emit({
    type: 'tree-backup',
    iteration,
    updates: [...updates.values()].sort((a, b) => a.id - b.id)
  });
}

export const treeMcts: Technique<MctsParams> = {
  id: 'tree-mcts',
  title: 'Tree search, Monte Carlo (LATS)',
  citation: {
    authors: 'Andy Zhou, Kai Yan, Michal Shlapentokh-Rothman, Haohan Wang, Yu-Xiong Wang',
    title: 'Language Agent Tree Search Unifies Reasoning, Acting, and Planning in Language Models',
    venue: 'ICML',
    year: 2024,
    url: 'https://arxiv.org/abs/2310.04406'
  },
  params: mctsParams,

  async run(problem, params, ctx) {
    const s = startSearch(problem, ctx, 'mcts', params);
    const spent = `the budget of ${params.budget} model calls is spent`;
    for (let iteration = 1; iteration <= params.iterations; iteration++) {
      if (s.budget.left === 0) return finish(s, spent);
      const selection = s.tree.select(params.weight);
      ctx.emit({ type: 'tree-select', iteration, weight: params.weight, ...selection });
      const kids = await expand(s, s.tree.node(selection.selected), params.children);
      await evaluate(s, kids);
      const solved = kids.find(solvesExamples);
      if (!solved) await reflect(s, kids);
      backup(s, iteration, kids);
      if (solved) return finish(s, `node ${solved.id} passes every example`);
    }
    await finish(s, `${params.iterations} iterations are done`);
  }
};
