/**
 * Code extraction from a model reply. Small models wrap code in fences inconsistently, so
 * this takes the last fenced block tagged with the problem's language (or untagged), else null.
 */
import { languageOf, type Language } from '../problems/languages';

const FENCE = /```([\w+-]*)[^\n]*\n([\s\S]*?)```/g;

export function extractCode(reply: string, language?: Language): string | null {
  const tags = languageOf(language).fenceTags;
  let found: string | null = null;
  for (const match of reply.matchAll(FENCE)) {
    if (tags.includes(match[1].toLowerCase())) {
      found = match[2].replace(/\s+$/, '') + '\n';
    }
  }
  return found;
}

/** True when a reply says the code is already correct (the model may stop the loop). */
export function declaresCorrect(reply: string, language?: Language): boolean {
  return /\bCODE IS CORRECT\b/i.test(reply) && extractCode(reply, language) === null;
}

/** Why a technique has no program: the reply had no block of the language (a note's words). */
export const noBlockReason = (language?: Language): string =>
  `the reply had no \`\`\`${languageOf(language).fence} code block`;
