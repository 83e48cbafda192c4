/**
 * The opening code request that every program-writing technique starts from (self-debugging,
 * direct generation, sampling, self-planning's baseline, ClarifyGPT, the tree searches), and
 * the two pieces other prompts reuse: the programmer system prompt and the examples block.
 * Python's wording is pinned: the recorded walkthroughs were written against it.
 */
import type { ChatMessage } from '../run/effects';
import type { Problem } from '../problems/problem';
import { languageOf, type Language } from '../problems/languages';
import { HEADING } from './sections';

/** The system prompt of every program-writing call, in the problem's language. */
export function programmerSystem(language?: Language): string {
  const { name, fence, libraries } = languageOf(language);
  return (
    `You are a careful ${name} programmer. Answer with one fenced \`\`\`${fence} code block that ` +
    `defines the requested function. ${libraries}`
  );
}

/** The visible examples, one call and its result each, as the problem's language shows them. */
export function examplesText(
  problem: Pick<Problem, 'language' | 'entryPoint' | 'visibleTests'>
): string {
  const { example } = languageOf(problem.language);
  return problem.visibleTests
    .map((t) => example(problem.entryPoint, t.input, t.expected))
    .join('\n');
}

/**
 * The visible examples as Python doctest lines (`>>> f(ARGS)` then the result), the form
 * Reflexion's test request and ClarifyGPT's input request show them in.
 */
export const doctestExamplesText = (problem: Problem): string =>
  problem.visibleTests
    .map((t) => `>>> ${problem.entryPoint}(${t.input})\n${t.expected}`)
    .join('\n');

/** The first request for a program: the system prompt, the requirement and its examples. */
export function firstRequest(problem: Problem): ChatMessage[] {
  return [
    { role: 'system', content: programmerSystem(problem.language) },
    {
      role: 'user',
      content: `Write this function:\n\n${problem.prompt.trim()}\n\n${HEADING.examples}${examplesText(problem)}`
    }
  ];
}
