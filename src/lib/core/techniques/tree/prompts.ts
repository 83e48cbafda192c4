/**
 * Prompts of the tree searches. Short and plain for small coder models; every program request
 * asks for one fenced code block. Only the visible examples and their results ever appear
 * here: the hidden tests are not an argument of any function in this file.
 */
import type { ChatMessage } from '../../run/effects';
import type { Problem } from '../../problems/problem';
import { examplesText, firstRequest, programmerSystem } from '../../prompts/opening-request';
import { plannerSystem } from '../../prompts/self-planning';
import { languageOf } from '../../problems/languages';
import { HEADING, numberedList } from '../../prompts/sections';

const task = (problem: Problem) =>
  `The function:\n\n${problem.prompt.trim()}\n\n${HEADING.examples}${examplesText(problem)}`;

/** A program in a fence of the problem's language. */
const fenced = (problem: Problem, code: string) =>
  `\`\`\`${languageOf(problem.language).fence}\n${code.trimEnd()}\n\`\`\``;

/** BFS, call 1: a numbered list of different approaches, no code. */
export function strategiesRequest(problem: Problem, width: number): ChatMessage[] {
  return [
    {
      role: 'system',
      content: plannerSystem(problem.language)
    },
    {
      role: 'user',
      content:
        `${task(problem)}\n\nList ${width} different ways to solve this, as a numbered list ` +
        '(1., 2., …), one or two sentences each. Say how, not the code. Do not write code.'
    }
  ];
}

/** Numbered or bulleted lines of a strategies reply, at most `width`. */
export function parseStrategies(reply: string, width: number): string[] {
  const items: string[] = [];
  for (const line of reply.replace(/```[\s\S]*?(?:```|$)/g, '').split('\n')) {
    const m = /^\s*(?:\d+[.)]|[-*•])\s+(.+)$/.exec(line);
    if (m) items.push(m[1].trim());
    else if (items.length > 0 && line.trim() !== '' && /^\s+\S/.test(line))
      items[items.length - 1] += ' ' + line.trim();
  }
  return items.slice(0, width);
}

/** A program from scratch, following a strategy when there is one. */
export function programRequest(problem: Problem, strategy: string | null): ChatMessage[] {
  const messages = firstRequest(problem);
  if (strategy === null) return messages;
  const [system, user] = messages;
  return [system, { ...user, content: `${user.content}\n\n${HEADING.approach}${strategy}` }];
}

/**
 * A better version of a program: its code, what went wrong on the examples, and the
 * reflections written on the way to it (oldest first).
 */
export function refineRequest(
  problem: Problem,
  code: string,
  feedback: string,
  reflections: readonly string[]
): ChatMessage[] {
  const memory =
    reflections.length === 0 ? '' : `\n\n${HEADING.earlierNotes}${numberedList(reflections)}`;
  return [
    { role: 'system', content: programmerSystem(problem.language) },
    {
      role: 'user',
      content:
        `${task(problem)}\n\nAn earlier attempt:\n${fenced(problem, code)}\n\n` +
        `${feedback}${memory}\n\nWrite an improved version of the whole function.`
    }
  ];
}

/** MCTS: two or three sentences on why a program failed and what to change. No code. */
export function reflectRequest(problem: Problem, code: string, feedback: string): ChatMessage[] {
  return [
    {
      role: 'system',
      content: `You are a careful ${languageOf(problem.language).name} programmer reviewing a failed attempt.`
    },
    {
      role: 'user',
      content:
        `${task(problem)}\n\nThe attempt:\n${fenced(problem, code)}\n\n${feedback}\n\n` +
        'In two or three sentences, say why it fails and what the next attempt should do ' +
        'differently. Do not write code.'
    }
  ];
}
