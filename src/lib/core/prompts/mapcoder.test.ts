/** The lenient readers of MapCoder's prose replies: what they keep, and what they hand back. */
import { describe, expect, it } from 'vitest';
import { confidenceOf, parsePlans, parseRecall, tryOrder } from './mapcoder';

describe("reading MapCoder's replies", () => {
  it('reads a confidence as written, in percent or as a fraction, and nothing else', () => {
    expect(confidenceOf('Confidence: 80')).toBe(80);
    expect(confidenceOf('**Confidence** - 75%')).toBe(75);
    expect(confidenceOf('confidence: 0.9')).toBe(90);
    expect(confidenceOf('Confidence: 150')).toBeNull();
    expect(confidenceOf('I am fairly sure.')).toBeNull();
  });

  it('takes a reply without plan headings as one plan of its lines', () => {
    expect(parsePlans('1. Sort.\n2. Take the middle.\nConfidence: 70', 3)).toEqual({
      plans: [{ index: 1, steps: ['Sort.', 'Take the middle.'], confidence: 70 }],
      unparsed: []
    });
    expect(parsePlans('   ', 3)).toEqual({ plans: [], unparsed: [] });
  });

  it('hands back a plan without steps and the plans beyond n, as written', () => {
    const reply = '**Plan 1:**\nConfidence: 20\n## Plan 2\n- Count.\n## Plan 3\n- Loop.';
    expect(parsePlans(reply, 1)).toEqual({
      plans: [{ index: 1, steps: ['Count.'], confidence: null }],
      unparsed: ['**Plan 1:**\nConfidence: 20', '## Plan 3\n- Loop.']
    });
  });

  it('orders plans by confidence, none last, ties as written', () => {
    const plan = (index: number, confidence: number | null) => ({
      index,
      steps: ['x'],
      confidence
    });
    expect(tryOrder([plan(1, null), plan(2, 50), plan(3, 90), plan(4, 50)])).toEqual([3, 2, 4, 1]);
  });

  it('keeps a recalled problem without a plan as not read', () => {
    expect(parseRecall('Problem 1: Reverse a list.\nJust reverse it.', 2)).toEqual({
      problems: [],
      unparsed: ['Problem 1: Reverse a list.\nJust reverse it.']
    });
    expect(parseRecall('No idea.', 1)).toEqual({ problems: [], unparsed: ['No idea.'] });
  });
});
