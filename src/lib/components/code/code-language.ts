/**
 * The language of the code shown in a subtree (a run's problem language), so every code view
 * under a run — the program, the diff, a tree node, a sample, the fork editor — highlights it
 * without each view passing it down. A view's own `language` prop wins; Python when neither.
 */
import { getContext, setContext } from 'svelte';
import type { Extension } from '@codemirror/state';
import type { Language } from '$lib/core/problems/languages';

const KEY = Symbol('code-language');
type LanguageOf = () => Language | undefined;

/** Sets the language of the code views below (a getter: the run may change). */
export const setCodeLanguageContext = (language: LanguageOf) => setContext(KEY, language);

/** The language a code view shows: its own prop, else the subtree's, else Python. */
export function codeLanguage(own: () => Language | undefined): () => Language {
  const inherited = getContext<LanguageOf | undefined>(KEY);
  return () => own() ?? inherited?.() ?? 'python';
}

/**
 * Keeps a view's grammar in step with its language: `created` records the language the view
 * was made with; `follow` (called from an effect) loads another language's grammar and swaps
 * it in, unless yet another language was asked for meanwhile.
 */
export class GrammarSwitch {
  #shown: Language | null = null;

  created(language: Language): void {
    this.#shown = language;
  }

  follow(wanted: Language, view: { regrammar(grammar: Extension): void } | null): void {
    if (!view || this.#shown === null || wanted === this.#shown) return;
    this.#shown = wanted;
    void import('./codemirror')
      .then(({ grammarFor }) => grammarFor(wanted))
      .then((grammar) => {
        if (this.#shown === wanted) view.regrammar(grammar);
      });
  }
}
