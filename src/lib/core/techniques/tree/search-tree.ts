/**
 * The search tree of the tree-search techniques: nodes are programs (with the strategy they
 * follow and, after a failure, a reflection), rewards are shares of the visible examples
 * passed, and visits and values are what MCTS backs up. Pure bookkeeping: no effects.
 *
 * Node 0 is the root, the problem itself (no program).
 */
import { argmaxUct, uct } from './uct';

export interface SearchNode {
  id: number;
  parent: number | null;
  depth: number;
  strategy: string | null;
  /** the program, or null when the reply had none (a dead leaf) */
  code: string | null;
  /** share of visible examples passed, in [0, 1]; null until evaluated */
  reward: number | null;
  /** what went wrong on the examples, in words (shown to the model when it refines this node) */
  feedback: string | null;
  reflection: string | null;
  visits: number;
  /** the sum of rewards backed up through this node (V; the mean is V / N) */
  value: number;
  children: number[];
}

/** One child looked at during a selection, with its UCT score (null: never visited). */
interface Candidate {
  id: number;
  parent: number;
  visits: number;
  value: number;
  uct: number | null;
}

interface Selection {
  /** root → selected node */
  path: number[];
  /** every child compared on the way down, level by level */
  candidates: Candidate[];
  selected: number;
}

export class SearchTree {
  readonly nodes: SearchNode[] = [];

  constructor() {
    this.nodes.push(blank(0, null, 0));
  }

  get root(): SearchNode {
    return this.nodes[0];
  }

  node(id: number): SearchNode {
    const found = this.nodes[id];
    if (!found) throw new Error(`The search tree has no node ${id}.`);
    return found;
  }

  /** Adds a child of `parent` and returns it (ids count up from 1 in creation order). */
  add(parent: number, fields: { strategy?: string | null; code: string | null }): SearchNode {
    const p = this.node(parent);
    const child = blank(this.nodes.length, parent, p.depth + 1);
    child.strategy = fields.strategy ?? null;
    child.code = fields.code;
    this.nodes.push(child);
    p.children.push(child.id);
    return child;
  }

  /** The ids from the root down to `id`. */
  path(id: number): number[] {
    const ids: number[] = [];
    for (let n: SearchNode | undefined = this.node(id); n;) {
      ids.unshift(n.id);
      n = n.parent === null ? undefined : this.nodes[n.parent];
    }
    return ids;
  }

  /**
   * MCTS selection: from the root, follow the child with the highest UCT until a node with
   * no expandable children. Children without a program cannot be refined and are skipped.
   */
  select(w: number): Selection {
    const candidates: Candidate[] = [];
    let at = this.root;
    for (;;) {
      const open = at.children.map((id) => this.node(id)).filter((c) => c.code !== null);
      if (open.length === 0) break;
      const scores = open.map((c) => uct(c.value, c.visits, at.visits, w));
      open.forEach((c, i) =>
        candidates.push({
          id: c.id,
          parent: at.id,
          visits: c.visits,
          value: c.value,
          uct: scores[i]
        })
      );
      at = open[argmaxUct(scores)];
    }
    return { path: this.path(at.id), candidates, selected: at.id };
  }

  /**
   * Backs a reward up from `id` to the root: each node on the way gains one visit and the
   * reward. Returns the nodes changed, with their new visits and values, leaf first.
   */
  backup(id: number, reward: number): { id: number; visits: number; value: number }[] {
    return this.path(id)
      .reverse()
      .map((nid) => {
        const n = this.node(nid);
        n.visits += 1;
        n.value += reward;
        return { id: n.id, visits: n.visits, value: n.value };
      });
  }

  /** The reflections on the way from the root to `id`, oldest first (the memory of a path). */
  reflections(id: number): string[] {
    return this.path(id).flatMap((nid) => {
      const r = this.node(nid).reflection;
      return r === null ? [] : [r];
    });
  }

  /**
   * The answer: the evaluated program with the highest reward; ties go to the node created
   * first. Null when no node has a program.
   */
  best(): SearchNode | null {
    let best: SearchNode | null = null;
    for (const n of this.nodes) {
      if (n.code === null || n.reward === null) continue;
      if (best === null || n.reward > (best.reward ?? -1)) best = n;
    }
    return best;
  }
}

function blank(id: number, parent: number | null, depth: number): SearchNode {
  return {
    id,
    parent,
    depth,
    strategy: null,
    code: null,
    reward: null,
    feedback: null,
    reflection: null,
    visits: 0,
    value: 0,
    children: []
  };
}
