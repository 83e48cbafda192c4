/** Search-tree bookkeeping: ids, paths, selection, backup, the answer, and the budget. */
import { describe, expect, it } from 'vitest';
import { Budget } from './call-budget';
import { SearchTree } from './search-tree';

/** root → 1 (reward 1/3), 2 (reward 2/3); 2 → 3 (2/3), 4 (0), as in the MCTS lesson. */
function lessonTree() {
  const t = new SearchTree();
  const [a, b] = [t.add(0, { code: 'a' }), t.add(0, { code: 'b' })];
  a.reward = 1 / 3;
  b.reward = 2 / 3;
  t.backup(a.id, a.reward);
  t.backup(b.id, b.reward);
  const [c, d] = [t.add(2, { code: 'c' }), t.add(2, { code: 'd' })];
  c.reward = 2 / 3;
  d.reward = 0;
  t.backup(c.id, c.reward);
  t.backup(d.id, d.reward);
  return t;
}

describe('SearchTree', () => {
  it('numbers nodes in creation order and knows their paths and depths', () => {
    const t = lessonTree();
    expect(t.nodes.map((n) => n.id)).toEqual([0, 1, 2, 3, 4]);
    expect(t.path(4)).toEqual([0, 2, 4]);
    expect(t.node(4).depth).toBe(2);
    expect(t.root.children).toEqual([1, 2]);
    expect(() => t.node(9)).toThrow(/no node 9/);
  });

  it('backs each reward up to the root: one visit and the reward per node on the path', () => {
    const t = lessonTree();
    expect(t.root.visits).toBe(4);
    expect(t.root.value).toBeCloseTo(1 / 3 + 2 / 3 + 2 / 3 + 0, 10);
    expect(t.node(2)).toMatchObject({ visits: 3 });
    expect(t.node(2).value).toBeCloseTo(4 / 3, 10);
    expect(t.node(1)).toMatchObject({ visits: 1, value: 1 / 3 });
    expect(t.backup(3, 1).map((u) => u.id)).toEqual([3, 2, 0]);
  });

  it('selects by UCT: the less-visited node 1 wins over node 2 (1.5107 > 1.1242)', () => {
    const selection = lessonTree().select(1);
    expect(selection.selected).toBe(1);
    expect(selection.path).toEqual([0, 1]);
    expect(selection.candidates.map((c) => c.id)).toEqual([1, 2]);
    expect(selection.candidates[0].uct).toBeCloseTo(1.5107, 4);
    expect(selection.candidates[1].uct).toBeCloseTo(1.1242, 4);
  });

  it('with w = 0 it exploits: node 2, then its best child', () => {
    const selection = lessonTree().select(0);
    expect(selection.path).toEqual([0, 2, 3]);
    expect(selection.candidates.map((c) => c.id)).toEqual([1, 2, 3, 4]);
  });

  it('skips children without a program, and selects the root of an empty tree', () => {
    const t = new SearchTree();
    expect(t.select(1)).toEqual({ path: [0], candidates: [], selected: 0 });
    t.add(0, { code: null });
    expect(t.select(1).selected).toBe(0);
  });

  it('answers with the best evaluated program, the earliest on a tie', () => {
    const t = lessonTree();
    expect(t.best()?.id).toBe(2);
    t.node(4).reward = 1;
    expect(t.best()?.id).toBe(4);
    expect(new SearchTree().best()).toBeNull();
  });

  it('collects the reflections on a path, oldest first', () => {
    const t = lessonTree();
    t.node(2).reflection = 'carry';
    t.node(3).reflection = 'strict';
    expect(t.reflections(3)).toEqual(['carry', 'strict']);
    expect(t.reflections(1)).toEqual([]);
  });
});

describe('Budget', () => {
  it('gives out exactly its total, then refuses without counting', () => {
    const b = new Budget(2);
    expect([b.take(), b.take(), b.take()]).toEqual([true, true, false]);
    expect(b.used).toBe(2);
    expect(b.left).toBe(0);
  });
});
