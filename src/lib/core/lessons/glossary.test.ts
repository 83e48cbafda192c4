import { describe, expect, it } from 'vitest';
import { GLOSSARY, glossaryTerm, unknownTerms } from './glossary';

describe('glossary', () => {
  it('has each term once, with an id usable as an anchor and a plain-text definition', () => {
    expect(new Set(GLOSSARY.map((t) => t.id)).size).toBe(GLOSSARY.length);
    for (const t of GLOSSARY) {
      expect(t.id).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(t.definition).not.toMatch(/[<>`*_[\]]/);
    }
    // the terms the course promises (issue 17): token, temperature, greedy, pass@k, benchmarks, reward, UCT
    for (const id of [
      'token',
      'temperature',
      'greedy',
      'pass-at-k',
      'humaneval',
      'mbpp',
      'reward',
      'uct'
    ])
      expect(glossaryTerm(id), id).toBeDefined();
  });
  it('finds the linked ids a lesson uses that it lacks', () => {
    expect(unknownTerms('a [UCT](glossary:uct) and [x](glossary:nope), [y](https://x)')).toEqual([
      'nope'
    ]);
  });
});
