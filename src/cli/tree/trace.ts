/**
 * `npm run bench:tree -- --browser --trace`: a Chromium performance trace (the timeline
 * DevTools records) of stepping a tree, folded into where the main thread's time went: script,
 * style recalculation, layout, paint (pre-paint, paint, layerize, commit) and the rest, as self
 * time per step. Self time: a `Paint` inside a `FunctionCall` counts as paint, not twice.
 */
import type { Browser, Page } from '@playwright/test';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink'];

const KINDS: [Kind, RegExp][] = [
  [
    'style',
    /UpdateLayoutTree|RecalculateStyles|recalcStyle|StyleRecalc|ParseAuthorStyleSheet|StyleEngine|Invalidat/
  ],
  ['layout', /Layout|InlineNode|LayoutObject|IntersectionObserver/],
  [
    'paint',
    /Paint|Layerize|Commit|Composit|PrePaint|Raster|Decode|cc::|Blink\.(PrePaint|Paint|Compositing)/
  ],
  ['animation', /Animation|Transition/],
  [
    'script',
    /FunctionCall|EventDispatch|TimerFire|FireAnimationFrame|Microtask|EvaluateScript|^v8|^V8|GC|ThreadState|Observer/
  ]
];
type Kind = 'script' | 'style' | 'layout' | 'paint' | 'animation' | 'other';

/** Which kind of work a trace event's self time is. */
export function kindOf(name: string): Kind {
  return KINDS.find(([, re]) => re.test(name))?.[0] ?? 'other';
}

/** Self time (ms) of each event name on the renderer's main thread. */
function selfTimes(events: TraceEvent[]): Map<string, number> {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const onMain = events
    .filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  // a stack of open events: each one's time minus its children's is its own
  const stack: { e: TraceEvent; end: number; child: number }[] = [];
  const close = (until: number) => {
    while (stack.length && stack[stack.length - 1].end <= until) {
      const top = stack.pop()!;
      const own = (top.e.dur ?? 0) - top.child;
      self.set(top.e.name, (self.get(top.e.name) ?? 0) + own / 1000);
      if (stack.length) stack[stack.length - 1].child += top.e.dur ?? 0;
    }
  };
  for (const e of onMain) {
    close(e.ts);
    // the outermost task is the "RunTask" wrapper: its self time is scheduling, kept as other
    stack.push({ e, end: e.ts + (e.dur ?? 0), child: 0 });
  }
  close(Infinity);
  return self;
}

export interface TraceSummary {
  steps: number;
  /** ms per step by kind of work */
  perStep: Record<string, number>;
  /** the event names with the most self time, ms per step */
  top: [string, number][];
}

/** Traces `count` calls of `act` on `page` and folds the main thread's time per step. */
export async function traceSteps(
  browser: Browser,
  page: Page,
  count: number,
  act: () => Promise<unknown>,
  onlyOther = false
): Promise<TraceSummary> {
  await browser.startTracing(page, { categories: CATEGORIES });
  for (let i = 0; i < count; i++) await act();
  const buffer = await browser.stopTracing();
  const { traceEvents } = JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] };
  const self = selfTimes(traceEvents);
  const perStep: Record<string, number> = {
    script: 0,
    style: 0,
    layout: 0,
    paint: 0,
    animation: 0,
    other: 0
  };
  for (const [name, t] of self) perStep[kindOf(name)] += t / count;
  perStep.total = Object.values(perStep).reduce((a, b) => a + b, 0);
  const top = [...self.entries()]
    .filter(([name]) => !onlyOther || kindOf(name) === 'other')
    .map(([name, t]): [string, number] => [name, t / count])
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15);
  return { steps: count, perStep, top };
}

interface StackFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

/**
 * Style and layout that script forced in the middle of a task (reading a size or the
 * selection while the page had changes pending), by the top of the script's stack: ms per step.
 */
export async function forcedLayouts(
  browser: Browser,
  page: Page,
  count: number,
  act: () => Promise<unknown>
): Promise<[string, number][]> {
  await browser.startTracing(page, {
    categories: [...CATEGORIES, 'disabled-by-default-devtools.timeline.stack']
  });
  for (let i = 0; i < count; i++) await act();
  const buffer = await browser.stopTracing();
  const { traceEvents } = JSON.parse(buffer.toString()) as {
    traceEvents: (TraceEvent & {
      args?: { beginData?: { stackTrace?: StackFrame[] }; data?: { stackTrace?: StackFrame[] } };
    })[];
  };
  const out = new Map<string, number>();
  for (const e of traceEvents) {
    if (e.ph !== 'X' || !(e.name === 'Layout' || e.name === 'UpdateLayoutTree')) continue;
    const stack = e.args?.beginData?.stackTrace ?? e.args?.data?.stackTrace;
    if (!stack?.length) continue;
    const where = stack
      .slice(0, 3)
      .map((f) => `${f.functionName || '(anonymous)'}@${f.url.split('/').pop()}:${f.lineNumber}`)
      .join(' < ');
    const key = `${e.name} ${where}`;
    out.set(key, (out.get(key) ?? 0) + (e.dur ?? 0) / 1000 / count);
  }
  return [...out.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
}
