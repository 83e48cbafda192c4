/**
 * Reads `assert f(ARGS) == EXPECTED` as a call of `f` with an expected value, so that a
 * self-test of that shape can run as a call test and report what the function returned.
 *
 * Nothing here evaluates anything: it only finds where the call's brackets close. It is
 * deliberately narrow. Any line it is unsure of (another operator at the top level of the
 * expected value, a message after a comma, the function's name inside the arguments or the
 * expected value, an unclosed string) is left alone and runs as a whole check, whose verdict
 * is the same but without the returned value.
 */

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/**
 * The index just past the bracket that closes the one opened at `start`, or -1 when it never
 * closes (or a string inside never ends).
 */
function closingIndex(source: string, start: number): number {
  const stack: string[] = [];
  for (let i = start; i < source.length; i++) {
    const c = source[i];
    if (c === '"' || c === "'") {
      const end = stringEnd(source, i);
      if (end < 0) return -1;
      i = end - 1;
    } else if (c in OPENERS) stack.push(OPENERS[c]);
    else if (c === ')' || c === ']' || c === '}') {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i + 1;
    }
  }
  return -1;
}

/** The index just past the string literal that starts at `start` (a quote), or -1. */
function stringEnd(source: string, start: number): number {
  const quote = source[start];
  const triple = source.startsWith(quote.repeat(3), start);
  const close = triple ? quote.repeat(3) : quote;
  for (let i = start + close.length; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source.startsWith(close, i)) return i + close.length;
  }
  return -1;
}

/** True when `text` has, outside brackets and strings, something that binds looser than `==`. */
function hasTopLevelOperator(text: string): boolean {
  let flat = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const end = stringEnd(text, i);
      if (end < 0) return true;
      flat += ' S ';
      i = end - 1;
    } else if (c in OPENERS) {
      const end = closingIndex(text, i);
      if (end < 0) return true;
      flat += ' B ';
      i = end - 1;
    } else flat += c;
  }
  // Comparisons chain with `==`; `and`, `or`, `not`, `if`, `lambda`, `:=` and a comma (the
  // assert's message) bind looser, so any of them would change what EXPECTED means; a
  // comment is left out too, to keep the expected value plain.
  return /[<>=!,:;#]|\b(?:and|or|not|if|else|in|is|lambda)\b/.test(flat);
}

/** Whether `text` mentions the identifier `name` (as a whole word, not as an attribute). */
const mentions = (text: string, name: string): boolean =>
  new RegExp(`(?<![\\w.])${name}(?!\\w)`).test(text);

/**
 * The call and expected value of `assert ENTRY(ARGS) == EXPECTED`, or null when the line has
 * any other shape (it then stays a whole check).
 */
export function assertedCall(
  source: string,
  entryPoint: string
): { input: string; expected: string } | null {
  const head = new RegExp(`^assert\\s+${entryPoint}\\s*\\(`).exec(source.trim());
  if (!head) return null;
  const line = source.trim();
  const open = head[0].length - 1;
  const close = closingIndex(line, open);
  if (close < 0) return null;
  const rest = /^\s*==\s*(.+)$/s.exec(line.slice(close));
  if (!rest) return null;
  const input = line.slice(open + 1, close - 1).trim();
  const expected = rest[1].trim();
  if (expected === '' || hasTopLevelOperator(expected)) return null;
  if (mentions(input, entryPoint) || mentions(expected, entryPoint)) return null;
  return { input, expected };
}
