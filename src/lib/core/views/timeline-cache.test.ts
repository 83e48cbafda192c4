/**
 * Timeline rows are kept by event: at every prefix of an MCTS log the kept rows equal rows
 * computed from fresh copies of the events (nothing kept), and a step reuses every old row.
 */
import { describe, expect, it } from 'vitest';
import { syntheticLog } from '$lib/testing/tree-log';
import { stopsOf, timelineAt } from './timeline';

describe('timelineAt keeps rows by event', () => {
  const events = syntheticLog(60);

  it('equals the rows of fresh copies at every step, walked forward and back', () => {
    const stops = stopsOf(events);
    for (const p of [...stops, ...stops.slice().reverse()]) {
      const kept = timelineAt(events.slice(0, p));
      expect(kept).toEqual(timelineAt(structuredClone(events.slice(0, p))));
      expect(kept.map((r) => r.seq)).toEqual(events.slice(0, p).map((e) => e.seq));
    }
  });

  it('hands back the same row object for the same event', () => {
    const before = timelineAt(events.slice(0, 40));
    const after = timelineAt(events.slice(0, 41));
    before.forEach((row, i) => expect(after[i]).toBe(row));
    expect(after).toHaveLength(41);
  });
});
