/**
 * What the prompts, the code extraction and the plan mapper need to know about a problem's
 * language, in one table, so no other module branches on the language by name. Python's
 * entries reproduce the app's original wording exactly: recorded walkthroughs depend on it.
 */
import { z } from 'zod';

export const LanguageSchema = z
  .enum(['python', 'javascript', 'typescript'])
  .describe('the language of the solution');
export type Language = z.infer<typeof LanguageSchema>;

interface LanguageFacts {
  id: Language;
  /** for people and prompts: "Python", "JavaScript" */
  name: string;
  /** the tag a prompt asks for on the code fence, e.g. ```python */
  fence: string;
  /** fence tags whose block counts as code in this language ('' = an untagged fence) */
  fenceTags: readonly string[];
  /** what starts a line comment, e.g. `#` */
  comment: string;
  /** how the system prompt says "no outside packages" */
  libraries: string;
  /** an example call and its result as shown to the model */
  example(entryPoint: string, input: string, expected: string): string;
}

const javascript: LanguageFacts = {
  id: 'javascript',
  name: 'JavaScript',
  fence: 'javascript',
  fenceTags: ['', 'javascript', 'js', 'mjs', 'node'],
  comment: '//',
  libraries: 'Use no packages and no imports.',
  example: (f, input, expected) => `${f}(${input}) // => ${expected}`
};

export const LANGUAGES: Record<Language, LanguageFacts> = {
  python: {
    id: 'python',
    name: 'Python',
    fence: 'python',
    fenceTags: ['', 'python', 'py', 'python3'],
    comment: '#',
    libraries: 'Use only the standard library.',
    example: (f, input, expected) => `>>> ${f}(${input})\n${expected}`
  },
  javascript,
  typescript: {
    ...javascript,
    id: 'typescript',
    name: 'TypeScript',
    fence: 'typescript',
    // JavaScript is TypeScript too, and small models often tag TypeScript as js.
    fenceTags: ['', 'typescript', 'ts', 'javascript', 'js']
  }
};

/** The facts of a language (Python when none is given: logs older than languages had none). */
export const languageOf = (language: Language = 'python'): LanguageFacts => LANGUAGES[language];

/**
 * For techniques that only work in one language (their own test code is Python): refuse a
 * problem in another language with a sentence that says why and what to use instead.
 */
export function requirePython(language: Language, technique: string, why: string): void {
  if (language === 'python') return;
  throw new Error(
    `${technique} runs Python problems only (${why}), and this problem is in ` +
      `${languageOf(language).name}. Try self-debugging, self-planning or a tree search instead.`
  );
}
