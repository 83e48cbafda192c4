/**
 * Where the tree's camera goes at a step, and which part of the tree is worth drawing. Pure
 * (numbers in, numbers out), so both are unit-tested in Node.
 *
 * A small tree is always shown whole. A big one fitted whole is a few pixels per node, and
 * refitting it whenever it grows re-paints every node for the whole transition: instead the
 * camera *follows* the step, keeping its scale and panning only when the nodes this step is
 * about leave the view. Whatever the camera shows, only the nodes in and near the view are
 * drawn (`cullRegion`, `inRegion`).
 */
import type { TreeState } from '$lib/core/views/tree';
import type { TreeLayout } from './layout';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface View {
  x: number;
  y: number;
  k: number;
}

export interface Size {
  width: number;
  height: number;
}

/** The largest scale a fit uses on a canvas up to FIT_HEIGHT high (a tiny tree is not blown up past it). */
export const MAX_FIT_SCALE = 1.4;
/**
 * A taller canvas (presenter mode's fills the screen) raises that limit in proportion, so a
 * small tree fills the picture and its labels grow with the screen rather than stay 11 px.
 */
export const FIT_HEIGHT = 400;
/**
 * A tree that fits whole at this scale or more is shown whole; past it, the camera follows at
 * this scale (node ids legible, N · V/N on the path and candidates: see items.ts).
 */
export const FOLLOW_SCALE = 0.6;
/** The share of the view on each side that the step's nodes should stay clear of. */
const EDGE = 0.1;
/** Room around a node centre for its circle and its labels (UCT above, N · V/N below). */
const NODE_PAD = { x: 48, y: 52 };

/** The transform that shows `box` whole, centred, at no more than `MAX_FIT_SCALE` (scaled up on a tall canvas). */
export function fitView(box: Box, size: Size): View {
  const most = MAX_FIT_SCALE * Math.max(1, size.height / FIT_HEIGHT);
  const k = Math.min(most, size.width / box.width, size.height / box.height);
  return {
    x: size.width / 2 - k * (box.x + box.width / 2),
    y: size.height / 2 - k * (box.y + box.height / 2),
    k
  };
}

/**
 * The nodes a step is about, for the camera: the node selected and its rival candidates, the
 * new or evaluated nodes, the deepest nodes of a backup (where the reward came from; the
 * rest of its path leads up to the root), the answer. The root when nothing else.
 */
export function focusOf(tree: TreeState): number[] {
  const nodes = tree.nodes;
  let ids: number[] = [];
  switch (tree.phase) {
    case 'select': {
      const s = tree.selection;
      if (!s) break;
      const parent = nodes[s.selected]?.parent;
      ids = [
        s.selected,
        ...s.candidates.filter((c) => parent !== undefined && c.parent === parent).map((c) => c.id)
      ];
      break;
    }
    case 'backup': {
      const depth = Math.max(...tree.touched.map((id) => nodes[id]?.depth ?? 0));
      ids = tree.touched.filter((id) => (nodes[id]?.depth ?? 0) === depth);
      break;
    }
    case 'answer':
      ids = tree.answer === null ? [] : [tree.answer];
      break;
    default:
      ids = tree.touched;
  }
  ids = [...new Set(ids)].filter((id) => nodes[id] !== undefined);
  return ids.length ? ids : [0];
}

/** The box around the given nodes' centres, padded for their circles and labels; null if none is placed. */
export function boxOf(layout: TreeLayout, ids: readonly number[]): Box | null {
  const wanted = new Set(ids);
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of layout.nodes) {
    if (!wanted.has(p.node.id)) continue;
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x);
    y1 = Math.max(y1, p.y);
  }
  if (x0 === Infinity) return null;
  return {
    x: x0 - NODE_PAD.x,
    y: y0 - NODE_PAD.y,
    width: x1 - x0 + 2 * NODE_PAD.x,
    height: y1 - y0 + 2 * NODE_PAD.y
  };
}

/**
 * Moves one axis of the view so [lo, hi] (tree units) shows inside the view of length `span`
 * (screen px) with `EDGE` of it clear on both sides: no move when it already does, the least
 * move when it shows in part, centred when it is out of sight or larger than the clear part.
 */
function followAxis(offset: number, k: number, lo: number, hi: number, span: number): number {
  const a = offset + k * lo;
  const b = offset + k * hi;
  const min = span * EDGE;
  const max = span * (1 - EDGE);
  if (a >= min && b <= max) return offset;
  if (b - a > max - min || b < 0 || a > span) return span / 2 - k * ((lo + hi) / 2);
  return a < min ? offset + (min - a) : offset - (b - max);
}

/**
 * Keeps the tree's extent [lo, hi] filling the view on one axis: no empty band past its edge
 * while the tree is longer than the view (the root is not cut off above a view of empty space
 * below), centred when it is shorter.
 */
function clampAxis(offset: number, k: number, lo: number, hi: number, span: number): number {
  if (k * (hi - lo) <= span) return span / 2 - k * ((lo + hi) / 2);
  return Math.min(-k * lo, Math.max(span - k * hi, offset));
}

/**
 * Where the camera goes for a step, or null to stay put. A tree that fits whole at
 * `FOLLOW_SCALE` or more is fitted whole. Otherwise the view keeps its scale (zooming out
 * only as far as the focus needs to fit) and pans so `focus` shows clear of the edges, with
 * no empty band past the tree's own edges.
 */
export function followView(view: View, size: Size, tree: Box, focus: Box | null): View | null {
  // A canvas with no area (hidden, or caught mid-resize) shows nothing: a view fitted to it
  // has scale 0, and following from scale 0 would keep it there once the canvas is back.
  if (!hasArea(size)) return null;
  const whole = fitView(tree, size);
  const next =
    whole.k >= FOLLOW_SCALE || focus === null
      ? whole
      : (() => {
          const k = Math.min(
            // a view that lost its scale starts again from the following scale
            view.k > 0 ? view.k : FOLLOW_SCALE,
            (size.width * (1 - 2 * EDGE)) / focus.width,
            (size.height * (1 - 2 * EDGE)) / focus.height
          );
          // zooming out about the view's centre, then panning
          const from = view.k > 0 ? view : whole;
          const cx = (size.width / 2 - from.x) / from.k;
          const cy = (size.height / 2 - from.y) / from.k;
          const x0 = size.width / 2 - k * cx;
          const y0 = size.height / 2 - k * cy;
          return {
            x: clampAxis(
              followAxis(x0, k, focus.x, focus.x + focus.width, size.width),
              k,
              tree.x,
              tree.x + tree.width,
              size.width
            ),
            y: clampAxis(
              followAxis(y0, k, focus.y, focus.y + focus.height, size.height),
              k,
              tree.y,
              tree.y + tree.height,
              size.height
            ),
            k
          };
        })();
  const same =
    Math.abs(next.x - view.x) < 0.5 &&
    Math.abs(next.y - view.y) < 0.5 &&
    Math.abs(next.k - view.k) < 1e-3;
  return same ? null : next;
}

/** Whether a canvas of this size shows anything (a hidden element measures 0 on a side). */
export function hasArea(size: Size): boolean {
  return size.width > 0 && size.height > 0;
}

/** The part of the tree (tree units) that the view shows. */
export function viewBox(view: View, size: Size): Box {
  return {
    x: -view.x / view.k,
    y: -view.y / view.k,
    width: size.width / view.k,
    height: size.height / view.k
  };
}

function contains(outer: Box, inner: Box): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

/**
 * The region whose nodes are drawn: what the view shows plus `margin` of its size on every
 * side, so a drag or a wheel notch brings no node into sight that is not drawn yet. It is
 * kept (`previous` returned as is) while the view stays inside it and it is less than twice
 * as wide as it needs to be, so most gestures and camera moves add or remove no node.
 */
export function cullRegion(previous: Box | null, view: View, size: Size, margin = 0.5): Box {
  const seen = viewBox(view, size);
  // kept while it holds the view and is not far bigger than needed (after zooming in)
  const tooBig = (r: Box) => r.width > 2 * (1 + 2 * margin) * seen.width;
  if (previous && contains(previous, seen) && !tooBig(previous)) return previous;
  return {
    x: seen.x - margin * seen.width,
    y: seen.y - margin * seen.height,
    width: seen.width * (1 + 2 * margin),
    height: seen.height * (1 + 2 * margin)
  };
}

/** Whether a node's drawing (centre ± its labels) meets the region. */
export function nodeInRegion(x: number, y: number, region: Box): boolean {
  return (
    x + NODE_PAD.x >= region.x &&
    x - NODE_PAD.x <= region.x + region.width &&
    y + NODE_PAD.y >= region.y &&
    y - NODE_PAD.y <= region.y + region.height
  );
}

/** The layout cut to the region: the nodes in it and every link whose extent meets it. */
export function cullLayout(layout: TreeLayout, region: Box | null): TreeLayout {
  if (region === null) return layout;
  const at = new Map(layout.nodes.map((p) => [p.node.id, p]));
  return {
    box: layout.box,
    nodes: layout.nodes.filter((p) => nodeInRegion(p.x, p.y, region)),
    links: layout.links.filter((l) => {
      const a = at.get(l.from);
      const b = at.get(l.to);
      if (!a || !b) return false;
      return (
        Math.max(a.x, b.x) >= region.x &&
        Math.min(a.x, b.x) <= region.x + region.width &&
        b.y >= region.y &&
        a.y <= region.y + region.height
      );
    })
  };
}

/** The smallest box holding both. */
export function unionBox(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y
  };
}

/**
 * Whether a camera move is short enough to animate: the scale changes by less than half and
 * the view's centre moves by less than the view's width. A longer move is shown as a cut: a
 * pan across the whole tree would only blur by, drawing every node on its way.
 */
export function isShortMove(from: View, to: View, size: Size): boolean {
  const ratio = to.k / from.k;
  if (ratio > 2 || ratio < 0.5) return false;
  const a = viewBox(from, size);
  const b = viewBox(to, size);
  const dx = (a.x + a.width / 2 - (b.x + b.width / 2)) * to.k;
  const dy = (a.y + a.height / 2 - (b.y + b.height / 2)) * to.k;
  return Math.hypot(dx, dy) < size.width;
}
