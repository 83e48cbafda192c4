/**
 * "Show the prompt": the exact messages of a model call, read from the log, each cut into
 * parts marked by where they came from (the task, its examples, feedback from running code, a
 * plan, the memory of reflections, recalled problems, the turn-budget line, the user's clarifications, earlier
 * programs, the model's own earlier replies), with tokens per part and per call.
 *
 * Invariant: a message's parts, joined, are the message exactly. A part is only attributed
 * when it is found by the same text the builders write: the problem's own prompt and
 * examples, reports recomputed from the log's results with the builders' functions, or a
 * section heading from prompts/sections.ts. Anything else is the technique's own words
 * ("instructions"): nothing is guessed.
 */
import type { ChatMessage } from '../run/effects';
import type { RunEvent } from '../run/events';
import type { Problem } from '../problems/problem';
import { doctestExamplesText, examplesText } from '../prompts/opening-request';
import { failureReport, noCodeFeedback, NOT_CORRECT } from '../prompts/self-debug';
import { selfTestFeedback, type SelfTestCandidate } from '../prompts/reflexion';
import { summarizeTrace } from '../prompts/trace-summary';
import { DESIGNER_TESTS } from '../prompts/agentcoder';
import { turnsLeftPattern } from '../prompts/turn-budget';
import { HEADING, estimateTokens } from '../prompts/sections';

/** Where a part of a prompt came from. */
export type PromptSource =
  | 'task'
  | 'examples'
  | 'clarification'
  | 'plan'
  | 'memory'
  | 'recall'
  | 'feedback'
  | 'turn-budget'
  | 'code'
  | 'reply'
  | 'instructions';

/** Each source's name on screen and what it means, in the order a legend lists them. */
export const PROMPT_SOURCES: readonly { source: PromptSource; label: string; about: string }[] = [
  { source: 'task', label: 'task', about: "the problem's own description" },
  { source: 'examples', label: 'examples', about: 'the visible examples, calls and results' },
  { source: 'clarification', label: 'clarification', about: "the user's answers (ClarifyGPT)" },
  { source: 'plan', label: 'plan', about: 'a plan or strategy the model wrote earlier' },
  { source: 'memory', label: 'reflections', about: 'reflections kept from earlier failures' },
  {
    source: 'recall',
    label: 'recalled problems',
    about: 'similar problems the model recalled, with their plans (MapCoder)'
  },
  {
    source: 'feedback',
    label: 'feedback',
    about: 'what running the code showed: failures, errors, a trace, outputs'
  },
  { source: 'turn-budget', label: 'turn budget', about: 'how many turns are left' },
  { source: 'code', label: 'earlier code', about: 'a program written earlier, quoted' },
  { source: 'reply', label: 'model reply', about: "the model's own earlier reply" },
  { source: 'instructions', label: 'instructions', about: "the technique's own words" }
];

/** One attributed piece of a message. */
export interface PromptPart {
  source: PromptSource;
  text: string;
  /** tokens, estimated (scaled to the model's count when the model reported one) */
  tokens: number;
}

export interface PromptMessage {
  role: ChatMessage['role'];
  parts: PromptPart[];
  tokens: number;
}

/** The prompt of one model call, cut into parts. */
export interface PromptCall {
  /** 0-based number of the call among the run's model calls */
  index: number;
  /** the call's position in the log */
  seq: number;
  /** what the technique wanted from the call */
  label: string;
  messages: PromptMessage[];
  /** the prompt's tokens: the model's count when it reported one, else the estimate */
  tokens: number;
  /** true when no tokenizer counted: every number is the estimate of about 4 characters a token */
  estimated: boolean;
  /** tokens per source, every source present (0 when absent) */
  bySource: Record<PromptSource, number>;
}

type ModelEvent = Extract<RunEvent, { kind: 'model' }>;

/** The model calls of a log, in order. */
export const modelCallsOf = (events: readonly RunEvent[]): ModelEvent[] =>
  events.filter((e): e is ModelEvent => e.kind === 'model');

interface Span {
  start: number;
  end: number;
  source: PromptSource;
}

/**
 * Texts that can be found verbatim, recomputed from the problem and the log before a call
 * with the functions the prompts were built by. They are kept by their first line, so a
 * message is searched once per distinct first line ("The code failed 1 of 3 examples:"),
 * not once per text: a long search logs hundreds of reports that share a few first lines.
 */
class KnownTexts {
  #byFirstLine = new Map<string, Map<string, PromptSource>>();
  /** model-written tests whose failures a later prompt reports, and whose tests they are */
  #selfTests: { kept: SelfTestCandidate[]; whose?: string } | null = null;

  constructor(private readonly problem: Problem) {
    this.#add(problem.prompt.trim(), 'task');
    if (problem.visibleTests.length > 0) {
      this.#add(HEADING.examples + examplesText(problem), 'examples');
      this.#add(HEADING.examples + doctestExamplesText(problem), 'examples');
    }
    this.#add(noCodeFeedback(problem.language), 'feedback');
    this.#add(NOT_CORRECT, 'feedback');
  }

  #add(text: string, source: PromptSource) {
    if (text.trim() === '') return;
    const line = text.split('\n', 1)[0];
    const texts = this.#byFirstLine.get(line) ?? new Map<string, PromptSource>();
    this.#byFirstLine.set(line, texts);
    if (!texts.has(text)) texts.set(text, source);
  }

  /** Takes in what one event of the log makes findable. */
  see(e: RunEvent) {
    if (e.kind === 'note' && e.note.type === 'clarify-refined')
      this.#add(e.note.block, 'clarification');
    if (e.kind === 'note' && e.note.type === 'self-tests') this.#selfTests = { kept: e.note.kept };
    // AgentCoder's executor reports the designer's tests by the same builder, in its words
    if (e.kind === 'note' && e.note.type === 'agentcoder-tests')
      this.#selfTests = { kept: e.note.kept, whose: DESIGNER_TESTS };
    if (e.kind !== 'execute') return;
    const { problem } = this;
    this.#add(failureReport(problem, e.result), 'feedback');
    if (this.#selfTests) {
      const { kept, whose } = this.#selfTests;
      this.#add(selfTestFeedback(kept, e.result, problem.entryPoint, whose), 'feedback');
    }
    if (e.result.trace) this.#add(summarizeTrace(e.result.trace), 'feedback');
  }

  /** Every place a known text occurs in `content`, the longest first. */
  find(content: string): Span[] {
    const found: Span[] = [];
    for (const [line, texts] of this.#byFirstLine) {
      if (line === '') continue;
      for (let at = content.indexOf(line); at >= 0; at = content.indexOf(line, at + 1))
        for (const [text, source] of texts)
          if (content.startsWith(text, at))
            found.push({ start: at, end: at + text.length, source });
    }
    return found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const NUMBERED_LINES = String.raw`\d+\. [^\n]*(?:\n\d+\. [^\n]*)*`;

/** Sections found by the builders' headings, and lines only one builder writes. */
const PATTERNS: readonly { pattern: () => RegExp; source: PromptSource }[] = [
  { pattern: () => headed(HEADING.notes, NUMBERED_LINES), source: 'memory' },
  { pattern: () => headed(HEADING.earlierNotes, NUMBERED_LINES), source: 'memory' },
  { pattern: () => headed(HEADING.plan, NUMBERED_LINES), source: 'plan' },
  { pattern: () => headed(HEADING.approach, '[^\\n]*'), source: 'plan' },
  // MapCoder's recalled problems: every line up to the first blank one.
  { pattern: () => headed(HEADING.recalled, String.raw`[^\n]+(?:\n[^\n]+)*`), source: 'recall' },
  {
    pattern: () => headed(HEADING.clarifications, String.raw`[QA]: [^\n]*(?:\n[QA]: [^\n]*)*`),
    source: 'clarification'
  },
  {
    pattern: () => headed(HEADING.differences, String.raw`- [^\n]*(?:\n- [^\n]*)*`),
    source: 'feedback'
  },
  { pattern: turnsLeftPattern, source: 'turn-budget' },
  // A whole fenced block: the fence's language, a newline, the code, a closing fence.
  { pattern: () => /```[\w+-]*\n[\s\S]*?\n```/g, source: 'code' }
];

function headed(heading: string, body: string): RegExp {
  return new RegExp(escapeRegExp(heading) + body, 'g');
}

/** Cuts a user message into attributed parts; whatever nothing claims is instructions. */
function splitUser(content: string, known: KnownTexts): Omit<PromptPart, 'tokens'>[] {
  const spans: Span[] = [];
  const free = (start: number, end: number) =>
    end > start && spans.every((s) => end <= s.start || start >= s.end);
  const claim = (start: number, end: number, source: PromptSource) => {
    if (free(start, end)) spans.push({ start, end, source });
  };
  // The longest known texts first, so a longer report is not cut by a shorter one it contains.
  for (const span of known.find(content)) claim(span.start, span.end, span.source);
  for (const { pattern, source } of PATTERNS) {
    for (const m of content.matchAll(pattern())) claim(m.index, m.index + m[0].length, source);
  }
  spans.sort((a, b) => a.start - b.start);
  const parts: Omit<PromptPart, 'tokens'>[] = [];
  const push = (source: PromptSource, text: string) => {
    if (text === '') return;
    const last = parts[parts.length - 1];
    if (last?.source === source) last.text += text;
    else parts.push({ source, text });
  };
  let at = 0;
  for (const span of spans) {
    push('instructions', content.slice(at, span.start));
    push(span.source, content.slice(span.start, span.end));
    at = span.end;
  }
  push('instructions', content.slice(at));
  return parts;
}

/** Whole numbers proportional to `values` that add up to `total` (largest remainders). */
function scaleTo(values: number[], total: number): number[] {
  const sum = values.reduce((a, b) => a + b, 0);
  if (sum === 0) return values.map(() => 0);
  const exact = values.map((v) => (v * total) / sum);
  const whole = exact.map(Math.floor);
  let left = total - whole.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - whole[i] })).sort((a, b) => b.r - a.r);
  for (const { i } of order) {
    if (left <= 0) break;
    whole[i]++;
    left--;
  }
  return whole;
}

const emptyBySource = (): Record<PromptSource, number> =>
  Object.fromEntries(PROMPT_SOURCES.map((s) => [s.source, 0])) as Record<PromptSource, number>;

function cut(known: KnownTexts, call: ModelEvent, index: number): PromptCall {
  const raw = call.request.messages.map((m) => ({
    role: m.role,
    parts:
      m.role === 'user'
        ? splitUser(m.content, known)
        : [
            {
              source: (m.role === 'assistant' ? 'reply' : 'instructions') as PromptSource,
              text: m.content
            }
          ]
  }));
  const flat = raw.flatMap((m) => m.parts);
  const estimates = flat.map((p) => estimateTokens(p.text));
  const usage = call.result.usage;
  const counted = !usage.estimated && usage.promptTokens > 0;
  const tokens = counted ? scaleTo(estimates, usage.promptTokens) : estimates;
  const bySource = emptyBySource();
  let k = 0;
  const messages: PromptMessage[] = raw.map((m) => {
    const parts = m.parts.map((p) => {
      const part = { ...p, tokens: tokens[k++] };
      bySource[part.source] += part.tokens;
      return part;
    });
    return { role: m.role, parts, tokens: parts.reduce((n, p) => n + p.tokens, 0) };
  });
  return {
    index,
    seq: call.seq,
    label: call.label,
    messages,
    tokens: tokens.reduce((a, b) => a + b, 0),
    estimated: !counted,
    bySource
  };
}

/**
 * The prompts of the log's model calls, in order, up to the `last`-th (0-based) if given: one
 * pass over the log, each call cut with what the events before it make findable.
 */
function walk(problem: Problem, events: readonly RunEvent[], last = Infinity): PromptCall[] {
  const known = new KnownTexts(problem);
  const calls: PromptCall[] = [];
  for (const e of events) {
    if (e.kind === 'model') {
      calls.push(cut(known, e, calls.length));
      if (calls.length > last) break;
    } else known.see(e);
  }
  return calls;
}

/** The prompt of the `index`-th model call of the log (0-based), or null when there is none. */
export function promptOfCall(
  problem: Problem,
  events: readonly RunEvent[],
  index: number
): PromptCall | null {
  return walk(problem, events, index)[index] ?? null;
}

/** Every model call's prompt, in order: how the prompt grows from call to call. */
export function promptGrowth(problem: Problem, events: readonly RunEvent[]): PromptCall[] {
  return walk(problem, events);
}
