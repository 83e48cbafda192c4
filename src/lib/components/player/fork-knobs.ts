/**
 * The counts Fork here offers beside the turn cap, by technique: CodeT's samples (`n`), and
 * MapCoder's plans and debug rounds per plan. Each knob's range is read from its technique's
 * params schema, so the dialog can never offer a value the fork would then reject.
 */
import { z } from 'zod';
import { getTechnique } from '$lib/core/techniques/registry';

/** A whole-number knob of the run, as the fork dialog shows it. */
export interface CountKnob {
  /** the param it sets */
  key: string;
  label: string;
  min: number;
  max: number;
  /** the run's value */
  value: number;
}

const KNOBS: Record<string, { key: string; label: string }[]> = {
  codet: [{ key: 'n', label: 'Programs sampled (n)' }],
  mapcoder: [
    { key: 'plans', label: 'Plans' },
    { key: 'debugRounds', label: 'Debug rounds per plan (t)' }
  ]
};

/** The count knobs a run of `technique` with `params` can be forked with ([] for none). */
export function countKnobs(
  technique: string | null | undefined,
  params: Readonly<Record<string, unknown>>
): CountKnob[] {
  const schema = technique ? getTechnique(technique)?.params : null;
  if (!technique || !(schema instanceof z.ZodObject)) return [];
  return (KNOBS[technique] ?? []).flatMap(({ key, label }) => {
    const value = params[key];
    const field = (schema.shape as Record<string, z.ZodType>)[key];
    const number = field instanceof z.ZodDefault ? field.unwrap() : field;
    if (typeof value !== 'number' || !(number instanceof z.ZodNumber)) return [];
    const { minValue: min, maxValue: max } = number;
    if (min === null || max === null) return [];
    return [{ key, label, min, max, value }];
  });
}
