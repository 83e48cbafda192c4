/**
 * What the tree canvas draws for each node and link, as flat records of strings and numbers.
 * A step of a big search changes a handful of nodes; `Reuse` hands back last step's record
 * for every node whose drawing did not change, so Svelte's keyed `{#each}` sees the same
 * object and skips that node entirely (no attribute compared, no DOM touched). Pure, so the
 * reuse is unit-tested and timed in Node.
 */
import type { TreeNodeView, TreeState } from '$lib/core/views/tree';
import type { TreeLayout } from './layout';

/**
 * Level of detail by zoom: `far` draws dots only (labels would be under 4 px), `mid` adds the
 * node ids, `near` adds N and V/N under every node. Nodes that matter at this step (on the
 * selected path, UCT candidates, the answer, the node shown) keep their labels at any zoom.
 */
export type Detail = 'far' | 'mid' | 'near';

/** Zoom scale below which ids are hidden, and from which every N · V/N label is shown. */
export const FAR_BELOW = 0.35;
export const NEAR_FROM = 0.9;
/** Trees up to this size show every label at any zoom (they fit legibly). */
export const SMALL_TREE = 60;

export function detailAt(k: number, nodes: number): Detail {
  if (nodes <= SMALL_TREE) return 'near';
  return k < FAR_BELOW ? 'far' : k < NEAR_FROM ? 'mid' : 'near';
}

export interface NodeItem {
  id: number;
  x: number;
  y: number;
  r: number;
  /** space-separated state classes: on-path, chosen, frontier, fresh, backup, answer, … */
  cls: string;
  fill: string;
  stroke: string;
  /** the id label; null when not drawn at this zoom */
  label: string | null;
  /** "N 3 · 0.44" or "2/3"; null when not drawn */
  stats: string | null;
  /** "UCT 1.51" on a candidate of the current selection */
  uct: string | null;
  aria: string;
  pressed: boolean;
}

export interface LinkItem {
  from: number;
  to: number;
  d: string;
  cls: string;
}

/** Last step's records by key: `keep` returns the old record when the new one equals it. */
export class Reuse<T extends object> {
  #last = new Map<number, T>();

  keep(key: number, next: T): T {
    const old = this.#last.get(key);
    if (old && sameFields(old, next)) return old;
    this.#last.set(key, next);
    return next;
  }

  /** forget records whose key is gone (the learner stepped back before their node) */
  prune(keys: ReadonlySet<number>): void {
    for (const key of this.#last.keys()) if (!keys.has(key)) this.#last.delete(key);
  }
}

function sameFields<T extends object>(a: T, b: T): boolean {
  for (const key in a) if (a[key] !== b[key]) return false;
  return true;
}

const pct = (r: number) => Math.round(r * 100);

function fill(n: TreeNodeView): string {
  if (n.id === 0) return 'color-mix(in srgb, var(--accent) 35%, var(--bg))';
  if (n.reward === null) return 'var(--panel)';
  return `color-mix(in srgb, color-mix(in srgb, var(--good) ${pct(n.reward)}%, var(--bad)) 40%, var(--bg))`;
}

function stroke(n: TreeNodeView): string {
  if (n.id === 0) return 'var(--accent)';
  if (n.reward === null) return 'var(--muted)';
  return `color-mix(in srgb, var(--good) ${pct(n.reward)}%, var(--bad))`;
}

/** The node's label for screen readers. */
export function describe(n: TreeNodeView): string {
  if (n.id === 0) return `Root: the problem. N ${n.visits}`;
  const score =
    n.status === 'no-code'
      ? 'no program'
      : n.reward === null
        ? 'not run yet'
        : `${n.passed} of ${n.total} examples pass`;
  const mean = n.visits > 0 ? `, V/N ${(n.value / n.visits).toFixed(2)}` : '';
  return `Node ${n.id}, child of ${n.parent}: ${score}, N ${n.visits}${mean}`;
}

function statsOf(n: TreeNodeView): string {
  if (n.visits > 0) return `N ${n.visits} · ${(n.value / n.visits).toFixed(2)}`;
  return n.reward === null ? '' : `${n.passed}/${n.total}`;
}

/** What this step highlights, computed once for all nodes. */
interface Marks {
  onPath: ReadonlySet<number>;
  uct: ReadonlyMap<number, number | null>;
  touched: ReadonlySet<number>;
  frontier: ReadonlySet<number>;
}

function marksOf(tree: TreeState): Marks {
  return {
    onPath: new Set(tree.selection?.path ?? []),
    uct: new Map(
      tree.phase === 'select' ? (tree.selection?.candidates ?? []).map((c) => [c.id, c.uct]) : []
    ),
    touched: new Set(tree.touched),
    frontier: new Set(tree.phase === 'frontier' ? tree.frontier : [])
  };
}

/**
 * The drawing of every node and link at this step, reusing `reuse`'s records for whatever
 * did not change. `selected` is the node the learner opened (null: none).
 */
export function canvasItems(
  tree: TreeState,
  layout: TreeLayout,
  selected: number | null,
  detail: Detail,
  reuse: { nodes: Reuse<NodeItem>; links: Reuse<LinkItem> }
): { nodes: NodeItem[]; links: LinkItem[] } {
  const m = marksOf(tree);
  const backup = tree.phase === 'backup';
  const nodes = layout.nodes.map(({ node: n, x, y, r }) => {
    const onPath = m.onPath.has(n.id);
    const uct = m.uct.get(n.id);
    const flags: [string, boolean][] = [
      ['on-path', onPath],
      ['chosen', tree.phase === 'select' && tree.selection?.selected === n.id],
      ['frontier', m.frontier.has(n.id)],
      ['fresh', tree.phase === 'expand' && m.touched.has(n.id)],
      ['backup', backup && m.touched.has(n.id)],
      ['answer', tree.answer === n.id],
      ['selected', selected === n.id],
      ['dead', n.status === 'no-code'],
      ['pending', n.reward === null && n.id !== 0]
    ];
    const cls = flags
      .filter(([, on]) => on)
      .map(([name]) => name)
      .join(' ');
    // nodes this step is about (or the learner opened) keep their labels at any zoom
    const notable =
      uct !== undefined || flags.some(([name, on]) => on && name !== 'dead' && name !== 'pending');
    return reuse.nodes.keep(n.id, {
      id: n.id,
      x,
      y,
      r,
      cls,
      fill: fill(n),
      stroke: stroke(n),
      label:
        detail === 'far' && !notable
          ? null
          : n.id === 0
            ? 'root'
            : n.status === 'no-code'
              ? '∅'
              : String(n.id),
      stats: detail === 'near' || onPath || uct !== undefined ? statsOf(n) : null,
      uct: uct === undefined ? null : `UCT ${uct === null ? '∞' : uct.toFixed(2)}`,
      aria: describe(n),
      pressed: selected === n.id
    });
  });
  const links = layout.links.map((l) =>
    reuse.links.keep(l.to, {
      from: l.from,
      to: l.to,
      d: l.d,
      cls: [
        m.onPath.has(l.to) && m.onPath.has(l.from) ? 'on-path' : '',
        backup && m.touched.has(l.to) ? 'backup' : ''
      ]
        .filter(Boolean)
        .join(' ')
    })
  );
  const ids = new Set(nodes.map((n) => n.id));
  reuse.nodes.prune(ids);
  reuse.links.prune(ids);
  return { nodes, links };
}
