import { describe, expect, it } from 'vitest';
import { RunEventSchema, type RunEvent } from '../run/events';
import { budgetAt, tokensPerCall } from './turn-budget';

/** A model event as the log holds it (checked by the log's own schema). */
function call(seq: number, promptTokens: number, completionTokens: number, estimated = false) {
  return RunEventSchema.parse({
    kind: 'model',
    seq,
    t: seq,
    dur: 1,
    label: `call at ${seq}`,
    request: { messages: [{ role: 'user', content: 'x' }], temperature: 0, maxTokens: 100 },
    result: {
      text: 'y',
      finishReason: 'stop',
      modelId: 'm',
      usage: { promptTokens, completionTokens, estimated }
    }
  });
}
function note(seq: number, decision: 'granted' | 'refused', cap: number): RunEvent {
  return RunEventSchema.parse({
    kind: 'note',
    seq,
    t: seq,
    note: {
      type: 'turn-budget',
      turn: 2,
      decision,
      turns: decision === 'granted' ? 1 : 0,
      request: 'why',
      cap,
      extensionsLeft: 0,
      message: decision === 'granted' ? 'granted 1 more turn: why' : 'refused: no extensions left'
    }
  });
}
const program = (seq: number): RunEvent =>
  RunEventSchema.parse({ kind: 'note', seq, t: seq, note: { type: 'program', turn: 1, code: '' } });

describe('tokensPerCall', () => {
  it('is empty before any call', () => {
    expect(tokensPerCall([])).toEqual({
      calls: [],
      marks: [],
      maxTotal: 0,
      totalPrompt: 0,
      totalCompletion: 0,
      estimated: false
    });
  });

  it('gives each call its prompt and completion tokens, in log order, with the totals', () => {
    const events = [call(0, 100, 40), program(1), call(2, 180, 60), call(3, 300, 10)];
    const view = tokensPerCall(events);
    expect(view.calls.map((c) => [c.call, c.seq, c.promptTokens, c.completionTokens])).toEqual([
      [1, 0, 100, 40],
      [2, 2, 180, 60],
      [3, 3, 300, 10]
    ]);
    expect(view.maxTotal).toBe(310);
    expect(view.totalPrompt).toBe(580);
    expect(view.totalCompletion).toBe(110);
    expect(view.estimated).toBe(false);
  });

  it('marks estimated counts per call and overall', () => {
    const view = tokensPerCall([call(0, 10, 5), call(1, 20, 5, true)]);
    expect(view.calls.map((c) => c.estimated)).toEqual([false, true]);
    expect(view.estimated).toBe(true);
  });

  it('places each budget decision after the call whose reply asked', () => {
    const events = [call(0, 10, 5), call(1, 20, 5), note(2, 'granted', 3), call(3, 30, 5)];
    events.push(note(4, 'refused', 3));
    expect(tokensPerCall(events).marks).toEqual([
      { afterCall: 2, seq: 2, decision: 'granted', message: 'granted 1 more turn: why' },
      { afterCall: 3, seq: 4, decision: 'refused', message: 'refused: no extensions left' }
    ]);
  });

  it('only counts what is in the prefix it is given', () => {
    const events = [call(0, 10, 5), call(1, 20, 5), call(2, 30, 5)];
    expect(tokensPerCall(events.slice(0, 2)).calls).toHaveLength(2);
  });
});

describe('budgetAt', () => {
  it('reads the mode and the base cap from the params, and the cap from the last decision', () => {
    expect(budgetAt([], { budget: 'dynamic', maxTurns: 2 })).toEqual({
      mode: 'dynamic',
      cap: 2,
      decisions: []
    });
    const events = [call(0, 1, 1), note(1, 'granted', 3)];
    expect(budgetAt(events, { budget: 'dynamic', maxTurns: 2 }).cap).toBe(3);
    expect(budgetAt([], { budget: 'fixed', maxIterations: 3 })).toMatchObject({ cap: 3 });
  });

  it('has no mode for a technique without a budget', () => {
    expect(budgetAt([], { samples: 5 })).toEqual({ mode: null, cap: null, decisions: [] });
    expect(budgetAt([], undefined).mode).toBeNull();
  });
});
