/** What the latest step of a search did, in one sentence (shown above the tree). */
import type { TreeState } from '$lib/core/views/tree';

const fmt = (x: number) => x.toFixed(2);
const nodeName = (id: number) => (id === 0 ? 'the root' : `node ${id}`);

export function captionOf(state: TreeState): string {
  const { nodes, touched } = state;
  switch (state.phase) {
    case 'start':
      return 'The search starts from the root: the problem, with no program yet.';
    case 'strategies':
      return `Strategies: ${state.strategies.length || 'no'} approaches to try, one program each.`;
    case 'frontier':
      return `Level ${nodes.length > 1 ? Math.max(...touched.map((id) => nodes[id].depth)) + 1 : 1}: expand ${touched.map(nodeName).join(', ')}.`;
    case 'select': {
      const s = state.selection;
      if (!s) return '';
      const chosen = s.candidates.filter((c) => s.path.includes(c.id));
      const last = chosen.at(-1);
      return (
        `Iteration ${state.iteration} · select: ` +
        (last
          ? `follow the highest UCT down to ${nodeName(s.selected)} (UCT ${last.uct === null ? '∞' : fmt(last.uct)}).`
          : 'the root has no children yet, so expand the root.')
      );
    }
    case 'expand': {
      const n = nodes[touched[0]];
      return n.code === null
        ? `Expand: the reply for node ${n.id} had no program (a dead leaf).`
        : `Expand: node ${n.id}, a new program under ${nodeName(n.parent ?? 0)}.`;
    }
    case 'evaluate':
      return `Evaluate on the examples: ${touched.map((id) => `node ${id} ${nodes[id].passed}/${nodes[id].total}`).join(', ')}.`;
    case 'reflect':
      return `Reflect on node ${touched[0]}: why it failed, for the expansions below it.`;
    case 'backup':
      return `Backup: each new reward adds a visit and its value up to the root (${touched.length} nodes updated).`;
    case 'answer':
      return state.answer === null
        ? 'The search is over, with no program to answer with.'
        : `Answer: node ${state.answer}, the best on the examples. Now the hidden tests grade it.`;
  }
}
