/**
 * Which techniques run a problem in a given language. Reflexion, ClarifyGPT, CodeT and AgentCoder write or read
 * Python themselves (self-written asserts, test inputs as Python literals) and refuse other
 * languages at the start of their run (`requirePython`); the playground says so before Run
 * rather than after. `fit.test.ts` runs every technique on a JavaScript problem to keep this
 * table true.
 */
import type { Language } from '../problems/languages';
import { languageOf } from '../problems/languages';
import { getTechnique } from '../techniques/registry';

/** Technique ids that run Python problems only, with the reason in a few words. */
export const PYTHON_ONLY: Readonly<Record<string, string>> = {
  reflexion: 'its self-written tests are Python asserts',
  clarify: 'it reads test inputs as Python literals',
  codet: 'its model-written tests are Python asserts',
  agentcoder: "its test designer's tests are Python asserts"
};

/** A sentence saying why `technique` cannot run a problem in `language`, or null when it can. */
export function languageMisfit(technique: string, language: Language): string | null {
  if (language === 'python' || !Object.hasOwn(PYTHON_ONLY, technique)) return null;
  const name = (getTechnique(technique)?.title ?? technique).split(':')[0];
  return (
    `${name} runs Python problems only (${PYTHON_ONLY[technique]}). Choose another ` +
    `technique for this ${languageOf(language).name} problem, or write the problem in Python.`
  );
}

/**
 * A sentence when a knob does less than it says for a problem in `language`, or null: only
 * Python programs are traced, so trace feedback on another language sends the failing examples
 * (unit-test feedback) instead — self-debugging falls back to it when a run has no trace.
 */
export function knobNote(params: Record<string, unknown>, language: Language): string | null {
  if (language === 'python' || params.feedback !== 'trace') return null;
  return (
    `Only Python programs are traced: on this ${languageOf(language).name} problem, trace ` +
    'feedback sends the failing examples instead (as unit-test feedback does).'
  );
}
