/**
 * The canvas's reuse of last step's node drawings: at every prefix of real MCTS logs (the
 * MCTS lesson run in the real sandbox, and a 330-node search made by the real bookkeeping),
 * whatever order the learner steps in, the items equal those drawn from scratch; and an
 * unchanged node keeps its very record, which is what lets Svelte skip it.
 */
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '$lib/core/run/events';
import { stopsOf } from '$lib/core/views/timeline';
import { treeAt, type TreeState } from '$lib/core/views/tree';
import { recordWalkthrough } from '$lib/testing/lessons';
import { syntheticLog } from '$lib/testing/tree-log';
import { canvasItems, detailAt, Reuse, type Detail, type LinkItem, type NodeItem } from './items';
import { layoutTree } from './layout';

const fresh = () => ({ nodes: new Reuse<NodeItem>(), links: new Reuse<LinkItem>() });

function treeAtStop(events: readonly RunEvent[], stop: number): TreeState {
  const tree = treeAt(events.slice(0, stop));
  if (!tree) throw new Error(`no tree at ${stop}`);
  return tree;
}

/** Stop indices visited forward, then backward, then in a seeded shuffle (jumps). */
function visitOrder(count: number): number[] {
  const forward = Array.from({ length: count }, (_, i) => i);
  const shuffled = [...forward];
  let seed = 11;
  for (let i = shuffled.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  return [...forward, ...forward.slice().reverse(), ...shuffled];
}

function expectSameAsFromScratch(events: readonly RunEvent[]) {
  const stops = stopsOf(events).filter((p) => treeAt(events.slice(0, p)) !== null);
  expect(stops.length).toBeGreaterThan(5);
  const carried = fresh();
  const details: Detail[] = ['near', 'mid', 'far'];
  let compared = 0;
  for (const [i, s] of visitOrder(stops.length).entries()) {
    const tree = treeAtStop(events, stops[s]);
    const layout = layoutTree(tree);
    const selected = i % 7 === 0 ? tree.nodes.length - 1 : null;
    const detail = details[i % 3];
    const reused = canvasItems(tree, layout, selected, detail, carried);
    const scratch = canvasItems(tree, layout, selected, detail, fresh());
    expect(reused).toEqual(scratch);
    compared++;
  }
  expect(compared).toBe(stops.length * 3);
}

describe('canvasItems on the MCTS lesson (real sandbox)', () => {
  const walk = recordWalkthrough('07-mcts');

  it('equals the from-scratch drawing at every step, stepped in any order', () => {
    expectSameAsFromScratch(walk.events());
  });

  it('shows the UCT of each candidate at a selection, and the path', () => {
    const events = walk.events();
    const at = stopsOf(events).find((p) => {
      const tree = treeAt(events.slice(0, p));
      return tree?.phase === 'select' && tree.iteration === 3;
    });
    expect(at).toBeDefined();
    const tree = treeAtStop(events, at ?? 0);
    const { nodes } = canvasItems(tree, layoutTree(tree), null, 'near', fresh());
    for (const c of tree.selection?.candidates ?? []) {
      const item = nodes.find((n) => n.id === c.id);
      expect(item?.uct).toBe(`UCT ${c.uct === null ? '∞' : c.uct.toFixed(2)}`);
    }
    for (const id of tree.selection?.path ?? [])
      expect(nodes.find((n) => n.id === id)?.cls).toContain('on-path');
  });
});

describe('canvasItems on a big search', () => {
  const events = syntheticLog(330);

  it('equals the from-scratch drawing at every step, stepped in any order (150 nodes)', () => {
    expectSameAsFromScratch(syntheticLog(150));
  });

  it('keeps the record of every node a step leaves alone, and only those (330 nodes)', () => {
    const stops = stopsOf(events);
    const reuse = fresh();
    let before = canvasItems(
      treeAtStop(events, stops[1]),
      layoutTree(treeAtStop(events, stops[1])),
      null,
      'mid',
      reuse
    );
    let kept = 0;
    let total = 0;
    for (const stop of stops.slice(2)) {
      const tree = treeAtStop(events, stop);
      const after = canvasItems(tree, layoutTree(tree), null, 'mid', reuse);
      const old = new Map(before.nodes.map((n) => [n.id, n]));
      for (const item of after.nodes) {
        const prev = old.get(item.id);
        const same = prev !== undefined && JSON.stringify(prev) === JSON.stringify(item);
        // the same drawing ⇔ the same object
        expect(prev === item).toBe(same);
        if (same) kept++;
        total++;
      }
      before = after;
    }
    // most nodes are left alone by most steps: that is the whole saving
    expect(kept / total).toBeGreaterThan(0.8);
  });

  it('drops labels by zoom but keeps them on the nodes the step is about', () => {
    const stops = stopsOf(events);
    const at = stops.findLast((p) => treeAt(events.slice(0, p))?.phase === 'select');
    const tree = treeAtStop(events, at ?? 0);
    const layout = layoutTree(tree);
    const far = canvasItems(tree, layout, null, 'far', fresh()).nodes;
    const mid = canvasItems(tree, layout, null, 'mid', fresh()).nodes;
    const near = canvasItems(tree, layout, null, 'near', fresh()).nodes;
    const path = new Set(tree.selection?.path);
    const candidates = new Set(tree.selection?.candidates.map((c) => c.id));
    const plain = far.filter((n) => !path.has(n.id) && !candidates.has(n.id));
    expect(plain.length).toBeGreaterThan(200);
    expect(plain.every((n) => n.label === null && n.stats === null)).toBe(true);
    for (const n of far.filter((n) => path.has(n.id) || candidates.has(n.id)))
      expect(n.label).not.toBeNull();
    expect(mid.every((n) => n.label !== null)).toBe(true);
    expect(mid.filter((n) => n.stats !== null).length).toBeLessThan(plain.length / 4);
    expect(near.every((n) => n.stats !== null)).toBe(true);
  });
});

describe('detailAt', () => {
  it('draws small trees in full and big ones by zoom', () => {
    expect(detailAt(0.1, 40)).toBe('near');
    expect(detailAt(0.1, 331)).toBe('far');
    expect(detailAt(0.5, 331)).toBe('mid');
    expect(detailAt(1, 331)).toBe('near');
  });
});
