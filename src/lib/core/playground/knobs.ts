/**
 * The knobs form of a technique, derived from its zod params schema (through zod's JSON Schema
 * export, so defaults, ranges, enums and descriptions come from the one place that defines
 * them). Pure: the playground page renders these, and checks what the learner set with
 * {@link checkKnobs} before a run.
 */
import { z } from 'zod';

interface KnobBase {
  /** the params key */
  key: string;
  /** a label for people, from the key: `maxTurns` → "Max turns" */
  label: string;
  /** the schema's description, shown as help text */
  help: string;
}

export type Knob =
  | (KnobBase & {
      kind: 'number';
      integer: boolean;
      min: number;
      max: number;
      /** the slider's step; the typed value may be anything in range (whole for integers) */
      step: number;
      default: number;
    })
  | (KnobBase & { kind: 'choice'; options: string[]; default: string })
  | (KnobBase & { kind: 'switch'; default: boolean })
  /** a parameter this form cannot edit: it keeps its default */
  | (KnobBase & { kind: 'fixed'; default: unknown });

export type KnobValues = Record<string, unknown>;

/** "maxTurns" → "Max turns", "timeoutMs" → "Timeout (ms)". */
export function knobLabel(key: string): string {
  const ms = key.endsWith('Ms');
  const words = (ms ? key.slice(0, -2) : key)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(' ');
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + (ms ? ' (ms)' : '');
}

/**
 * A slider step that lands on the minimum and the maximum: 1 for small whole ranges; the
 * minimum itself when the range is a modest multiple of it (64 … 8192 by 64, 100 … 60 000 by
 * 100); else a power of ten giving about 20–200 positions.
 */
export function sliderStep(min: number, max: number, integer: boolean): number {
  const range = max - min;
  if (range <= 0) return 1;
  if (integer) {
    if (range <= 200) return 1;
    if (min > 0 && range % min === 0 && range / min <= 1000) return min;
    const power = 10 ** Math.floor(Math.log10(range / 100));
    return min % power === 0 && range % power === 0 ? power : 1;
  }
  return 10 ** Math.floor(Math.log10(range / 20));
}

interface JsonProperty {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  default?: unknown;
  description?: string;
}

/** The knobs of a params schema (a zod object), in the schema's order. */
export function knobsOf(schema: z.ZodType): Knob[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonProperty>;
  };
  return Object.entries(json.properties ?? {}).map(([key, p]): Knob => {
    const base = { key, label: knobLabel(key), help: p.description ?? '' };
    if (p.enum && p.enum.every((o) => typeof o === 'string')) {
      const options = p.enum as string[];
      const fallback = typeof p.default === 'string' ? p.default : options[0];
      return { ...base, kind: 'choice', options, default: fallback };
    }
    if (p.type === 'boolean') return { ...base, kind: 'switch', default: p.default === true };
    if (
      (p.type === 'number' || p.type === 'integer') &&
      typeof p.minimum === 'number' &&
      typeof p.maximum === 'number'
    ) {
      const integer = p.type === 'integer';
      const fallback = typeof p.default === 'number' ? p.default : p.minimum;
      return {
        ...base,
        kind: 'number',
        integer,
        min: p.minimum,
        max: p.maximum,
        step: sliderStep(p.minimum, p.maximum, integer),
        default: fallback
      };
    }
    return { ...base, kind: 'fixed', default: p.default };
  });
}

/** Every knob at its default. */
export function defaultValues(knobs: readonly Knob[]): KnobValues {
  return Object.fromEntries(knobs.map((k) => [k.key, k.default]));
}

/**
 * Stored values over the defaults, keeping only those each knob accepts (a value saved for
 * another version of the technique, or damaged, falls back to the default).
 */
export function restoreValues(knobs: readonly Knob[], stored: KnobValues): KnobValues {
  const values = defaultValues(knobs);
  for (const knob of knobs) {
    const value = stored[knob.key];
    if (knobError(knob, value) === null && knob.kind !== 'fixed') values[knob.key] = value;
  }
  return values;
}

/** What is wrong with one knob's value, in a sentence; null when it is fine. */
function knobError(knob: Knob, value: unknown): string | null {
  switch (knob.kind) {
    case 'number': {
      const whole = knob.integer ? ' whole' : '';
      const range = `a${whole} number from ${knob.min} to ${knob.max}`;
      if (typeof value !== 'number' || Number.isNaN(value)) return `${knob.label}: enter ${range}.`;
      if (knob.integer && !Number.isInteger(value))
        return `${knob.label} must be a whole number (${value} is not).`;
      if (value < knob.min || value > knob.max)
        return `${knob.label} must be ${range}; ${value} is out of range.`;
      return null;
    }
    case 'choice':
      return typeof value === 'string' && knob.options.includes(value)
        ? null
        : `${knob.label}: choose one of ${knob.options.join(', ')}.`;
    case 'switch':
      return typeof value === 'boolean' ? null : `${knob.label} must be on or off.`;
    case 'fixed':
      return null;
  }
}

type KnobCheck =
  { ok: true; params: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

/**
 * Checks the form's values: each knob in plain words first, then the technique's own schema
 * (the final word, e.g. for rules across knobs), whose issues are put next to their knob.
 */
export function checkKnobs(
  schema: z.ZodType,
  knobs: readonly Knob[],
  values: KnobValues
): KnobCheck {
  const errors: Record<string, string> = {};
  const params: Record<string, unknown> = {};
  for (const knob of knobs) {
    const error = knobError(knob, values[knob.key]);
    if (error) errors[knob.key] = error;
    if (knob.kind !== 'fixed') params[knob.key] = values[knob.key];
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const parsed = schema.safeParse(params);
  if (parsed.success) return { ok: true, params: parsed.data as Record<string, unknown> };
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? 'form');
    errors[key] ??= `${knobLabel(key)}: ${issue.message}`;
  }
  return { ok: false, errors };
}
