/**
 * The course's glossary: the terms a learner meets in more than one lesson, each defined here
 * in a sentence or two. Lesson text links a term as `[pass@k](glossary:pass-at-k)`; the page
 * shows the definition on hover and focus, and the link goes to /glossary. A lesson that links
 * a term this list lacks fails the build.
 */

export interface GlossaryTerm {
  /** the anchor and the id in lesson links, e.g. `pass-at-k` */
  id: string;
  term: string;
  /** plain text, no markup */
  definition: string;
}

export const GLOSSARY: readonly GlossaryTerm[] = [
  {
    id: 'token',
    term: 'Token',
    definition:
      'The unit a language model reads and writes: a word, part of a word or a symbol. ' +
      'Prompts and replies are measured, limited and often paid for in tokens.'
  },
  {
    id: 'temperature',
    term: 'Temperature',
    definition:
      'How much randomness goes into picking each next token. At 0 the model always takes ' +
      'its most likely token; higher values make less likely tokens more common, so samples differ.'
  },
  {
    id: 'greedy',
    term: 'Greedy decoding',
    definition:
      'Generating with temperature 0: every next token is the most likely one, so the same ' +
      'prompt gives the same reply. Sampling at a higher temperature gives a different reply each time.'
  },
  {
    id: 'pass-at-k',
    term: 'pass@k',
    definition:
      'The chance that at least one of k programs sampled for a problem passes its hidden ' +
      'tests, estimated from n ≥ k samples. pass@1 is the share of single attempts that pass.'
  },
  {
    id: 'humaneval',
    term: 'HumanEval',
    definition:
      'A benchmark of 164 hand-written Python problems (OpenAI, 2021): a function signature ' +
      'and docstring, with hidden unit tests that grade the completed function.'
  },
  {
    id: 'mbpp',
    term: 'MBPP',
    definition:
      'Mostly Basic Python Problems (Google, 2021): about 1,000 short programming tasks in ' +
      'plain English, each with three test asserts.'
  },
  {
    id: 'hidden-tests',
    term: 'Hidden tests',
    definition:
      'Tests that grade the final program but never appear in any prompt, so the model ' +
      'cannot fit its program to them. The examples are the tests it may see.'
  },
  {
    id: 'reward',
    term: 'Reward',
    definition:
      'The score a search gives a program to decide where to look next: here, the share of ' +
      'the examples it passes. A high reward is a guess at quality, not a verdict.'
  },
  {
    id: 'uct',
    term: 'UCT',
    definition:
      'Upper Confidence bounds applied to Trees: the rule MCTS uses to pick a child, its ' +
      'average reward plus an exploration term that grows for children visited rarely.'
  },
  {
    id: 'turn-cap',
    term: 'Turn cap',
    definition:
      'The most model calls a run may make. When it is reached the run stops with what it ' +
      'has, whether or not the examples pass.'
  }
];

const BY_ID = new Map(GLOSSARY.map((t) => [t.id, t]));

/** The term of an id, or undefined. */
export function glossaryTerm(id: string): GlossaryTerm | undefined {
  return BY_ID.get(id);
}

/** A glossary link in lesson Markdown: `[text](glossary:id)`. */
export const GLOSSARY_LINK = /\]\(glossary:([^)\s]*)\)/g;

/** The ids a lesson's Markdown links that the glossary does not have. */
export function unknownTerms(markdown: string): string[] {
  return [...markdown.matchAll(GLOSSARY_LINK)].map((m) => m[1]).filter((id) => !BY_ID.has(id));
}
