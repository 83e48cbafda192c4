import { describe, expect, it } from 'vitest';
import { createFixedAnswerer } from './fixed-answers';
import { clarificationBlock } from './prompts';

describe('createFixedAnswerer', () => {
  it('answers the first question with the text; the block holds it once', async () => {
    const questions = ['Lower or higher?', 'And for one grade?'];
    const result = await createFixedAnswerer('Lower; the grade itself.').ask({ questions });
    expect(result).toEqual({ answers: ['Lower; the grade itself.', ''], by: 'learner' });
    expect(clarificationBlock(questions, result.answers)).toBe(
      'Clarifications from the user:\nQ: Lower or higher?\nA: Lower; the grade itself.'
    );
  });
});
