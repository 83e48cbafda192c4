/**
 * A technique entry of /bench's run form while it is edited: the technique and its knob
 * values, checked by the playground's knob rules and the technique's own schema before the run.
 */
import type { BenchEntry } from '$lib/core/bench/plan';
import { checkKnobs, knobsOf, restoreValues, type KnobValues } from '$lib/core/playground/knobs';
import { getTechnique } from '$lib/core/techniques/registry';

export interface EntryDraft {
  technique: string;
  values: KnobValues;
}

const knobsFor = (id: string) => {
  const technique = getTechnique(id);
  return technique ? knobsOf(technique.params) : [];
};

/** A technique at its default knobs. */
export const draftEntry = (technique: string): EntryDraft => ({
  technique,
  values: restoreValues(knobsFor(technique), {})
});

/** The labels of the knobs set away from their defaults. */
export function changedKnobs(draft: EntryDraft): string[] {
  return knobsFor(draft.technique)
    .filter((k) => k.kind !== 'fixed' && draft.values[k.key] !== k.default)
    .map((k) => k.label);
}

/** The entries as the plan carries them, or each entry's knob errors. */
export function checkEntries(
  drafts: readonly EntryDraft[]
): { ok: true; entries: BenchEntry[] } | { ok: false; errors: Record<string, string>[] } {
  const errors: Record<string, string>[] = [];
  const entries: BenchEntry[] = [];
  let ok = true;
  for (const draft of drafts) {
    const technique = getTechnique(draft.technique);
    if (!technique) {
      ok = false;
      errors.push({ form: `There is no technique “${draft.technique}”.` });
      continue;
    }
    const checked = checkKnobs(technique.params, knobsOf(technique.params), draft.values);
    if (checked.ok) {
      errors.push({});
      entries.push({ technique: draft.technique, params: checked.params });
    } else {
      ok = false;
      errors.push(checked.errors);
    }
  }
  return ok ? { ok, entries } : { ok, errors };
}
