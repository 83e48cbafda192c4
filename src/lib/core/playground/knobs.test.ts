import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getTechnique, techniqueIds } from '../techniques/registry';
import {
  checkKnobs,
  defaultValues,
  knobLabel,
  knobsOf,
  restoreValues,
  sliderStep,
  type Knob
} from './knobs';

const selfDebug = getTechnique('self-debug')!;

describe('knobsOf', () => {
  it("derives self-debugging's knobs from its schema: ranges, choices, defaults, help", () => {
    const knobs = knobsOf(selfDebug.params);
    const byKey = Object.fromEntries(knobs.map((k) => [k.key, k]));
    expect(knobs.map((k) => k.key)).toEqual([
      'maxTurns',
      'feedback',
      'temperature',
      'budget',
      'maxExtensions',
      'extensionTurns',
      'maxTokens',
      'timeoutMs'
    ]);
    expect(byKey.maxTurns).toEqual({
      key: 'maxTurns',
      label: 'Max turns',
      help: 'turn cap: model calls allowed, the first one included',
      kind: 'number',
      integer: true,
      min: 1,
      max: 10,
      step: 1,
      default: 4
    });
    expect(byKey.feedback).toMatchObject({
      kind: 'choice',
      options: ['simple', 'unit-test', 'explanation', 'trace'],
      default: 'unit-test'
    });
    expect(byKey.temperature).toMatchObject({ kind: 'number', integer: false, step: 0.1 });
    expect(byKey.maxTokens).toMatchObject({ min: 64, max: 8192, step: 64, default: 1024 });
    expect(byKey.timeoutMs).toMatchObject({ label: 'Timeout (ms)', step: 100, default: 5000 });
  });

  it('gives a switch for a boolean', () => {
    const withPlan = knobsOf(getTechnique('self-planning')!.params).find(
      (k) => k.key === 'withPlan'
    );
    expect(withPlan).toMatchObject({ kind: 'switch', default: true, label: 'With plan' });
  });

  it.each(techniqueIds)(
    '%s: every knob is editable and the defaults are what the schema fills in',
    (id) => {
      const technique = getTechnique(id)!;
      const knobs = knobsOf(technique.params);
      expect(knobs.length).toBeGreaterThan(0);
      expect(knobs.filter((k) => k.kind === 'fixed')).toEqual([]);
      expect(defaultValues(knobs)).toEqual(technique.params.parse({}));
      for (const knob of knobs) {
        expect(knob.help, knob.key).not.toBe('');
        if (knob.kind === 'number') {
          // The slider lands on both ends of the range.
          expect(Number.isInteger((knob.max - knob.min) / knob.step), knob.key).toBe(true);
          expect(knob.default).toBeGreaterThanOrEqual(knob.min);
          expect(knob.default).toBeLessThanOrEqual(knob.max);
        }
      }
    }
  );

  it('keeps a parameter it cannot edit at its default', () => {
    const knobs = knobsOf(z.object({ name: z.string().default('x').describe('a name') }));
    expect(knobs).toEqual([
      { key: 'name', label: 'Name', help: 'a name', kind: 'fixed', default: 'x' }
    ]);
  });
});

describe('labels and steps', () => {
  it('reads camelCase keys as words', () => {
    expect(knobLabel('n')).toBe('N');
    expect(knobLabel('seedInputs')).toBe('Seed inputs');
    expect(knobLabel('maxTokens')).toBe('Max tokens');
  });

  it('steps land on the ends of the range', () => {
    expect(sliderStep(0, 2, false)).toBe(0.1);
    expect(sliderStep(0, 4, false)).toBe(0.1);
    expect(sliderStep(1, 60, true)).toBe(1);
    expect(sliderStep(0, 5000, true)).toBe(10);
    expect(sliderStep(3, 5000, true)).toBe(1);
  });
});

describe('checkKnobs', () => {
  const knobs = knobsOf(selfDebug.params);
  const defaults = defaultValues(knobs);

  it('passes the defaults, filled by the schema', () => {
    expect(checkKnobs(selfDebug.params, knobs, defaults)).toEqual({
      ok: true,
      params: selfDebug.params.parse({})
    });
  });

  it('says in words what is wrong, next to each knob', () => {
    const checked = checkKnobs(selfDebug.params, knobs, {
      ...defaults,
      maxTurns: 11,
      temperature: Number.NaN,
      timeoutMs: 250.5,
      feedback: 'loud'
    });
    expect(checked).toEqual({
      ok: false,
      errors: {
        maxTurns: 'Max turns must be a whole number from 1 to 10; 11 is out of range.',
        temperature: 'Temperature: enter a number from 0 to 2.',
        timeoutMs: 'Timeout (ms) must be a whole number (250.5 is not).',
        feedback: 'Feedback: choose one of simple, unit-test, explanation, trace.'
      }
    });
  });

  it("puts the schema's own objections next to the knob", () => {
    const schema = z
      .object({ lo: z.number().min(0).max(9).default(1), hi: z.number().min(0).max(9).default(2) })
      .refine((p) => p.lo <= p.hi, { path: ['hi'], message: 'must not be below lo' });
    const own = knobsOf(schema);
    expect(checkKnobs(schema, own, { lo: 5, hi: 3 })).toEqual({
      ok: false,
      errors: { hi: 'Hi: must not be below lo' }
    });
  });
});

describe('restoreValues', () => {
  it('keeps stored values each knob accepts and drops the rest', () => {
    const knobs: Knob[] = knobsOf(selfDebug.params);
    const restored = restoreValues(knobs, {
      maxTurns: 7,
      feedback: 'shouting',
      temperature: '0.5',
      unknown: 1
    });
    expect(restored).toEqual({ ...defaultValues(knobs), maxTurns: 7 });
  });
});
