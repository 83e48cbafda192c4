import { describe, expect, it } from 'vitest';
import { changedKnobs, checkEntries, draftEntry } from './entry-draft';

describe('the run form’s technique entries', () => {
  it('start at the defaults and carry every knob into the plan', () => {
    const draft = draftEntry('self-debug');
    expect(changedKnobs(draft)).toEqual([]);
    const checked = checkEntries([draft, { ...draft, values: { ...draft.values, maxTurns: 1 } }]);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.entries.map((e) => [e.technique, e.params.maxTurns])).toEqual([
      ['self-debug', 4],
      ['self-debug', 1]
    ]);
    expect(checked.entries[0].params.feedback).toBe('unit-test');
  });

  it('names the knob that is out of range, entry by entry', () => {
    const direct = draftEntry('direct');
    const wrong = { ...draftEntry('self-debug'), values: { ...draftEntry('self-debug').values } };
    wrong.values.maxTurns = 0;
    expect(changedKnobs(wrong)).toEqual(['Max turns']);
    const checked = checkEntries([direct, wrong]);
    expect(checked).toEqual({
      ok: false,
      errors: [
        {},
        { maxTurns: 'Max turns must be a whole number from 1 to 10; 0 is out of range.' }
      ]
    });
  });
});
