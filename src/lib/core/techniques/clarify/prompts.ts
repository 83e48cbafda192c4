/**
 * Prompts of ClarifyGPT: seed inputs, clarifying questions, and the requirement with the
 * clarification block. Short and plain for small coder models. Only the problem's prompt and
 * visible examples ever go in; the hidden tests never do.
 */
import type { ChatMessage } from '../../run/effects';
import type { Problem } from '../../problems/problem';
import { HEADING } from '../../prompts/sections';
import { doctestExamplesText } from '../../prompts/opening-request';

/** Asks for `count` seed inputs: call arguments as Python literals, one call per line. */
export function inputsRequest(problem: Problem, count: number): ChatMessage[] {
  const f = problem.entryPoint;
  return [
    {
      role: 'system',
      content: 'You write test inputs for Python functions. Answer with one fenced code block.'
    },
    {
      role: 'user',
      content:
        `Here is a function to test:\n\n${problem.prompt.trim()}\n\n${HEADING.examples}${doctestExamplesText(problem)}\n\n` +
        `Write ${count} different inputs for ${f} that a careful tester would try: ordinary ` +
        'cases and corner cases (empty values, zero, negative numbers, ties, repeated items). ' +
        `Write only the arguments of each call, as Python literals, one call per line, e.g. ` +
        `for ${f}(1, 'a') write: 1, 'a'`
    }
  ];
}

/** A representative program and its label (A, B, …) in the questions prompt. */
interface Representative {
  label: string;
  code: string;
}

/** One input on which the representatives disagree: the call and each one's output. */
export interface Difference {
  call: string;
  outputs: string[];
}

/** Asks the model to compare the representatives and write targeted questions. */
export function questionsRequest(
  problem: Problem,
  reps: readonly Representative[],
  differences: readonly Difference[],
  maxQuestions: number
): ChatMessage[] {
  const programs = reps
    .map((r) => `Program ${r.label}:\n\`\`\`python\n${r.code.trimEnd()}\n\`\`\``)
    .join('\n\n');
  const table = differences
    .map((d) => `- ${d.call}: ${d.outputs.map((o, i) => `${reps[i].label} gives ${o}`).join('; ')}`)
    .join('\n');
  return [
    {
      role: 'system',
      content:
        'You help a user pin down what they want from a program. You ask short, concrete ' +
        'questions about behaviour, never about code.'
    },
    {
      role: 'user',
      content:
        `Requirement:\n\n${problem.prompt.trim()}\n\n` +
        `Several programs were written for this requirement, and they behave differently:\n\n${programs}\n\n` +
        `${HEADING.differences}${table}\n\n` +
        'The requirement does not say which behaviour is wanted. ' +
        (maxQuestions === 1
          ? 'Ask the user one short question whose answer settles it. '
          : `Ask the user at most ${maxQuestions} short questions whose answers settle it. `) +
        'Ask about inputs and results, ' +
        'not about the programs. Write one question per line, numbered, and nothing else.'
    }
  ];
}

/** The questions in a reply: numbered or bulleted lines, or lines ending in "?". */
export function parseQuestions(reply: string, max: number): string[] {
  const found: string[] = [];
  for (const raw of reply.split('\n')) {
    const line = raw.trim();
    const marked = /^(?:\d+[.)]|[-*•]|Q\d*[:.])\s*(.+)$/.exec(line);
    const text = (marked ? marked[1] : line).trim();
    if (text === '' || text.startsWith('```')) continue;
    if (marked || text.endsWith('?')) found.push(text);
  }
  return found.filter((q) => q.endsWith('?') || found.every((x) => !x.endsWith('?'))).slice(0, max);
}

/** A question written from the outputs, for when the model's reply had none. */
export function fallbackQuestion(difference: Difference): string {
  const options = [...new Set(difference.outputs)];
  return `For ${difference.call}, which result is intended: ${options.join(' or ')}?`;
}

/** The clarification block appended to the requirement: each question and its answer. */
export function clarificationBlock(
  questions: readonly string[],
  answers: readonly string[]
): string {
  const pairs = questions
    .map((q, i) => ({ q, a: (answers[i] ?? '').trim() }))
    .filter((p) => p.a !== '');
  return HEADING.clarifications + pairs.map((p) => `Q: ${p.q}\nA: ${p.a}`).join('\n');
}

/** The requirement with the clarification block added after it. */
export function refinedPrompt(prompt: string, block: string): string {
  return `${prompt.trimEnd()}\n\n${block}\n`;
}
