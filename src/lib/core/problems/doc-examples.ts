/**
 * Visible tests read from a problem's docstring, for HumanEval-shaped problems that come with
 * no separate list of examples. Three shapes are recognised, each a call of the entry point:
 *
 * - doctest: `>>> f(1, 2)` (with `...` continuation lines) followed by the output line(s);
 * - an equation: `f(1, 2) == 3`, also after `assert`, a bullet or "Example:";
 * - an arrow: `f(1, 2) ➞ 3`, `f(1, 2) -> 3`, `=>`, `==>` or `→`.
 *
 * Only a direct call of the entry point counts (`>>> sorted(f(x))` or `>>> print(f(x))` do
 * not), and both the arguments and the expected value must have balanced brackets and quotes;
 * anything else is left out rather than guessed. Whether an example is right is not decided
 * here: the caller may run them against a reference solution.
 */
import type { TestCase } from './problem';

/** The most examples kept from one docstring. */
const MAX_DOC_EXAMPLES = 20;

const ARROWS = ['==>', '==', '➞', '->', '=>', '→'];
const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/**
 * Where the bracket opened at `open` closes (its index), skipping brackets inside string
 * literals; -1 when it never closes on this text.
 */
export function closingIndex(text: string, open: number): number {
  const stack: string[] = [];
  let quote: string | null = null;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = null;
      }
    } else if (c === '"' || c === "'") {
      quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      i += quote.length - 1;
    } else if (OPENERS[c]) stack.push(OPENERS[c]);
    else if (c === ')' || c === ']' || c === '}') {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

/** True when every bracket and quote in `text` is closed (a plausible Python expression). */
export function isBalanced(text: string): boolean {
  const wrapped = `(${text})`;
  return closingIndex(wrapped, 0) === wrapped.length - 1;
}

/** The arguments of `name(…)` when `text` starts with that call, and what follows it. */
export function leadingCall(text: string, name: string): { args: string; rest: string } | null {
  const match = new RegExp(`^${name}\\s*\\(`).exec(text);
  if (!match) return null;
  const open = match[0].length - 1;
  const close = closingIndex(text, open);
  if (close < 0) return null;
  return { args: text.slice(open + 1, close).trim(), rest: text.slice(close + 1).trim() };
}

/** An expected value as written, or null when it is not a plausible literal. */
function cleanExpected(raw: string): string | null {
  // A docstring may close on the same line as its last example.
  const text = raw
    .replace(/("""|''').*$/, '')
    .trim()
    .replace(/,$/, '')
    .trim();
  if (text === '' || text.startsWith('<') || text.startsWith('Traceback')) return null;
  return isBalanced(text) ? text : null;
}

/** The prefixes allowed before an equation or arrow example on its line. */
const LEAD = /^(?:[-*•]\s+|assert\s+|(?:e\.g\.|for example|example\s*\d*)\s*[:,]?\s*)?/i;

/** `f(args) == expected` (or an arrow) on one line, as a test; null otherwise. */
export function parseExampleLine(line: string, entryPoint: string): TestCase | null {
  const text = line.trim().replace(LEAD, '');
  const call = leadingCall(text, entryPoint);
  if (!call) return null;
  const arrow = ARROWS.find((a) => call.rest.startsWith(a));
  if (!arrow) return null;
  const expected = cleanExpected(call.rest.slice(arrow.length));
  return expected === null ? null : { input: call.args, expected };
}

/** One doctest example starting at `lines[at]` (`>>> …`), and the index after it. */
function doctestAt(
  lines: readonly string[],
  at: number,
  entryPoint: string
): { test: TestCase | null; next: number } {
  let source = lines[at].trim().slice(3).trim();
  let i = at + 1;
  while (i < lines.length && lines[i].trim().startsWith('...')) {
    source += ` ${lines[i].trim().slice(3).trim()}`;
    i++;
  }
  const output: string[] = [];
  for (; i < lines.length; i++) {
    const text = lines[i].trim();
    if (text === '' || text.startsWith('>>>') || /^("""|''')/.test(text)) break;
    output.push(text);
    if (/("""|''')/.test(text)) {
      i++;
      break;
    }
  }
  const call = leadingCall(source, entryPoint);
  const expected = output.length > 0 ? cleanExpected(output.join(' ')) : null;
  const test =
    call && call.rest === '' && expected !== null ? { input: call.args, expected } : null;
  return { test, next: i };
}

/**
 * The examples of `prompt` that call `entryPoint` with a result, in order, without duplicates,
 * at most {@link MAX_DOC_EXAMPLES}.
 */
export function docExamples(prompt: string, entryPoint: string): TestCase[] {
  const lines = prompt.split(/\r?\n/);
  const found: TestCase[] = [];
  const seen = new Set<string>();
  const keep = (test: TestCase | null) => {
    const key = test ? `${test.input}\u0000${test.expected}` : '';
    if (test && !seen.has(key) && found.length < MAX_DOC_EXAMPLES) {
      seen.add(key);
      found.push(test);
    }
  };
  for (let i = 0; i < lines.length;) {
    if (lines[i].trim().startsWith('>>>')) {
      const { test, next } = doctestAt(lines, i, entryPoint);
      keep(test);
      i = next;
    } else {
      keep(parseExampleLine(lines[i], entryPoint));
      i++;
    }
  }
  return found;
}
