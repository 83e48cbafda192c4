/**
 * What the playground's problem form says and checks differently by language: how a prompt
 * declares the entry point, what a hidden check looks like, and how several checks become one.
 * Everything the techniques' prompts need (fences, wording) stays in `problems/languages.ts`.
 */
import type { Language } from '../problems/languages';

interface FormLanguage {
  /** an entry point to show in examples */
  exampleName: string;
  /** does the prompt declare a function `name` (a name already checked to be \w+)? */
  declares(prompt: string, name: string): boolean;
  /** the signature to suggest, e.g. `def f(…):` */
  signature(name: string): string;
  /** a sentence when a hidden check cannot be one, or null */
  checkProblem(check: string): string | null;
  /** several checks as the one check the form holds (each keeps its own helpers) */
  mergeChecks(checks: readonly string[]): string;
  /** the help under the form's fields */
  help: { prompt: string; check: string };
}

const python: FormLanguage = {
  exampleName: 'count_vowels',
  declares: (prompt, name) => new RegExp(`\\bdef\\s+${name}\\s*\\(`).test(prompt),
  signature: (name) => `def ${name}(…):`,
  checkProblem: (check) =>
    /^def check\s*\(/m.test(check)
      ? null
      : 'A check must define check(candidate) and assert on candidate(…).',
  mergeChecks(checks) {
    if (checks.length <= 1) return checks[0] ?? '';
    // Each `def check(` is renamed and a `check` calls them all in order.
    const parts = checks.map((c, i) => c.replace(/^def check\(/m, `def check_${i + 1}(`).trimEnd());
    const calls = checks.map((_, i) => `    check_${i + 1}(candidate)`).join('\n');
    return `${parts.join('\n\n\n')}\n\n\ndef check(candidate):\n${calls}\n`;
  },
  help: {
    prompt: 'What the model reads: the def line, then what the function must do.',
    check:
      'Python defining check(candidate) with asserts, as in HumanEval. Runs in the sandbox only.'
  }
};

const javascript: FormLanguage = {
  exampleName: 'countVowels',
  declares: (prompt, name) =>
    new RegExp(
      `\\bfunction\\s*\\*?\\s*${name}\\s*[(<]|\\b(?:const|let|var)\\s+${name}\\s*(?::[^=]*)?=`
    ).test(prompt),
  signature: (name) => `function ${name}(…) {`,
  checkProblem: (check) =>
    /^\s*def\s+check\s*\(/m.test(check)
      ? 'This check is Python; for a JavaScript problem, write it in JavaScript (or switch the ' +
        'problem to Python).'
      : /\bassert\b|\bthrow\b/.test(check)
        ? null
        : 'A check must assert on the function, e.g. assert.deepEqual(candidate(1), 2) or ' +
          'console.assert(f(1) === 2).',
  // The sandbox runs a check inside a block of its own, so blocks keep each one's names apart.
  mergeChecks: (checks) =>
    checks.length <= 1
      ? (checks[0] ?? '')
      : checks.map((c) => `{\n${c.trimEnd()}\n}`).join('\n') + '\n',
  help: {
    prompt:
      'What the model reads: a comment saying what the function must do, then its header, ' +
      'e.g. function countVowels(s) {',
    check:
      'JavaScript that asserts on the function, as in HumanEval-X (console.assert) or MultiPL-E ' +
      '(assert.deepEqual(candidate(…), …)). Runs in the sandbox only.'
  }
};

export const FORM_LANGUAGES: Record<Language, FormLanguage> = {
  python,
  javascript,
  typescript: javascript
};

/** The languages the form offers, in the order of its switch. */
export const FORM_LANGUAGE_IDS: readonly Language[] = ['python', 'javascript', 'typescript'];
