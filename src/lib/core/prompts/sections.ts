/**
 * The named sections that prompt builders join into a message, as shared constants: the
 * builders write these headings, and the prompt view (views/prompt-parts.ts) finds the
 * sections by the same constants, so the two cannot drift apart. The wording is pinned: the
 * recorded walkthroughs were written against it.
 */

/** Headings that open a section of a user message; each ends where its body ends. */
export const HEADING = {
  /** the task's visible examples, one call and its result each */
  examples: 'Examples:\n',
  /** Reflexion's memory: every reflection so far, numbered */
  notes: 'Your notes so far:\n',
  /** the tree searches' memory: the reflections on a node's path, numbered */
  earlierNotes: 'Notes from earlier attempts:\n',
  /** Self-Planning's parsed plan, numbered, repeated in the code request */
  plan: 'Follow this plan:\n',
  /** BFS: the strategy a program request follows, on one line */
  approach: 'Approach to follow: ',
  /** ClarifyGPT: the user's answers, a `Q:` and an `A:` line each */
  clarifications: 'Clarifications from the user:\n',
  /** ClarifyGPT: the inputs on which the sampled programs disagree, one `- ` line each */
  differences: 'Where they differ:\n',
  /** MapCoder: the problems the recall agent recalled, with their plans, until a blank line */
  recalled: 'Similar problems you recalled:\n'
} as const;

/** Items as a numbered list, one per line: `1. first`, `2. second`, … */
export const numberedList = (items: readonly string[]): string =>
  items.map((item, i) => `${i + 1}. ${item}`).join('\n');

/** A rough token count (about four characters per token), for when no tokenizer counted. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
