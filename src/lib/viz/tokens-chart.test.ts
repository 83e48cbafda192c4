import { describe, expect, it } from 'vitest';
import type { TokensPerCall } from '$lib/core/views/turn-budget';
import { CHART_SIZE, MIN_SLOTS, growth, layoutTokens } from './tokens-chart';

const call = (n: number, promptTokens: number, completionTokens: number) => ({
  call: n,
  seq: n,
  label: `call ${n}`,
  promptTokens,
  completionTokens,
  estimated: true
});
const view: TokensPerCall = {
  calls: [call(1, 100, 50), call(2, 250, 50), call(3, 400, 100)],
  marks: [{ afterCall: 2, seq: 4, decision: 'granted', message: 'granted 1 more turn: x' }],
  maxTotal: 500,
  totalPrompt: 750,
  totalCompletion: 200,
  estimated: true
};

describe('layoutTokens', () => {
  const layout = layoutTokens(view);

  it('stacks the reply on the prompt, from the baseline up, in proportion', () => {
    for (const bar of layout.bars) {
      expect(bar.prompt.y + bar.prompt.height).toBeCloseTo(layout.plot.bottom);
      expect(bar.completion.y + bar.completion.height).toBeCloseTo(bar.prompt.y);
    }
    const [a, b, c] = layout.bars;
    expect(b.prompt.height / a.prompt.height).toBeCloseTo(2.5);
    expect(c.prompt.height + c.completion.height).toBeLessThanOrEqual(
      layout.plot.bottom - layout.plot.top
    );
    expect(a.x).toBeLessThan(b.x);
    expect(b.x).toBeLessThan(c.x);
  });

  it('keeps at least a few slots, and every bar inside the plot', () => {
    expect(layout.slots).toHaveLength(MIN_SLOTS);
    const last = layout.bars.at(-1)!;
    expect(last.x + last.width).toBeLessThanOrEqual(CHART_SIZE.width - CHART_SIZE.margin.right);
    expect(layout.ticks[0]).toEqual({ value: 0, y: layout.plot.bottom });
  });

  it('puts a budget mark in the gap after the call that asked', () => {
    const [mark] = layout.marks;
    const [, second, third] = layout.bars;
    expect(mark.x).toBeGreaterThan(second.x + second.width);
    expect(mark.x).toBeLessThan(third.x);
  });

  it('copes with no calls at all', () => {
    const empty = layoutTokens({ ...view, calls: [], marks: [], maxTotal: 0 });
    expect(empty.bars).toEqual([]);
    expect(empty.slots).toHaveLength(MIN_SLOTS);
  });
});

describe('growth', () => {
  it('compares the last prompt with the first', () => {
    expect(growth(view)).toBe('4.0×');
    expect(growth({ ...view, calls: view.calls.slice(0, 1) })).toBeNull();
  });
});
