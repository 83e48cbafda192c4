/**
 * The presenter's phase and caption at every step of the self-debugging lesson's walkthrough,
 * run for real (scripted replies, real sandbox): they name the step's effect and what it did.
 */
import { describe, expect, it } from 'vitest';
import { recordWalkthrough } from '$lib/testing/lessons';
import { phaseAt } from './presenter';
import { stopsOf } from './timeline';

const walk = recordWalkthrough('02-self-debugging');

describe('phaseAt', () => {
  it('says nothing has run before the first step', () => {
    expect(phaseAt([])).toEqual({
      label: 'Start',
      caption: 'Nothing has run yet: press → to take the first step.'
    });
  });

  it("names each step's effect and what it did, and the verdict on the last step", () => {
    const events = walk.events();
    const stops = stopsOf(events);
    const phases = stops.slice(1).map((p) => phaseAt(events.slice(0, p)));
    // Every step before the last begins with an effect and is named after it.
    for (const [i, phase] of phases.slice(0, -1).entries()) {
      // step i + 1 shows events[0..stops[i + 1]); it began with the event at stops[i]
      const effect = events[stops[i]];
      if (effect.kind !== 'model' && effect.kind !== 'execute') {
        throw new Error(`step ${i + 1} begins with a ${effect.kind}`);
      }
      expect(phase.label).toBe(effect.kind === 'model' ? 'Model call' : 'Execution');
      expect(phase.caption.startsWith(effect.label)).toBe(true);
    }
    expect(phases[0].label).toBe('Model call');
    expect(phases[1].label).toBe('Execution');
    expect(phases[1].caption).toMatch(/tests pass$/);
    const outcome = events.findLast((e) => e.kind === 'note' && e.note.type === 'outcome');
    expect(outcome?.kind === 'note' && outcome.note.type === 'outcome').toBe(true);
    if (outcome?.kind === 'note' && outcome.note.type === 'outcome') {
      expect(phases.at(-1)).toEqual({ label: 'Verdict', caption: outcome.note.message });
    }
  });
});
