/**
 * Fork here's count knobs: CodeT's n (lesson 11 asks for a fork with n set to 3) and MapCoder's
 * plans and debug rounds (lesson 13 asks for one plan), each with the range its technique's
 * schema accepts — the ends are accepted by the schema and one past them is not.
 */
import { describe, expect, it } from 'vitest';
import { getTechnique } from '$lib/core/techniques/registry';
import { countKnobs } from './fork-knobs';

/** A technique's params: its defaults, with `given` over them. */
const paramsOf = (technique: string, given: Record<string, unknown> = {}) =>
  getTechnique(technique)!.params.parse(given) as Record<string, unknown>;

/** Whether the technique's schema takes its defaults with `key` set to `value`. */
function accepts(technique: string, key: string, value: number) {
  const schema = getTechnique(technique)!.params;
  return schema.safeParse({ ...paramsOf(technique), [key]: value }).success;
}

describe('countKnobs', () => {
  it("offers CodeT's n with the run's value", () => {
    const params = paramsOf('codet', { n: 6, m: 6 });
    expect(countKnobs('codet', params)).toEqual([
      { key: 'n', label: 'Programs sampled (n)', min: 1, max: 10, value: 6 }
    ]);
  });

  it("offers MapCoder's plans and debug rounds with the run's values", () => {
    const params = paramsOf('mapcoder', { plans: 2, debugRounds: 2 });
    expect(countKnobs('mapcoder', params)).toEqual([
      { key: 'plans', label: 'Plans', min: 1, max: 5, value: 2 },
      { key: 'debugRounds', label: 'Debug rounds per plan (t)', min: 0, max: 5, value: 2 }
    ]);
  });

  it("takes each range from the technique's schema: the ends pass, one past fails", () => {
    for (const technique of ['codet', 'mapcoder']) {
      const params = paramsOf(technique);
      for (const { key, min, max } of countKnobs(technique, params)) {
        expect([accepts(technique, key, min), accepts(technique, key, max)]).toEqual([true, true]);
        expect([accepts(technique, key, min - 1), accepts(technique, key, max + 1)]).toEqual([
          false,
          false
        ]);
      }
    }
  });

  it('offers nothing for other techniques, unknown ones, or a run without the param', () => {
    expect(countKnobs('self-debug', { maxTurns: 3 })).toEqual([]);
    expect(countKnobs('no-such-technique', { n: 3 })).toEqual([]);
    expect(countKnobs(null, {})).toEqual([]);
    expect(countKnobs('codet', {})).toEqual([]);
  });
});
