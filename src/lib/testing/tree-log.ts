/**
 * A big MCTS-shaped log for the tree view's benchmark and tests: built by the real search
 * bookkeeping (SearchTree: UCT selection, expansion, backup) with seeded random rewards; the
 * executions in it are stand-ins (no Python runs), so hundreds of nodes cost nothing to make.
 * (Relative imports: the benchmark loads this file outside Vite.)
 */
import type { ExecResult } from '../core/run/effects';
import { LOG_VERSION, type RunEvent } from '../core/run/events';
import type { Run } from '../core/run/run';
import { seededRandom } from '../core/run/random';
import { SearchTree } from '../core/techniques/tree/search-tree';

const TESTS = [
  { input: '1', expected: '1' },
  { input: '2', expected: '2' },
  { input: '3', expected: '3' }
];

/**
 * An MCTS-shaped log with `nodes` program nodes, 3 children per expansion, laid out as the
 * real technique's: select, then a model call and a node per child, their executions, the
 * evaluation and the backup (no reflections).
 */
export function syntheticLog(nodes: number, seed = 7): RunEvent[] {
  const random = seededRandom(seed);
  const tree = new SearchTree();
  const events: RunEvent[] = [];
  let t = 0;
  const note = (n: Extract<RunEvent, { kind: 'note' }>['note']) =>
    events.push({ kind: 'note', seq: events.length, t, note: n });
  note({ type: 'tree-start', search: 'mcts', budget: nodes * 2 });
  let used = 0;
  for (let iteration = 1; tree.nodes.length - 1 < nodes; iteration++) {
    const selection = tree.select(1);
    note({ type: 'tree-select', iteration, weight: 1, ...selection });
    const kids = [];
    for (let j = 0; j < 3 && tree.nodes.length - 1 < nodes; j++) {
      const code = `def f(x):\n    return x + ${tree.nodes.length}\n`;
      // the model call that wrote the child: as in a real run, a step before its node
      events.push({
        kind: 'model',
        seq: events.length,
        t,
        dur: 1,
        label: `expand node ${selection.selected} (${j + 1} of 3)`,
        request: {
          messages: [{ role: 'user', content: 'Write f(x) that returns x.' }],
          temperature: 0.8,
          maxTokens: 256
        },
        result: {
          text: '```python\n' + code + '```\n',
          finishReason: 'stop',
          modelId: 'synthetic',
          usage: { promptTokens: 12, completionTokens: 14, estimated: true }
        }
      });
      t += 1;
      const kid = tree.add(selection.selected, { code });
      kids.push(kid);
      used++;
      note({
        type: 'tree-node',
        id: kid.id,
        parent: kid.parent ?? 0,
        depth: kid.depth,
        strategy: null,
        code,
        used
      });
    }
    const rewards = kids.map(() => Math.floor(random() * 3));
    kids.forEach((kid, i) => {
      const result: ExecResult = {
        status: 'ok',
        tests: TESTS.map((c, k) => ({
          ...c,
          status: k < rewards[i] ? 'pass' : 'fail',
          actual: k < rewards[i] ? c.expected : String(Number(c.expected) + 1),
          error: null
        })),
        error: null,
        stdout: '',
        stderr: '',
        durationMs: 1
      };
      events.push({
        kind: 'execute',
        seq: events.length,
        t,
        dur: 1,
        label: `run the examples on node ${kid.id}`,
        request: {
          language: 'python',
          code: kid.code ?? '',
          entryPoint: 'f',
          tests: TESTS,
          timeoutMs: 1000,
          suite: 'visible'
        },
        result
      });
      t += 1;
    });
    note({
      type: 'tree-evaluate',
      nodes: kids.map((kid, i) => {
        kid.reward = rewards[i] / 3;
        return { id: kid.id, passed: rewards[i], total: 3, reward: kid.reward, status: 'ok' };
      })
    });
    const updates = new Map<number, { id: number; visits: number; value: number }>();
    for (const kid of kids)
      for (const u of tree.backup(kid.id, kid.reward ?? 0)) updates.set(u.id, u);
    note({ type: 'tree-backup', iteration, updates: [...updates.values()] });
  }
  return events;
}

/** A run of `tree-mcts` around a synthetic log, to open as a permalink (nothing re-runs). */
export function syntheticRun(events: RunEvent[]): Run {
  return {
    version: LOG_VERSION,
    technique: 'tree-mcts',
    params: {},
    problem: {
      id: 'bench-identity',
      language: 'python',
      title: 'Benchmark',
      prompt: 'def f(x):\n    """Return x."""\n',
      entryPoint: 'f',
      visibleTests: [{ input: '1', expected: '1' }],
      hiddenTests: [{ input: '2', expected: '2' }]
    },
    model: { kind: 'scripted', id: 'bench', label: 'Synthetic benchmark log', responses: [] },
    seed: 1,
    events
  };
}
