/**
 * How much work one step of the tree view costs: for every step of a synthetic MCTS log, the
 * script the page reruns (reducer, layout, node records, timeline rows), and in Chromium the
 * whole step, a wheel zoom and a drag (see browser.ts).
 * A big tree (300+ nodes) is timed against a small one (30 nodes) in the same run, so the
 * ratio means something on any machine; the absolute times are compared with one frame at
 * 60 Hz (16.7 ms).
 *
 * The logs come from `syntheticLog` (src/lib/testing/tree-log.ts): the real search
 * bookkeeping with seeded random rewards.
 */
import { performance } from 'node:perf_hooks';
import type { RunEvent } from '../../lib/core/run/events';
import { stopsOf, timelineAt } from '../../lib/core/views/timeline';
import { treeAt } from '../../lib/core/views/tree';
import { syntheticLog } from '../../lib/testing/tree-log';
import { layoutTree } from '../../lib/viz/tree/layout';
import { canvasItems, Reuse, type LinkItem, type NodeItem } from '../../lib/viz/tree/items';
import { gestureOnce, sampleEach, stepOnce, withApp, type Sample } from './browser';
import { cpuProfile } from './profile';
import { forcedLayouts, traceSteps } from './trace';

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

const PARTS = ['reducer', 'layout', 'items', 'timeline', 'all'] as const;
type Part = (typeof PARTS)[number];

/**
 * Times, at every step of the log, what the page recomputes in script before the DOM: the
 * reducer (treeAt), the layout (d3-hierarchy), the canvas's node records (reused from the
 * step before, as in the page) and the timeline rows. Each step is timed `rounds` times and
 * the fastest kept: the machine is shared, and the minimum is the step's own cost.
 */
function timeSteps(events: RunEvent[], rounds: number): Record<Part, Timing> {
  const samples: Record<Part, number[]> = {
    reducer: [],
    layout: [],
    items: [],
    timeline: [],
    all: []
  };
  const reuse = { nodes: new Reuse<NodeItem>(), links: new Reuse<LinkItem>() };
  for (const p of stopsOf(events)) {
    const best = { reducer: Infinity, layout: Infinity, items: Infinity, timeline: Infinity };
    for (let r = 0; r < rounds; r++) {
      const visible = events.slice(0, p);
      const t0 = performance.now();
      const state = treeAt(visible);
      const t1 = performance.now();
      const layout = state ? layoutTree(state) : null;
      const t2 = performance.now();
      if (state && layout) canvasItems(state, layout, null, 'mid', reuse);
      const t3 = performance.now();
      timelineAt(visible);
      const t4 = performance.now();
      best.reducer = Math.min(best.reducer, t1 - t0);
      best.layout = Math.min(best.layout, t2 - t1);
      best.items = Math.min(best.items, t3 - t2);
      best.timeline = Math.min(best.timeline, t4 - t3);
    }
    for (const [part, t] of Object.entries(best)) samples[part as Part].push(t);
    samples.all.push(best.reducer + best.layout + best.items + best.timeline);
  }
  return Object.fromEntries(PARTS.map((part) => [part, summarise(samples[part])])) as Record<
    Part,
    Timing
  >;
}

const ms = (x: number) => `${x.toFixed(3)} ms`;
const ratio = (x: number, ref: number) => `${(x / ref).toFixed(1)}x`;

/** Node-only: the reducer and layout per step, each size against the first (the reference). */
function nodeBench(logs: { nodes: number; events: RunEvent[] }[], rounds: number): void {
  for (const log of logs) timeSteps(log.events, 1); // warm up the JIT before timing
  const results = logs.map((log) => timeSteps(log.events, rounds));
  const [ref] = results;
  console.log(
    `script per step in Node (reducer, layout, node records, timeline rows), every step timed ${rounds} times, fastest kept; ` +
      `ratios against the ${logs[0].nodes}-node reference:`
  );
  for (const part of PARTS)
    logs.forEach((log, i) => {
      const r = results[i][part];
      console.log(
        `  ${part.padEnd(8)} ${String(log.nodes).padStart(4)} nodes (${log.events.length} events): ` +
          `median ${ms(r.median)}  p95 ${ms(r.p95)}  max ${ms(r.max)}  |  ` +
          `median ${ratio(r.median, ref[part].median)}  p95 ${ratio(r.p95, ref[part].p95)}`
      );
    });
}

function line(label: string, samples: Sample[], ref: Sample[] | null): string {
  const latency = summarise(samples.map((s) => s.latency));
  const work = summarise(samples.map((s) => s.work));
  const vs = ref
    ? (() => {
        const rl = summarise(ref.map((s) => s.latency));
        const rw = summarise(ref.map((s) => s.work));
        return `  |  vs reference: latency ${ratio(latency.median, rl.median)} / p95 ${ratio(latency.p95, rl.p95)}, work ${ratio(work.median, rw.median)} / p95 ${ratio(work.p95, rw.p95)}`;
      })()
    : '';
  return (
    `  ${label}: to 2nd frame median ${ms(latency.median)} p95 ${ms(latency.p95)} max ${ms(latency.max)}; ` +
    `main thread median ${ms(work.median)} p95 ${ms(work.p95)} max ${ms(work.max)}${vs}`
  );
}

/** Chromium: every step of each log, then wheel zooms and drags on its final tree. */
async function browserRuns(
  logs: { nodes: number; events: RunEvent[] }[],
  profile: boolean,
  trace: boolean,
  last: number
): Promise<void> {
  await withApp(async (open, browser) => {
    const steps: Sample[][] = [];
    const zooms: Sample[][] = [];
    const pans: Sample[][] = [];
    for (const log of logs) {
      const count = stopsOf(log.events).length - 1;
      // the last `last` steps, where the tree is (nearly) at its full size
      const from = Math.max(0, count - last);
      let page = await open(log.events, from);
      steps.push(await sampleEach(page, count - from, () => stepOnce(page)));
      await page.close();
      page = await open(log.events, count);
      // 8 notches in, 8 out, twice: zooming around the whole range a learner uses
      zooms.push(
        await sampleEach(page, 32, (i) => gestureOnce(page, i % 16 >= 8 ? 'zoom-out' : 'zoom-in'))
      );
      pans.push(
        await sampleEach(page, 30, (i) => gestureOnce(page, i % 2 ? 'pan-left' : 'pan-right'))
      );
      await page.close();
    }
    const nodes = logs.map((l) => String(l.nodes).padStart(4));
    console.log(
      'Chromium, 1280×800; "to 2nd frame" is what the learner waits (never under one frame: ' +
        'the input waits for the next frame), "main thread" the work Chromium did for it ' +
        '(script + style + layout + paint; a 60 Hz frame has 16.7 ms):'
    );
    logs.forEach((_, i) =>
      console.log(line(`step  ${nodes[i]} nodes`, steps[i], i ? steps[0] : null))
    );
    logs.forEach((_, i) =>
      console.log(line(`zoom  ${nodes[i]} nodes`, zooms[i], i ? zooms[0] : null))
    );
    logs.forEach((_, i) =>
      console.log(line(`pan   ${nodes[i]} nodes`, pans[i], i ? pans[0] : null))
    );
    if (profile) {
      const log = logs[1];
      const page = await open(log.events);
      const count = Math.min(stopsOf(log.events).length - 1, last);
      const top = await cpuProfile(page, async () => {
        for (let i = 0; i < count; i++) await stepOnce(page);
      });
      console.log(`CPU profile of the ${log.nodes}-node walk (${count} steps), self time:`);
      for (const [fn, t] of top) console.log(`  ${t.toFixed(1).padStart(8)} ms  ${fn}`);
      await page.close();
    }
    if (trace) {
      // the same last steps of every log, traced: where the main thread's time went
      const count = Math.min(last, 80);
      console.log(
        `Chromium trace of the last ${count} steps, main thread self time per step (ms; tracing adds its own overhead):`
      );
      for (const log of logs) {
        const end = stopsOf(log.events).length - 1;
        let page = await open(log.events, end - count);
        const r = await traceSteps(browser, page, count, () => stepOnce(page));
        const parts = Object.entries(r.perStep).map(([k, v]) => `${k} ${v.toFixed(1)}`);
        console.log(`  ${String(log.nodes).padStart(4)} nodes: ${parts.join(' | ')}`);
        console.log(
          `       top: ${r.top
            .slice(0, 8)
            .map(([n, t]) => `${n} ${t.toFixed(1)}`)
            .join('; ')}`
        );
        await page.close();
        page = await open(log.events, end - count);
        const forced = await forcedLayouts(browser, page, count, () => stepOnce(page));
        for (const [where, t] of forced.slice(0, 4))
          console.log(`       forced by script: ${t.toFixed(2)} ms  ${where}`);
        await page.close();
      }
    }
  });
}

export async function main(args: string[]): Promise<number> {
  const lastArg = args.find((a) => a.startsWith('--last='));
  const last = lastArg ? Number(lastArg.slice('--last='.length)) : Infinity;
  const numbers = args.filter((a) => !a.startsWith('--')).map(Number);
  const sizes = [30, ...(numbers.length ? numbers : [330, 600])];
  const rounds = 5;
  const logs = sizes.map((nodes) => ({ nodes, events: syntheticLog(nodes) }));
  nodeBench(logs, rounds);
  if (!args.includes('--browser')) {
    console.log(
      'npm run bench:tree -- --browser also times steps, zoom and pan in Chromium (needs a build).'
    );
    return 0;
  }
  await browserRuns(logs, args.includes('--profile'), args.includes('--trace'), last);
  return 0;
}
