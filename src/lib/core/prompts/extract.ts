/**
 * Code extraction from a model reply. Small models wrap code in fences inconsistently, so
 * this takes the last fenced block tagged python (or untagged), else null.
 */
const FENCE = /```([\w+-]*)[^\n]*\n([\s\S]*?)```/g;

export function extractCode(reply: string): string | null {
  let found: string | null = null;
  for (const match of reply.matchAll(FENCE)) {
    const lang = match[1].toLowerCase();
    if (lang === '' || lang === 'python' || lang === 'py' || lang === 'python3') {
      found = match[2].replace(/\s+$/, '') + '\n';
    }
  }
  return found;
}

/** True when a reply says the code is already correct (the model may stop the loop). */
export function declaresCorrect(reply: string): boolean {
  return /\bCODE IS CORRECT\b/i.test(reply) && extractCode(reply) === null;
}
