/**
 * Layout of the tokens-per-call chart: one stacked bar per model call (prompt below,
 * completion on top) and a marker after each call whose reply asked for more turns.
 * D3 computes the scales; the Svelte component draws what this returns.
 */
import { scaleBand, scaleLinear } from 'd3-scale';
import type { TokensPerCall } from '$lib/core/views/turn-budget';

export interface ChartSize {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export const CHART_SIZE: ChartSize = {
  width: 360,
  height: 180,
  margin: { top: 22, right: 8, bottom: 26, left: 44 }
};

/** Slots drawn even before the calls happen, so the first bars are not a wall of colour. */
export const MIN_SLOTS = 4;

export interface Bar {
  call: number;
  x: number;
  width: number;
  prompt: { y: number; height: number };
  completion: { y: number; height: number };
}

export interface Mark {
  x: number;
  decision: 'granted' | 'refused';
  message: string;
}

export interface TokensLayout {
  bars: Bar[];
  marks: Mark[];
  ticks: { value: number; y: number }[];
  /** x of the centre of each slot, for the call-number labels */
  slots: { call: number; x: number }[];
  plot: { left: number; right: number; top: number; bottom: number };
}

export function layoutTokens(view: TokensPerCall, size: ChartSize = CHART_SIZE): TokensLayout {
  const { width, height, margin } = size;
  const plot = {
    left: margin.left,
    right: width - margin.right,
    top: margin.top,
    bottom: height - margin.bottom
  };
  const count = Math.max(view.calls.length, MIN_SLOTS);
  const x = scaleBand<number>()
    .domain(Array.from({ length: count }, (_, i) => i + 1))
    .range([plot.left, plot.right])
    .paddingInner(0.3)
    .paddingOuter(0.15);
  const y = scaleLinear()
    .domain([0, Math.max(view.maxTotal, 1)])
    .range([plot.bottom, plot.top])
    .nice(4);
  const h = (v: number) => plot.bottom - y(v);

  const bars = view.calls.map((c): Bar => {
    const promptTop = y(c.promptTokens);
    return {
      call: c.call,
      x: x(c.call) ?? 0,
      width: x.bandwidth(),
      prompt: { y: promptTop, height: h(c.promptTokens) },
      completion: { y: promptTop - h(c.completionTokens), height: h(c.completionTokens) }
    };
  });
  // A marker sits in the gap after the call whose reply asked.
  const gap = x.step() - x.bandwidth();
  const marks = view.marks.map((m): Mark => ({
    x: (x(Math.max(m.afterCall, 1)) ?? plot.left) + x.bandwidth() + gap / 2,
    decision: m.decision,
    message: m.message
  }));
  return {
    bars,
    marks,
    ticks: y.ticks(4).map((value) => ({ value, y: y(value) })),
    slots: x.domain().map((call) => ({ call, x: (x(call) ?? 0) + x.bandwidth() / 2 })),
    plot
  };
}

/** How many times the first prompt the last one is, e.g. "3.4×" (null with fewer than 2 calls). */
export function growth(view: TokensPerCall): string | null {
  const first = view.calls[0]?.promptTokens ?? 0;
  const last = view.calls.at(-1)?.promptTokens ?? 0;
  if (view.calls.length < 2 || first === 0) return null;
  return `${(last / first).toFixed(1)}×`;
}
