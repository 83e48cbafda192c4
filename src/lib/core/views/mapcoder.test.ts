/**
 * MapCoder's views at several cursors of a real run (scripted replies, the real sandbox): the
 * four role lanes with the agent at work, and the plan list — ordered by confidence, the
 * current plan marked, each plan's debug rounds and outcome as the run reaches them.
 */
import { describe, expect, it } from 'vitest';
import { mapcoderAt, planOfLabel, planOutcome } from './mapcoder';
import { roleLanesAt } from './role-lanes';
import { timelineAt } from './timeline';
import { upTo, useMapcoderLog } from '$lib/testing/mapcoder-log';

const log = useMapcoderLog();
const plansAt = (label: string) =>
  mapcoderAt(upTo(log(), label)).plans?.map((p) => [
    p.index,
    p.confidence,
    p.status,
    p.current,
    planOutcome(p)
  ]);

describe('mapcoderAt', () => {
  it('reads the plan of a coding or debugging label, and of no other', () => {
    expect(planOfLabel('coding agent: write the code (plan 3)')).toBe(3);
    expect(planOfLabel('debugging agent: repair the code (plan 2, round 1)')).toBe(2);
    expect(planOfLabel('run the examples (plan 2, first code)')).toBeNull();
  });

  it('shows the recall, then the plans most confident first, none tried yet', () => {
    const recalled = mapcoderAt(upTo(log(), 'recall agent: recall 1 similar problem'));
    expect(recalled.recall?.problems).toHaveLength(1);
    expect(recalled.recall?.unparsed).toHaveLength(2);
    expect(recalled.plans).toBeNull();
    expect(plansAt('planning agent: write 2 plans')).toEqual([
      [2, 85, 'waiting', false, 'not tried yet'],
      [1, 40, 'waiting', false, 'not tried yet']
    ]);
  });

  it('marks the plan being worked on and counts its debug rounds', () => {
    expect(plansAt('debugging agent: repair the code (plan 2, round 2)')).toEqual([
      [2, 85, 'trying', true, 'being tried: 2 debug rounds, 2/3 examples'],
      [1, 40, 'waiting', false, 'not tried yet']
    ]);
  });

  it('drops plan 2 for plan 1, which passes; the loop says why it stopped', () => {
    expect(plansAt('coding agent: write the code (plan 1)')).toEqual([
      [2, 85, 'failed', false, 'dropped after 2 debug rounds, 2/3 examples'],
      [1, 40, 'trying', true, 'being tried: 0 debug rounds']
    ]);
    const end = mapcoderAt(log());
    expect(end.plans?.map((p) => [p.index, p.status, planOutcome(p)])).toEqual([
      [2, 'failed', 'dropped after 2 debug rounds, 2/3 examples'],
      [1, 'passed', 'passed the examples after 0 debug rounds']
    ]);
    expect(end.stop).toBe("plan 1's code passes the examples");
  });

  it('lays out four lanes and follows the agent at work', () => {
    const at = (label: string) => roleLanesAt(upTo(log(), label));
    expect(at('recall agent: recall 1 similar problem')?.lanes.map((l) => l.id)).toEqual([
      'recall agent',
      'planning agent',
      'coding agent',
      'debugging agent'
    ]);
    expect(at('planning agent: write 2 plans')?.active).toBe('planning agent');
    expect(at('debugging agent: repair the code (plan 2, round 1)')?.active).toBe(
      'debugging agent'
    );
    expect(at('run the examples (plan 1, first code)')?.active).toBeNull();
    expect(roleLanesAt(log())?.handoffs.map((h) => `${h.from} → ${h.to}`)).toEqual([
      'recall agent → planning agent',
      'planning agent → coding agent',
      'coding agent → debugging agent',
      'debugging agent → debugging agent',
      'debugging agent → coding agent'
    ]);
  });

  it('gives the timeline a row per attempt, good only when the examples pass', () => {
    const rows = timelineAt(log()).filter((r) => r.title.startsWith('Plan '));
    expect(rows.map((r) => [r.title, r.detail, r.tone])).toEqual([
      ['Plan 2, first code', '2 of 3 examples pass', 'bad'],
      ['Plan 2, debug round 1', 'the reply had no code', 'bad'],
      ['Plan 2, debug round 2', '2 of 3 examples pass', 'bad'],
      ['Plan 1, first code', '3 of 3 examples pass', 'good']
    ]);
  });
});
