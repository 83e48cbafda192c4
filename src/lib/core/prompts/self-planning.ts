/**
 * Prompts and parsing for Self-Planning: ask for a short plan of *what* to do, then for code
 * that marks each step with a `# Step N` comment, and map the steps back to program lines.
 * The parsers are pure and forgiving, because small models format plans loosely.
 */
import type { ChatMessage } from '../run/effects';
import type { Problem } from '../problems/problem';
import { languageOf, type Language } from '../problems/languages';
import { examplesText } from './opening-request';
import { HEADING, numberedList } from './sections';

/** The system prompt of a call that plans before any code is written. */
export const plannerSystem = (language?: Language): string =>
  `You are a careful ${languageOf(language).name} programmer who plans before writing code.`;

/** What {@link parsePlan} found in a reply. */
interface ParsedPlan {
  steps: string[];
  /** false when no numbered or bulleted lines were found (the raw text is all there is) */
  parsed: boolean;
  /** true when the plan had more steps than the cap and the rest were left out */
  capped: boolean;
}

/** A contiguous range of program lines, 1-based and inclusive. */
export interface LineRange {
  from: number;
  to: number;
}

const NUMBERED = /^\s*(?:step\s*)?(\d{1,2})\s*[.):]\s*(.*)$/i;
const BULLET = /^\s*[-*•]\s+(.*)$/;
const FENCED = /```[\s\S]*?(?:```|$)/g;

/** Drops the Markdown emphasis and extra spaces that small models put around step text. */
const tidy = (text: string) =>
  text
    .replace(/\*\*|__|`/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * Parses a plan reply into steps: numbered lines ("1." "1)" "Step 1:") if there are any,
 * else bulleted lines ("-", "*"). Code blocks are ignored (a plan says what, not how), and so
 * are sub-bullets under numbered steps. At most `maxSteps` steps are kept.
 */
export function parsePlan(reply: string, maxSteps: number): ParsedPlan {
  const lines = reply.replace(FENCED, '').split('\n');
  const numbered = lines.flatMap((l) => {
    const m = NUMBERED.exec(l);
    return m && tidy(m[2]) ? [tidy(m[2])] : [];
  });
  const bulleted = lines.flatMap((l) => {
    const m = BULLET.exec(l);
    return m && tidy(m[1]) ? [tidy(m[1])] : [];
  });
  const all = numbered.length > 0 ? numbered : bulleted;
  return { steps: all.slice(0, maxSteps), parsed: all.length > 0, capped: all.length > maxSteps };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** A `# Step N` line, with the comment prefix of the language (`// Step N` in JavaScript). */
const markOf = (language?: Language) =>
  new RegExp(`^\\s*${escape(languageOf(language).comment)}\\s*step\\s*(\\d{1,2})\\b`, 'i');

/**
 * Maps plan steps to the program lines that implement them, from `# Step N` comments (`//` in
 * JavaScript): a step's range runs from its comment to the last non-blank line before the
 * next marker (or the end of the program). A step marked twice gets two ranges; an unmarked
 * step gets none; markers of steps the plan does not have are ignored.
 */
export function mapStepsToLines(
  code: string,
  stepCount: number,
  language?: Language
): LineRange[][] {
  const marker = markOf(language);
  const lines = code.split('\n');
  const marks: { step: number; line: number }[] = [];
  lines.forEach((text, i) => {
    const m = marker.exec(text);
    if (m) marks.push({ step: Number(m[1]), line: i + 1 });
  });
  const map: LineRange[][] = Array.from({ length: stepCount }, () => []);
  marks.forEach((mark, i) => {
    let to = (marks[i + 1]?.line ?? lines.length + 1) - 1;
    while (to > mark.line && lines[to - 1].trim() === '') to--;
    if (mark.step >= 1 && mark.step <= stepCount) map[mark.step - 1].push({ from: mark.line, to });
  });
  return map;
}

const describe = (problem: Problem) =>
  `${problem.prompt.trim()}\n\n${HEADING.examples}${examplesText(problem)}`;

/**
 * Example plans shown to the planner, written for this app in the paper's style: each step says
 * what the function must do, never how (no loops, no variable names, no code). The paper's
 * planner is few-shot in the same way; its own examples are not copied here. The tasks are
 * deliberately unlike the lessons' problems, so no example gives a lesson's plan away.
 */
export const EXAMPLE_PLANS: readonly { task: string; steps: readonly string[] }[] = [
  {
    task: 'Return the second largest distinct number in a list, or None when there is none.',
    steps: [
      'Count each number once.',
      'If fewer than two numbers remain, the answer is None.',
      'Return the largest number that is smaller than the maximum.'
    ]
  },
  {
    task: 'Given a list of words, return those that read the same backwards (ignoring case), in order.',
    steps: [
      'Treat upper- and lower-case letters alike when comparing.',
      'Keep each word that equals its own reverse.',
      'Return the kept words in the order they came.'
    ]
  },
  {
    task: 'Given a sentence, return the words that appear more than once, each one time.',
    steps: [
      'Split the sentence into words.',
      'Find the words that occur at least twice.',
      'Return each of them once, in the order of its first appearance.'
    ]
  }
];

const examplePlansText = (): string =>
  EXAMPLE_PLANS.map(
    (e) => `Task: ${e.task}\nPlan:\n${e.steps.map((s, i) => `${i + 1}. ${s}`).join('\n')}`
  ).join('\n\n');

/**
 * Call 1: intent → a short numbered plan that says what to do, not how, with no code. The
 * example plans go in the same user message (not as earlier turns of the conversation), so
 * the request still holds no assistant turn: a scripted model answers it as the first call.
 */
export function planRequest(problem: Problem, maxSteps: number): ChatMessage[] {
  return [
    {
      role: 'system',
      content: plannerSystem(problem.language)
    },
    {
      role: 'user',
      content:
        `Some example plans:\n\n${examplePlansText()}\n\n` +
        `Here is a function to write:\n\n${describe(problem)}\n\n` +
        `Do not write code yet. Write a plan of at most ${maxSteps} short numbered steps ` +
        '(1. 2. 3.), one line each, saying what the function must do, like the examples.'
    }
  ];
}

/**
 * Call 2: the plan conversation plus a request for code that marks each step. The parsed
 * steps are repeated in plain form, so a small model is not misled by its own formatting.
 */
export function implementRequest(
  planMessages: ChatMessage[],
  planReply: string,
  steps: string[],
  language?: Language
): ChatMessage[] {
  const { comment, fence } = languageOf(language);
  const plan = numberedList(steps);
  const ask =
    steps.length > 0
      ? `Now write the function. ${HEADING.plan}${plan}\n\n` +
        `Put a comment line \`${comment} Step N\` above the code of each step N. `
      : 'Now write the function. ';
  return [
    ...planMessages,
    { role: 'assistant', content: planReply },
    {
      role: 'user',
      content: ask + `Answer with one fenced \`\`\`${fence} code block that defines the function.`
    }
  ];
}
