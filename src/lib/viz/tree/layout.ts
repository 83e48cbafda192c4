/**
 * Tree layout for the search view: d3-hierarchy computes positions, the component renders
 * them. Pure (no DOM), so the benchmark times it in Node.
 */
import { stratify, tree as d3tree, type HierarchyPointNode } from 'd3-hierarchy';
import { scaleSqrt } from 'd3-scale';
import type { TreeNodeView, TreeState } from '$lib/core/views/tree';

export interface PlacedNode {
  node: TreeNodeView;
  x: number;
  y: number;
  /** radius: grows with the square root of the visits */
  r: number;
}

export interface PlacedLink {
  from: number;
  to: number;
  /** an SVG path from the parent to the child */
  d: string;
}

export interface TreeLayout {
  nodes: PlacedNode[];
  links: PlacedLink[];
  /** the bounding box of the node centres, padded by the largest radius and the labels */
  box: { x: number; y: number; width: number; height: number };
}

export const NODE_GAP = 84;
export const LEVEL_GAP = 96;

/** A smooth vertical link (a cubic curve leaving the parent downwards). */
export function linkPath(x1: number, y1: number, x2: number, y2: number): string {
  const my = (y1 + y2) / 2;
  return `M${x1},${y1} C${x1},${my} ${x2},${my} ${x2},${y2}`;
}

/** Places every node of the tree, root on top, siblings in creation order. */
export function layoutTree(state: TreeState): TreeLayout {
  const present = state.nodes.filter((n): n is TreeNodeView => n !== undefined);
  // The scale's top is the most visits rounded up to a power of two: it moves a few times in
  // a whole search, not at every backup (which would resize, redraw and animate every node).
  const maxVisits = 2 ** Math.ceil(Math.log2(Math.max(1, ...present.map((n) => n.visits))));
  const radius = scaleSqrt().domain([0, maxVisits]).range([13, 22]);
  const root = stratify<TreeNodeView>()
    .id((n) => String(n.id))
    .parentId((n) => (n.parent === null ? null : String(n.parent)))(present);
  const placed: HierarchyPointNode<TreeNodeView> = d3tree<TreeNodeView>()
    .nodeSize([NODE_GAP, LEVEL_GAP])
    .separation((a, b) => (a.parent === b.parent ? 1 : 1.25))(root);

  const nodes: PlacedNode[] = [];
  const links: PlacedLink[] = [];
  // x from the leftmost node, not the root: a new node then moves the nodes to its right
  // and its ancestors, while those to its left keep their place (and are not redrawn).
  let minX = 0;
  placed.each((p) => {
    minX = Math.min(minX, p.x);
  });
  let maxX = 0;
  let maxY = 0;
  placed.each((p) => {
    p.x -= minX;
    maxX = Math.max(maxX, p.x);
    maxY = Math.max(maxY, p.y);
  });
  placed.each((p) => {
    nodes.push({ node: p.data, x: p.x, y: p.y, r: radius(p.data.visits) });
    if (p.parent) {
      links.push({
        from: p.parent.data.id,
        to: p.data.id,
        d: linkPath(p.parent.x, p.parent.y, p.x, p.y)
      });
    }
  });
  nodes.sort((a, b) => a.node.id - b.node.id);
  const pad = 40;
  return {
    nodes,
    links,
    box: { x: -pad, y: -pad, width: maxX + 2 * pad, height: maxY + 2 * pad }
  };
}
