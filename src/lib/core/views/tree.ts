/**
 * The tree of a search at a prefix of the log, rebuilt from the tree notes alone (so a
 * rewound, replayed or live run shows the same tree), plus the timeline rows of those notes.
 */
import type { ExecuteEvent, Note, RunEvent } from '../run/events';
import type { TimelineRow } from './timeline-row';

type TreeNote = Extract<Note, { type: `tree-${string}` }>;
type NoteOf<T extends TreeNote['type']> = Extract<TreeNote, { type: T }>;

export interface TreeNodeView {
  id: number;
  parent: number | null;
  depth: number;
  strategy: string | null;
  code: string | null;
  /** share of visible examples passed; null until evaluated */
  reward: number | null;
  passed: number;
  total: number;
  status: 'pending' | 'ok' | 'error' | 'timeout' | 'no-code';
  visits: number;
  /** V, the sum of backed-up rewards (V / N is the mean) */
  value: number;
  reflection: string | null;
  /** log index of the execution that evaluated this node on the examples */
  exec: number | null;
  /** log index of the note that created this node (the root: the search's start) */
  seq: number;
}

type TreePhase =
  | 'start'
  | 'strategies'
  | 'frontier'
  | 'select'
  | 'expand'
  | 'evaluate'
  | 'reflect'
  | 'backup'
  | 'answer';

export interface TreeState {
  search: NoteOf<'tree-start'>['search'];
  budget: number;
  used: number;
  /** index = node id; node 0 is the root (the problem) */
  nodes: TreeNodeView[];
  /** what the latest tree note did */
  phase: TreePhase;
  iteration: number;
  strategies: string[];
  /** the latest MCTS selection: its path stays highlighted until the next one */
  selection: Omit<NoteOf<'tree-select'>, 'type'> | null;
  /** BFS: the nodes the current level expands */
  frontier: number[];
  /** nodes the latest note changed (new, evaluated, reflected on, backed up) */
  touched: number[];
  answer: number | null;
  /** log index of the hidden-test grading of the answer, once it ran */
  hiddenExec: number | null;
}

export function blankNode(
  id: number,
  parent: number | null,
  depth: number,
  seq: number
): TreeNodeView {
  return {
    id,
    parent,
    depth,
    strategy: null,
    code: null,
    reward: null,
    passed: 0,
    total: 0,
    status: 'pending',
    visits: 0,
    value: 0,
    reflection: null,
    exec: null,
    seq
  };
}

/** The search tree after events[0..n); null when the log has no tree search. */
export function treeAt(events: readonly RunEvent[]): TreeState | null {
  let state: TreeState | null = null;
  // The latest visible-examples run of each program text: what a tree-evaluate note reports.
  const execByCode = new Map<string, number>();
  for (const e of events) {
    if (e.kind === 'execute') {
      if (e.request.suite === 'visible') execByCode.set(e.request.code, e.seq);
      else if (state) state.hiddenExec = e.seq;
      continue;
    }
    if (e.kind !== 'note' || !e.note.type.startsWith('tree-')) continue;
    const note = e.note as TreeNote;
    if (note.type === 'tree-start') {
      state = {
        search: note.search,
        budget: note.budget,
        used: 0,
        nodes: [blankNode(0, null, 0, e.seq)],
        phase: 'start',
        iteration: 0,
        strategies: [],
        selection: null,
        frontier: [],
        touched: [],
        answer: null,
        hiddenExec: null
      };
      continue;
    }
    if (state) apply(state, note, e.seq, execByCode);
  }
  return state;
}

function apply(
  state: TreeState,
  note: TreeNote,
  seq: number,
  execByCode: Map<string, number>
): void {
  const nodes = state.nodes;
  switch (note.type) {
    case 'tree-strategies':
      state.phase = 'strategies';
      state.strategies = note.strategies;
      state.used = note.used;
      state.touched = [0];
      break;
    case 'tree-frontier':
      state.phase = 'frontier';
      state.frontier = note.expand;
      state.touched = note.expand;
      break;
    case 'tree-select': {
      const { type: _, ...selection } = note;
      state.phase = 'select';
      state.iteration = note.iteration;
      state.selection = selection;
      state.touched = [note.selected];
      break;
    }
    case 'tree-node': {
      const node = blankNode(note.id, note.parent, note.depth, seq);
      node.strategy = note.strategy;
      node.code = note.code;
      if (note.code === null) node.status = 'no-code';
      nodes[note.id] = node;
      state.phase = 'expand';
      state.used = note.used;
      state.touched = [note.id];
      break;
    }
    case 'tree-evaluate':
      state.phase = 'evaluate';
      for (const r of note.nodes) {
        const node = nodes[r.id];
        if (!node) continue;
        node.reward = r.reward;
        node.passed = r.passed;
        node.total = r.total;
        node.status = r.status;
        node.exec = node.code === null ? null : (execByCode.get(node.code) ?? null);
      }
      state.touched = note.nodes.map((r) => r.id);
      break;
    case 'tree-reflect':
      if (nodes[note.id]) nodes[note.id].reflection = note.text;
      state.phase = 'reflect';
      state.used = note.used;
      state.touched = [note.id];
      break;
    case 'tree-backup':
      for (const u of note.updates) {
        const node = nodes[u.id];
        if (!node) continue;
        node.visits = u.visits;
        node.value = u.value;
      }
      state.phase = 'backup';
      state.touched = note.updates.map((u) => u.id);
      break;
    case 'tree-answer':
      state.phase = 'answer';
      state.answer = note.id;
      state.used = note.used;
      state.touched = note.id === null ? [] : [note.id];
      break;
  }
}

/** The log event that evaluated a node (its test results), if it is in the prefix. */
export function nodeExecution(
  events: readonly RunEvent[],
  seq: number | null
): ExecuteEvent | null {
  if (seq === null) return null;
  const e = events[seq];
  return e?.kind === 'execute' ? e : null;
}

const pct = (r: number) => `${Math.round(r * 100)}%`;

/** A timeline row for a tree note, in the generic row kinds the timeline has icons for. */
export function treeTimelineRow(
  note: Note
): Pick<TimelineRow, 'kind' | 'title' | 'detail' | 'tone'> | null {
  if (!note.type.startsWith('tree-')) return null;
  const n = note as TreeNote;
  switch (n.type) {
    case 'tree-start':
      return {
        kind: 'decision',
        title: 'Search starts',
        detail: `${n.search === 'bfs' ? 'breadth first' : n.search === 'mcts' ? 'Monte Carlo (UCT)' : 'resample and filter'}, budget ${n.budget} model calls`,
        tone: 'neutral'
      };
    case 'tree-strategies':
      return {
        kind: 'decision',
        title: 'Strategies',
        detail: n.strategies.length
          ? n.strategies.map((s, i) => `${i + 1}. ${s}`).join(' ')
          : 'no numbered list found: programs without a strategy',
        tone: n.strategies.length ? 'neutral' : 'bad'
      };
    case 'tree-frontier':
      return {
        kind: 'decision',
        title: `Level ${n.depth}`,
        detail: `expand ${n.expand.map((id) => (id === 0 ? 'the root' : `node ${id}`)).join(', ')}`,
        tone: 'neutral'
      };
    case 'tree-select':
      return {
        kind: 'decision',
        title: `Select (iteration ${n.iteration})`,
        detail: `path ${n.path.join(' → ')}; expand node ${n.selected}`,
        tone: 'neutral'
      };
    case 'tree-node':
      return {
        kind: 'program',
        title: `Node ${n.id}`,
        detail:
          n.code === null
            ? `child of ${n.parent}: the reply had no program`
            : `child of ${n.parent}, ${n.code.split('\n').length - 1} lines`,
        tone: n.code === null ? 'bad' : 'neutral'
      };
    case 'tree-evaluate':
      return {
        kind: 'execution',
        title: 'Evaluate',
        detail: n.nodes.map((r) => `node ${r.id}: ${r.passed}/${r.total}`).join(', '),
        tone: n.nodes.some((r) => r.reward === 1) ? 'good' : 'neutral'
      };
    case 'tree-reflect':
      return {
        kind: 'feedback',
        title: `Reflection on node ${n.id}`,
        detail: n.text.split('\n')[0],
        tone: 'neutral'
      };
    case 'tree-backup':
      return {
        kind: 'decision',
        title: `Backup (iteration ${n.iteration})`,
        detail: n.updates
          .map((u) => `${u.id}: N=${u.visits} V/N=${pct(u.value / u.visits)}`)
          .join(', '),
        tone: 'neutral'
      };
    case 'tree-answer':
      return {
        kind: 'decision',
        title: 'Answer',
        detail: n.reason,
        tone: n.id === null ? 'bad' : 'neutral'
      };
  }
}
