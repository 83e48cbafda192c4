/**
 * Notes of the tree searches (BFS, resample-and-filter, MCTS). Each phase of a search leaves
 * a note with what the tree view needs: node ids and parents, rewards, the UCT scores of the
 * candidates at a selection, the selected path, the values backed up, and the budget used.
 * Views rebuild the tree from these notes alone (see views-tree.ts).
 */
import { z } from 'zod';

const id = z.number().int().nonnegative().describe('node id; 0 is the root (the problem)');
const used = z.number().int().nonnegative().describe('model calls spent so far');
const reward = z.number().min(0).max(1).describe('share of the visible examples passed');

export const TREE_NOTES = [
  /** the search starts: which search, and its budget in model calls */
  z
    .object({
      type: z.literal('tree-start'),
      search: z.enum(['bfs', 'mcts', 'resample']),
      budget: z.number().int().positive().describe('model calls the search may make')
    })
    .strict(),
  /** the approaches a BFS will follow, one program each (parsed from one model call) */
  z
    .object({
      type: z.literal('tree-strategies'),
      strategies: z.array(z.string()).describe('empty when no numbered list was found'),
      used
    })
    .strict(),
  /** the nodes a BFS level expands next (best reward first) */
  z
    .object({
      type: z.literal('tree-frontier'),
      depth: z.number().int().positive().describe('the depth of the nodes about to be made'),
      expand: z.array(id)
    })
    .strict(),
  /** MCTS selection: the UCT scores compared on the way down and the path taken */
  z
    .object({
      type: z.literal('tree-select'),
      iteration: z.number().int().positive(),
      weight: z.number().describe('the exploration weight w'),
      candidates: z.array(
        z
          .object({
            id,
            parent: id,
            visits: z.number().int().nonnegative(),
            value: z.number(),
            uct: z.number().nullable().describe('null for a child never visited')
          })
          .strict()
      ),
      path: z.array(id).describe('root → selected node'),
      selected: id
    })
    .strict(),
  /** a new node: a program written by the model (code null when the reply had none) */
  z
    .object({
      type: z.literal('tree-node'),
      id: z.number().int().positive(),
      parent: id,
      depth: z.number().int().positive(),
      strategy: z.string().nullable(),
      code: z.string().nullable(),
      used
    })
    .strict(),
  /** new nodes run on the visible examples: their rewards */
  z
    .object({
      type: z.literal('tree-evaluate'),
      nodes: z.array(
        z
          .object({
            id,
            passed: z.number().int().nonnegative(),
            total: z.number().int().nonnegative(),
            reward,
            status: z.enum(['ok', 'error', 'timeout', 'no-code'])
          })
          .strict()
      )
    })
    .strict(),
  /** a short reflection on why a node failed, fed to the expansions below it */
  z.object({ type: z.literal('tree-reflect'), id, text: z.string(), used }).strict(),
  /** MCTS backup: new visits and values of every node changed, the new children included */
  z
    .object({
      type: z.literal('tree-backup'),
      iteration: z.number().int().positive(),
      updates: z.array(
        z
          .object({ id, visits: z.number().int().positive(), value: z.number().nonnegative() })
          .strict()
      )
    })
    .strict(),
  /** the search is over: the node chosen as the answer (by visible reward only) and why */
  z
    .object({
      type: z.literal('tree-answer'),
      id: id.nullable().describe('null when no node has a program'),
      reason: z.string(),
      used
    })
    .strict()
] as const;

/** Notes that are a step of their own in the player: phases with no effect of their own. */
export const TREE_STEP_NOTES: readonly string[] = [
  'tree-frontier',
  'tree-select',
  'tree-evaluate',
  'tree-backup',
  'tree-answer'
];
