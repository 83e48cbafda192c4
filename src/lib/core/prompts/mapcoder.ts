/**
 * MapCoder's prompts (written here, not the paper's) and the lenient readers of its two prose
 * replies: the recall agent's similar problems and the planning agent's plans with their
 * confidence. Small models drift from any format, so the readers keep what they can and hand
 * back the rest, as written, for the view to show as not parsed.
 */
import type { ChatMessage } from '../run/effects';
import type { ExecResult } from '../run/effects';
import type { Problem } from '../problems/problem';
import { languageOf } from '../problems/languages';
import { examplesText, programmerSystem } from './opening-request';
import { failureReport } from './self-debug';
import { HEADING, numberedList } from './sections';
import { plural } from '../text';

/** A recalled problem: what it asks, and the plan that solved it. */
export interface RecalledProblem {
  description: string;
  steps: string[];
}

/** A plan as the planning agent wrote it. */
export interface WrittenPlan {
  /** 1-based, in the order written */
  index: number;
  steps: string[];
  /** 0 to 100, or null when the plan gave none that could be read */
  confidence: number | null;
}

const task = (problem: Problem) =>
  `${problem.prompt.trim()}\n\n${HEADING.examples}${examplesText(problem)}`;

/** The system prompt of the recall agent. */
export const RECALL_SYSTEM =
  'You are the recall agent of a small team of programmers. From your own memory you recall ' +
  'solved problems that resemble a new one, and how each was solved. You write no code.';

/** The system prompt of the planning agent. */
export const PLANNER_SYSTEM =
  'You are the planning agent of a small team of programmers. You write plans in plain words, ' +
  'never code, and say how sure you are that each plan solves the task.';

/** The recall agent's request: k similar problems, each with the plan that solved it. */
export function recallRequest(problem: Problem, k: number): ChatMessage[] {
  return [
    { role: 'system', content: RECALL_SYSTEM },
    {
      role: 'user',
      content:
        `A teammate must write this ${languageOf(problem.language).name} function:\n\n` +
        `${task(problem)}\n\n` +
        `Recall ${plural(k, 'different problem')} you know that ${k === 1 ? 'is' : 'are'} like ` +
        'it. For each, write a heading line "## Problem N", one or two sentences saying what ' +
        'it asks, then a line "### Plan" and the numbered steps that solved it. Write no code.'
    }
  ];
}

/** The recalled problems as the planning request shows them: one line each, then its steps. */
export function recalledText(problems: readonly RecalledProblem[]): string {
  return problems
    .map(
      (p, i) =>
        `Problem ${i + 1}: ${p.description}` +
        (p.steps.length > 0 ? `\n${p.steps.map((s, j) => `  ${j + 1}. ${s}`).join('\n')}` : '')
    )
    .join('\n');
}

/** The planning agent's request: n plans for the task, each with a confidence. */
export function planningRequest(
  problem: Problem,
  recalled: readonly RecalledProblem[],
  n: number
): ChatMessage[] {
  const memory = recalled.length > 0 ? `${HEADING.recalled}${recalledText(recalled)}\n\n` : '';
  return [
    { role: 'system', content: PLANNER_SYSTEM },
    {
      role: 'user',
      content:
        `Plan how to write this ${languageOf(problem.language).name} function:\n\n` +
        `${task(problem)}\n\n${memory}` +
        `Write ${plural(n, 'different plan')}. For each, write a heading line "## Plan N", a ` +
        'line "Confidence: C" where C is a whole number from 0 to 100 saying how likely the ' +
        'plan is to solve the task, then its numbered steps. Write no code.'
    }
  ];
}

/** The coding agent's request: the task, its examples, and one plan to follow. */
export function codingRequest(problem: Problem, steps: readonly string[]): ChatMessage[] {
  const plan = steps.length > 0 ? `\n\n${HEADING.plan}${numberedList(steps)}` : '';
  return [
    { role: 'system', content: programmerSystem(problem.language) },
    {
      role: 'user',
      content:
        `Write this function:\n\n${task(problem)}${plan}\n\n` +
        'Write the whole function in one fenced code block.'
    }
  ];
}

/** The debugging agent's request: the plan, the code, and how it failed the examples. */
export function debuggingRequest(
  problem: Problem,
  steps: readonly string[],
  code: string,
  result: ExecResult
): ChatMessage[] {
  const plan = steps.length > 0 ? `\n\n${HEADING.plan}${numberedList(steps)}` : '';
  const fence = languageOf(problem.language).fence;
  return [
    { role: 'system', content: programmerSystem(problem.language) },
    {
      role: 'user',
      content:
        `This function was written for the task below.\n\n${task(problem)}${plan}\n\n` +
        `The code:\n\n\`\`\`${fence}\n${code}\`\`\`\n\n${failureReport(problem, result)}\n\n` +
        'Find the mistake, then answer with the whole corrected function in one fenced code block.'
    }
  ];
}

/** Lines of text, trimmed, without the empty ones. */
const linesOf = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^```/.test(l));

const MARKER = /^(?:\d+[.)]|[-*•])\s+/;

/** The steps of a block: its numbered or bulleted lines, else every line. */
function stepsOf(lines: readonly string[]): string[] {
  const marked = lines.filter((l) => MARKER.test(l));
  return (marked.length > 0 ? marked : lines).map((l) => l.replace(MARKER, '').trim());
}

/** Cuts a reply at its heading lines ("## Problem 2", "**Plan 1:**"): the text before, and each block. */
function blocksOf(reply: string, word: string): { before: string; blocks: string[][] } {
  const heading = new RegExp(String.raw`^[#*\s]*${word}\s*\d*\b`, 'i');
  const before: string[] = [];
  const blocks: string[][] = [];
  for (const line of reply.split('\n')) {
    if (heading.test(line.trim())) blocks.push([line.trim()]);
    else if (blocks.length > 0) blocks[blocks.length - 1].push(line);
    else before.push(line);
  }
  return { before: before.join('\n').trim(), blocks };
}

/** The recalled problems of a reply (at most k) and what could not be read. */
export function parseRecall(
  reply: string,
  k: number
): { problems: RecalledProblem[]; unparsed: string[] } {
  const { before, blocks } = blocksOf(reply, '(?:similar\\s+)?problem');
  const problems: RecalledProblem[] = [];
  const unparsed: string[] = before === '' ? [] : [before];
  for (const [head, ...body] of blocks) {
    const at = body.findIndex((l) => /^[#*\s]*plan\b/i.test(l.trim()));
    const inline = head.replace(/^[#*\s]*(?:similar\s+)?problem\s*\d*\s*[:.)-]?\s*\**/i, '');
    const description = [
      inline,
      ...linesOf(at < 0 ? body.join('\n') : body.slice(0, at).join('\n'))
    ]
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
    const steps = at < 0 ? [] : stepsOf(linesOf(body.slice(at + 1).join('\n')));
    if (description === '' || steps.length === 0 || problems.length >= k)
      unparsed.push([head, ...body].join('\n').trim());
    else problems.push({ description, steps });
  }
  if (blocks.length === 0 && before === '' && reply.trim() !== '') unparsed.push(reply.trim());
  return { problems, unparsed };
}

const CONFIDENCE = /confidence[^\w\n]{0,8}(\d{1,3}(?:\.\d+)?)/i;

/** A confidence from 0 to 100, read leniently ("80", "80%", "0.8"), or null. */
export function confidenceOf(text: string): number | null {
  const found = CONFIDENCE.exec(text);
  if (!found) return null;
  const value = Number(found[1]);
  const scaled = found[1].includes('.') && value <= 1 ? value * 100 : value;
  return scaled <= 100 ? Math.round(scaled) : null;
}

/**
 * The plans of a reply (at most n) and what could not be read. A reply without any "Plan"
 * heading is taken as one plan of its lines; a reply of which no plan could be read gives none.
 */
export function parsePlans(reply: string, n: number): { plans: WrittenPlan[]; unparsed: string[] } {
  const { before, blocks } = blocksOf(reply, 'plan');
  if (blocks.length === 0) {
    const steps = stepsOf(linesOf(reply).filter((l) => !CONFIDENCE.test(l)));
    return {
      plans: steps.length > 0 ? [{ index: 1, steps, confidence: confidenceOf(reply) }] : [],
      unparsed: []
    };
  }
  const plans: WrittenPlan[] = [];
  const unparsed: string[] = before === '' ? [] : [before];
  for (const block of blocks) {
    const text = block.join('\n');
    const steps = stepsOf(linesOf(block.slice(1).join('\n')).filter((l) => !CONFIDENCE.test(l)));
    if (steps.length === 0 || plans.length >= n) unparsed.push(text.trim());
    else plans.push({ index: plans.length + 1, steps, confidence: confidenceOf(text) });
  }
  return { plans, unparsed };
}

/** Plan indices in the order they are tried: most confident first, no confidence last, ties as written. */
export function tryOrder(plans: readonly WrittenPlan[]): number[] {
  return [...plans]
    .sort((a, b) => (b.confidence ?? -1) - (a.confidence ?? -1) || a.index - b.index)
    .map((p) => p.index);
}
