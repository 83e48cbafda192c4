/**
 * The follow camera and the culling of the tree canvas: hand-worked cases, then a walk over
 * every step of the 330- and 600-node synthetic searches (real UCT bookkeeping) checking that
 * the nodes each step is about end up in view and drawn, while most of the tree is not drawn.
 */
import { describe, expect, it } from 'vitest';
import { stopsOf } from '$lib/core/views/timeline';
import { blankNode, treeAt, type TreeState } from '$lib/core/views/tree';
import { syntheticLog } from '$lib/testing/tree-log';
import {
  boxOf,
  cullLayout,
  cullRegion,
  fitView,
  focusOf,
  followView,
  hasArea,
  FOLLOW_SCALE,
  isShortMove,
  viewBox,
  type Box,
  type View
} from './camera';
import { layoutTree, type TreeLayout } from './layout';

const size = { width: 1000, height: 400 };
const box = (x: number, y: number, width: number, height: number): Box => ({
  x,
  y,
  width,
  height
});

const node = (id: number, parent: number | null, depth: number) => blankNode(id, parent, depth, id);

/** root 0; children 1, 2, 3; 4 and 5 under 1; 6 under 4 */
function smallTree(patch: Partial<TreeState>): TreeState {
  const shape: [number, number | null, number][] = [
    [0, null, 0],
    [1, 0, 1],
    [2, 0, 1],
    [3, 0, 1],
    [4, 1, 2],
    [5, 1, 2],
    [6, 4, 3]
  ];
  return {
    search: 'mcts',
    budget: 10,
    used: 6,
    nodes: shape.map(([id, parent, depth]) => node(id, parent, depth)),
    phase: 'start',
    iteration: 1,
    strategies: [],
    selection: null,
    frontier: [],
    touched: [],
    answer: null,
    hiddenExec: null,
    ...patch
  };
}

/** where a tree point lands on the screen */
const onScreen = (v: View, x: number, y: number) => ({ x: v.x + v.k * x, y: v.y + v.k * y });
const inside = (p: { x: number; y: number }) =>
  p.x >= 0 && p.x <= size.width && p.y >= 0 && p.y <= size.height;

describe('fitView', () => {
  it('centres the box at the largest scale that shows it whole, at most 1.4', () => {
    const v = fitView(box(0, 0, 2000, 400), size);
    expect(v.k).toBe(0.5);
    expect(onScreen(v, 1000, 200)).toEqual({ x: 500, y: 200 });
    expect(fitView(box(0, 0, 100, 100), size).k).toBe(1.4);
  });

  it('on a canvas taller than 400 px (presenter mode) a small tree grows with the canvas', () => {
    const tall = { width: 1600, height: 800 };
    expect(fitView(box(0, 0, 100, 100), tall).k).toBeCloseTo(2.8);
    // a big tree is still fitted by its size, not the limit
    expect(fitView(box(0, 0, 3200, 400), tall).k).toBe(0.5);
  });
});

describe('focusOf', () => {
  it('a selection: the node selected and its rival siblings, not the rest of the path', () => {
    const tree = smallTree({
      phase: 'select',
      selection: {
        iteration: 2,
        weight: 1,
        path: [0, 1, 4],
        selected: 4,
        candidates: [
          { id: 1, parent: 0, visits: 2, value: 1, uct: 1.2 },
          { id: 2, parent: 0, visits: 1, value: 0, uct: 1.1 },
          { id: 4, parent: 1, visits: 1, value: 1, uct: 2 },
          { id: 5, parent: 1, visits: 1, value: 0, uct: 1 }
        ]
      }
    });
    expect(focusOf(tree).sort()).toEqual([4, 5]);
  });

  it('a backup: the deepest nodes it updated, where the reward came from', () => {
    expect(focusOf(smallTree({ phase: 'backup', touched: [6, 4, 1, 0] }))).toEqual([6]);
    expect(focusOf(smallTree({ phase: 'backup', touched: [4, 5, 1, 0] }))).toEqual([4, 5]);
  });

  it('an expansion or an evaluation: its nodes; the answer: the answer; else the root', () => {
    expect(focusOf(smallTree({ phase: 'evaluate', touched: [4, 5] }))).toEqual([4, 5]);
    expect(focusOf(smallTree({ phase: 'answer', answer: 6 }))).toEqual([6]);
    expect(focusOf(smallTree({ phase: 'start', touched: [0] }))).toEqual([0]);
    expect(focusOf(smallTree({ phase: 'answer', answer: null }))).toEqual([0]);
  });
});

describe('followView', () => {
  const wide: Box = box(-40, -40, 10_000, 2000);

  it('a tree that fits legibly is fitted whole, and then stays put', () => {
    const tree: Box = box(-40, -40, 1200, 400);
    const v = followView({ x: 0, y: 0, k: 1 }, size, tree, box(0, 0, 10, 10));
    expect(v).toEqual(fitView(tree, size));
    expect(v && v.k).toBeGreaterThanOrEqual(FOLLOW_SCALE);
    expect(followView(v as View, size, tree, null)).toBeNull();
  });

  it('a big tree: no move while the focus is clear of the edges', () => {
    const view = { x: -100, y: 20, k: 0.6 };
    // focus at tree x 500..700 → screen 200..320, y 50..150 → 50..110: clear of 10% (100, 40)
    expect(followView(view, size, wide, box(500, 50, 200, 100))).toBeNull();
    // y 200..300 → 0..60 from y −120: 40 px short of the top's clear 40 px; moves down by 40
    const low = { ...view, y: -120 };
    expect(followView(low, size, wide, box(500, 200, 200, 100))).toEqual({
      ...low,
      y: -80
    });
  });

  it('a big tree: the least pan that brings a focus in part out of view back in, same scale', () => {
    const view = { x: -100, y: 20, k: 0.6 };
    // screen x of the focus: -100 + 0.6·1650 = 890 .. 1010 — past the right edge's clear 10%
    const next = followView(view, size, wide, box(1650, 50, 200, 100));
    expect(next?.k).toBe(0.6);
    expect(next?.y).toBe(20);
    expect(onScreen(next as View, 1850, 0).x).toBeCloseTo(900);
  });

  it('a big tree: a focus far out of view is centred', () => {
    const next = followView({ x: 0, y: 0, k: 0.6 }, size, wide, box(8000, 100, 200, 100)) as View;
    expect(next.k).toBe(0.6);
    expect(onScreen(next, 8100, 150).x).toBeCloseTo(500);
  });

  it('zooms out only as far as a focus too big for the view needs', () => {
    const next = followView({ x: 0, y: 0, k: 0.6 }, size, wide, box(1000, 0, 2000, 100)) as View;
    expect(next.k).toBeCloseTo(0.4); // 80% of 1000 px over 2000
    expect(onScreen(next, 1000, 0).x).toBeCloseTo(100);
    expect(onScreen(next, 3000, 0).x).toBeCloseTo(900);
  });

  it('shows no empty band past the edge of a tree taller than the view; centres a shorter one', () => {
    // the focus near the root: following it alone would leave 150 px of nothing above
    const next = followView({ x: 0, y: 300, k: 0.6 }, size, wide, box(500, -40, 100, 100)) as View;
    expect(onScreen(next, 0, -40).y).toBeCloseTo(0);
    const flat: Box = box(-40, -40, 10_000, 300);
    const centred = followView({ x: 0, y: 0, k: 0.6 }, size, flat, box(500, 0, 100, 100)) as View;
    expect(onScreen(centred, 0, 110).y).toBeCloseTo(200);
  });
});

describe('a canvas that measures nothing for a moment', () => {
  const wide: Box = box(-40, -40, 10_000, 2000);
  const focus = box(500, 50, 200, 100);

  it('leaves the camera where it is', () => {
    const view = { x: -100, y: 20, k: 0.6 };
    expect(followView(view, { width: 0, height: 300 }, wide, focus)).toBeNull();
    expect(followView(view, { width: 1000, height: 0 }, wide, focus)).toBeNull();
    expect(hasArea({ width: 0, height: 300 })).toBe(false);
    expect(hasArea(size)).toBe(true);
  });

  it('a view that lost its scale follows again at the following scale', () => {
    // what a 0-wide measurement used to leave behind: scale 0, every node culled
    const lost = { x: 500, y: 200, k: 0 };
    const next = followView(lost, size, wide, focus) as View;
    expect(next.k).toBe(FOLLOW_SCALE);
    expect(inside(onScreen(next, 600, 100))).toBe(true);
  });
});

describe('culling', () => {
  it('keeps the region while the view stays inside it; a new one is the view plus margins', () => {
    const view = { x: 0, y: 0, k: 1 };
    const region = cullRegion(null, view, size);
    expect(region).toEqual(box(-500, -200, 2000, 800));
    expect(cullRegion(region, { x: -400, y: 150, k: 1 }, size)).toBe(region);
    const moved = cullRegion(region, { x: -600, y: 0, k: 1 }, size);
    expect(moved).not.toBe(region);
    expect(moved.x).toBe(100);
    // zoomed in far: a region four times too wide is cut down to the view again
    const zoomedIn = cullRegion(region, { x: 0, y: 0, k: 4 }, size);
    expect(zoomedIn).toEqual(box(-125, -50, 500, 200));
  });

  it('draws the nodes in the region and every link that crosses it', () => {
    const layout: TreeLayout = {
      box: box(0, 0, 3000, 200),
      nodes: [
        { node: node(0, null, 0), x: 1500, y: 0, r: 13 },
        { node: node(1, 0, 1), x: 0, y: 100, r: 13 },
        { node: node(2, 0, 1), x: 3000, y: 100, r: 13 }
      ],
      links: [
        { from: 0, to: 1, d: '' },
        { from: 0, to: 2, d: '' }
      ]
    };
    // a region around x 300..900: no node in it, but the link 0 → 1 passes through
    const cut = cullLayout(layout, box(300, 0, 600, 200));
    expect(cut.nodes).toEqual([]);
    expect(cut.links.map((l) => l.to)).toEqual([1]);
    expect(cullLayout(layout, box(2900, 50, 200, 100)).nodes).toHaveLength(1);
  });

  it('animates short moves only', () => {
    const v = { x: 0, y: 0, k: 0.6 };
    expect(isShortMove(v, { x: -500, y: 0, k: 0.6 }, size)).toBe(true);
    expect(isShortMove(v, { x: -1500, y: 0, k: 0.6 }, size)).toBe(false);
    expect(isShortMove(v, { x: 0, y: 0, k: 0.2 }, size)).toBe(false);
  });
});

describe('following a whole search', () => {
  for (const count of [330, 600]) {
    it(`${count} nodes: every step's nodes end in view and drawn; most of the tree is not`, () => {
      const events = syntheticLog(count);
      let view: View = { x: 0, y: 0, k: FOLLOW_SCALE };
      let region: Box | null = null;
      let drawnAtEnd = 0;
      let steps = 0;
      for (const stop of stopsOf(events)) {
        const tree = treeAt(events.slice(0, stop));
        if (!tree) continue;
        const layout = layoutTree(tree);
        const ids = focusOf(tree);
        view = followView(view, size, layout.box, boxOf(layout, ids)) ?? view;
        region = cullRegion(region, view, size);
        const drawn = new Set(cullLayout(layout, region).nodes.map((p) => p.node.id));
        const shown = viewBox(view, size);
        for (const p of layout.nodes.filter((p) => ids.includes(p.node.id))) {
          expect(inside(onScreen(view, p.x, p.y)), `step ${steps}: node ${p.node.id}`).toBe(true);
          expect(drawn.has(p.node.id)).toBe(true);
        }
        expect(shown.width).toBeGreaterThan(0);
        drawnAtEnd = drawn.size;
        steps++;
      }
      expect(steps).toBeGreaterThan(count);
      expect(view.k).toBeGreaterThanOrEqual(FOLLOW_SCALE * 0.5);
      expect(drawnAtEnd).toBeLessThan(count / 3);
    });
  }
});
