/**
 * How much work one step of the tree view costs: for every step of a synthetic MCTS log, the
 * reducer (treeAt over the log prefix) and the layout (d3-hierarchy) that the view recomputes.
 * A big tree (300+ nodes) is timed against a small one (30 nodes) in the same run, so the
 * ratio means something on any machine; the absolute times are compared with one frame at
 * 60 Hz (16.7 ms). The DOM's own cost is not measured here.
 *
 * The logs are built by the real search bookkeeping (SearchTree: UCT selection and backup)
 * with seeded random rewards; the executions in them are stand-ins (no Python runs).
 */
import { performance } from 'node:perf_hooks';
import type { RunEvent } from '../../lib/core/run/events';
import type { ExecResult } from '../../lib/core/run/effects';
import { stopsOf } from '../../lib/core/run/views';
import { treeAt } from '../../lib/core/run/views-tree';
import { seededRandom } from '../../lib/core/run/random';
import { SearchTree } from '../../lib/core/search/tree';
import { layoutTree } from '../../lib/components/views/tree/layout';
import { browserBench } from './browser';

const TESTS = [
  { input: '1', expected: '1' },
  { input: '2', expected: '2' },
  { input: '3', expected: '3' }
];

/** An MCTS-shaped log with `nodes` program nodes (3 children per expansion). */
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
          actual: c.expected,
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

interface Timing {
  steps: number;
  median: number;
  p95: number;
  max: number;
  total: number;
}

function summarise(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return {
    steps: samples.length,
    median: at(0.5),
    p95: at(0.95),
    max: sorted[sorted.length - 1],
    total: samples.reduce((a, b) => a + b, 0)
  };
}

/**
 * Times treeAt + layoutTree at every step of the log. Each step is timed `rounds` times and
 * the fastest kept: the machine is shared, and the minimum is the step's own cost.
 */
function timeSteps(
  events: RunEvent[],
  rounds: number
): { reducer: Timing; layout: Timing; both: Timing } {
  const stops = stopsOf(events);
  const reducer: number[] = [];
  const layout: number[] = [];
  const both: number[] = [];
  for (const p of stops) {
    let bestReducer = Infinity;
    let bestLayout = Infinity;
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      const state = treeAt(events.slice(0, p));
      const t1 = performance.now();
      if (state) layoutTree(state);
      const t2 = performance.now();
      bestReducer = Math.min(bestReducer, t1 - t0);
      bestLayout = Math.min(bestLayout, t2 - t1);
    }
    reducer.push(bestReducer);
    layout.push(bestLayout);
    both.push(bestReducer + bestLayout);
  }
  return { reducer: summarise(reducer), layout: summarise(layout), both: summarise(both) };
}

const ms = (x: number) => `${x.toFixed(3)} ms`;

export async function main(args: string[]): Promise<number> {
  const inBrowser = args.includes('--browser');
  const numbers = args.filter((a) => !a.startsWith('--'));
  const big = Number(numbers[0] ?? 330);
  const small = 30;
  const rounds = Number(numbers[1] ?? 5);
  const logs = { small: syntheticLog(small), big: syntheticLog(big) };
  // warm up the JIT on both before timing
  timeSteps(logs.small, 1);
  timeSteps(logs.big, 1);
  const results = { small: timeSteps(logs.small, rounds), big: timeSteps(logs.big, rounds) };
  const final = treeAt(logs.big);
  console.log(
    `tree bench: ${small}-node reference vs ${final ? final.nodes.length - 1 : 0}-node tree ` +
      `(${logs.small.length} and ${logs.big.length} events), every step timed ${rounds} times, fastest kept`
  );
  for (const part of ['reducer', 'layout', 'both'] as const) {
    const s = results.small[part];
    const b = results.big[part];
    console.log(
      `${part.padEnd(8)} per step  ${small}: median ${ms(s.median)}  p95 ${ms(s.p95)}  max ${ms(s.max)}` +
        `  |  ${big}: median ${ms(b.median)}  p95 ${ms(b.p95)}  max ${ms(b.max)}` +
        `  |  ratio of medians ${(b.median / s.median).toFixed(1)}x`
    );
  }
  const worst = results.big.both.max;
  console.log(
    `slowest step at ${big} nodes: ${ms(worst)} = ${((worst / 16.7) * 100).toFixed(1)}% of a 60 Hz frame ` +
      '(reducer + layout only; rendering the SVG comes on top)'
  );
  if (!inBrowser) {
    console.log(
      'npm run bench:tree -- --browser also times each step in Chromium (needs a build).'
    );
    return 0;
  }
  const [s, b] = await browserBench([
    { nodes: small, events: logs.small, steps: stopsOf(logs.small).length - 1 },
    { nodes: big, events: logs.big, steps: stopsOf(logs.big).length - 1 }
  ]);
  console.log('Chromium, 1280×800, → pressed at every step, time to the second frame after it:');
  for (const r of [s, b])
    console.log(
      `  ${String(r.nodes).padStart(4)} nodes at the end, ${r.steps} steps: median ${ms(r.median)}  p95 ${ms(r.p95)}  max ${ms(r.max)}`
    );
  console.log(
    `  ratio of medians ${(b.median / s.median).toFixed(1)}x, of p95 ${(b.p95 / s.p95).toFixed(1)}x`
  );
  return 0;
}
