/**
 * What the three tree searches share: writing a node (one model call), evaluating new nodes
 * on the visible examples (in parallel in the worker pool), and closing the search (the best
 * node by visible reward is the answer; only then do the hidden tests run, once, to grade it).
 */
import { z } from 'zod';
import { commonParams } from '../kit/params';
import { emitOutcome, hiddenPassCount, passedAll, runSuite } from '../kit/grading';
import { seededCall } from '../kit/model-call';
import type { ChatMessage, ExecResult } from '../../run/effects';
import type { Problem } from '../../problems/problem';
import type { RunContext } from '../../run/context';
import { extractCode } from '../../prompts/extract';
import { failureReport } from '../../prompts/self-debug';
import { Budget } from './call-budget';
import { SearchTree, type SearchNode } from './search-tree';

/** CodeTree: the BFS's model and the paper that measured the resample-and-filter baseline. */
export const codeTreeCitation = {
  authors: 'Jierui Li, Hung Le, Yingbo Zhou, Caiming Xiong, Silvio Savarese, Doyen Sahoo',
  title: 'CodeTree: Agent-guided Tree Search for Code Generation with Large Language Models',
  venue: 'NAACL',
  year: 2025,
  url: 'https://aclanthology.org/2025.naacl-long.189/'
};

/** Knobs every search has: the budget in model calls and the sampling temperature. */
export const searchParams = {
  budget: z
    .number()
    .int()
    .min(1)
    .max(60)
    .default(10)
    .describe('model calls the search may make (programs, strategies and reflections)'),
  temperature: z
    .number()
    .min(0)
    .max(2)
    .default(0.8)
    .describe('sampling temperature: above 0 so siblings differ'),
  ...commonParams
};

export interface SearchRun {
  problem: Problem;
  ctx: RunContext;
  tree: SearchTree;
  budget: Budget;
  params: { temperature: number; maxTokens: number; timeoutMs: number };
}

export function startSearch(
  problem: Problem,
  ctx: RunContext,
  search: 'bfs' | 'mcts' | 'resample',
  params: SearchRun['params'] & { budget: number }
): SearchRun {
  ctx.emit({ type: 'tree-start', search, budget: params.budget });
  return { problem, ctx, tree: new SearchTree(), budget: new Budget(params.budget), params };
}

/** One model call with a fresh seed from the run's seeded random (each call replays alone). */
export async function ask(s: SearchRun, messages: ChatMessage[], label: string) {
  const { temperature, maxTokens } = s.params;
  return (await seededCall(s.ctx, messages, { temperature, maxTokens }, label)).reply;
}

/**
 * Writes a child of `parent`, if the budget allows: one model call, its program (or none),
 * and a `tree-node` note. Null when the budget is spent.
 */
export async function writeNode(
  s: SearchRun,
  parent: number,
  messages: ChatMessage[],
  strategy: string | null,
  label: string
): Promise<SearchNode | null> {
  if (!s.budget.take()) return null;
  const reply = await ask(s, messages, label);
  const node = s.tree.add(parent, { strategy, code: extractCode(reply.text, s.problem.language) });
  s.ctx.emit({
    type: 'tree-node',
    id: node.id,
    parent,
    depth: node.depth,
    strategy,
    code: node.code,
    used: s.budget.used
  });
  return node;
}

/**
 * Runs new nodes on the visible examples, all at once (the log keeps their start order), and
 * records each reward: the share of examples passed. Nodes without a program score 0.
 */
export async function evaluate(s: SearchRun, nodes: SearchNode[]): Promise<void> {
  if (nodes.length === 0) return;
  const { problem } = s;
  const results = await Promise.all(
    nodes.map((n) =>
      n.code === null
        ? Promise.resolve(null)
        : runSuite(
            problem,
            n.code,
            'visible',
            s.params.timeoutMs,
            s.ctx,
            `run the examples on node ${n.id}`
          )
    )
  );
  const total = problem.visibleTests.length;
  s.ctx.emit({
    type: 'tree-evaluate',
    nodes: nodes.map((n, i) => {
      const r = results[i];
      const passed = r?.status === 'ok' ? r.tests.filter((t) => t.status === 'pass').length : 0;
      n.reward = passed / total;
      n.feedback = r === null || passedAll(r) ? null : failureReport(problem, r);
      return { id: n.id, passed, total, reward: n.reward, status: statusOf(r) };
    })
  });
}

const statusOf = (r: ExecResult | null) => (r === null ? 'no-code' : r.status);

/** True when a node passes every visible example. */
export const solvesExamples = (n: SearchNode | null | undefined): boolean => n?.reward === 1;

/**
 * Ends the search: names the answer (highest visible reward, earliest on a tie), grades it
 * with the hidden tests — the only time they run — and emits the outcome.
 */
export async function finish(s: SearchRun, why: string): Promise<void> {
  const { problem, ctx, tree } = s;
  const best = tree.best();
  const reason =
    best === null
      ? `${why}; no node has a program`
      : best.reward === 1 && why.startsWith(`node ${best.id} `)
        ? `${why}: it is the answer`
        : `${why}; the answer is node ${best.id}, ${
            best.reward === 1
              ? 'which passes every example'
              : `the best on the examples (${Math.round((best.reward ?? 0) * 100)}%)`
          }`;
  ctx.emit({ type: 'tree-answer', id: best?.id ?? null, reason, used: s.budget.used });
  if (best === null || best.code === null) {
    emitOutcome(ctx, problem, null, null, { why });
    return;
  }
  const grade = {
    visiblePassed: best.reward === 1,
    hiddenPassed: await hiddenPassCount(
      problem,
      best.code,
      s.params.timeoutMs,
      ctx,
      `grade node ${best.id} with the hidden tests`
    ),
    hiddenTotal: problem.hiddenTests.length
  };
  emitOutcome(ctx, problem, best.code, grade, { why, extra: `Search: ${reason}.` });
}
