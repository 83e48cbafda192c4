/**
 * Visible tests of a JavaScript problem, read from text and never evaluated: the doc comment's
 * examples (`>>> f(1)` then its result, `f(1) // => 2`, `f(1) ➞ 2`), and assert-style lines
 * such as HumanEval-X's `example_test` (`console.assert(f(1) === 2)`, also through
 * `JSON.stringify` on both sides) or MultiPL-E's (`assert.deepEqual(candidate(1), 2)`).
 *
 * Only a direct call of the entry point (or of `candidate`) with a plain literal as the
 * expected value counts; a Python-looking value (`True`, a tuple) is left out, since running
 * it as JavaScript would fail for reasons that have nothing to do with the program.
 */
import { closingIndex, docExamples, isBalanced, leadingCall } from './doc-examples';
import type { TestCase } from './problem';

const STRINGS = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\$]|\\.)*`/g;

/**
 * True when `text` reads as JavaScript literals (numbers, strings, booleans, null, undefined,
 * arrays, objects; comma-separated for an argument list) and nothing else.
 */
export function isJsLiteral(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.startsWith('(') || !isBalanced(trimmed)) return false;
  const rest = trimmed
    .replace(STRINGS, '""')
    .replace(/\b[A-Za-z_$][\w$]*\s*:/g, '"":')
    .replace(/\b(?:true|false|null|undefined|NaN|Infinity)\b/g, '0');
  return /^[\s\d.eE+\-[\]{},:"]*$/.test(rest);
}

const accept = (test: TestCase | null): test is TestCase =>
  test !== null && isJsLiteral(test.expected) && (test.input === '' || isJsLiteral(test.input));

/**
 * The prompt with everything but its comments blanked, comment markers removed, so a doc
 * comment's examples can be read line by line and code lines never join an example's output.
 */
function commentText(prompt: string): string {
  let inBlock = false;
  return prompt
    .split(/\r?\n/)
    .map((line) => {
      if (inBlock || /^\s*\/\*/.test(line)) {
        inBlock = !line.includes('*/');
        return line
          .replace(/\*\/.*$/, '')
          .replace(/^\s*(?:\/\*+|\*+)\s?/, '')
          .trimEnd();
      }
      const comment = /^\s*\/\/+\s?(.*)$/.exec(line);
      return comment ? comment[1] : '';
    })
    .join('\n');
}

/** The examples of a JavaScript doc comment that call `entryPoint` with a literal result. */
export function jsDocExamples(prompt: string, entryPoint: string): TestCase[] {
  const text = commentText(prompt).replace(/\s*\/\/\s*=>\s*/g, ' => ');
  return docExamples(text, entryPoint).filter(accept);
}

/** Splits `a, b` at its top-level commas (not inside brackets or strings). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{' || c === '"' || c === "'" || c === '`') {
      const end = c === '"' || c === "'" || c === '`' ? stringEnd(text, i) : closingIndex(text, i);
      if (end < 0) return [text];
      i = end;
    } else if (c === ',') {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

/** Where the string literal opened at `open` ends, or -1. */
function stringEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === text[open]) return i;
  }
  return -1;
}

/** `f(args)`, or `JSON.stringify(f(args))` when `stringified`, as the call's arguments. */
function callArgs(text: string, names: readonly string[], stringified: boolean): string | null {
  let inner = text.trim();
  if (stringified) {
    const wrap = leadingCall(inner, 'JSON\\.stringify');
    if (!wrap || wrap.rest !== '') return null;
    inner = wrap.args;
  }
  for (const name of names) {
    const call = leadingCall(inner, name);
    if (call && call.rest === '') return call.args;
  }
  return null;
}

/** `JSON.stringify(x)` → `x`; anything else as it is. */
const unstringify = (text: string) => {
  const wrap = leadingCall(text.trim(), 'JSON\\.stringify');
  return wrap && wrap.rest === '' ? wrap.args : text.trim();
};

const ASSERT =
  /^(?:console\.assert|assert(?:\.(?:deepStrictEqual|deepEqual|strictEqual|equal|ok))?)\s*\(/;

/** One assert-style line as a test: the call of the entry point and the value it must equal. */
export function parseJsAssert(line: string, entryPoint: string): TestCase | null {
  const text = line.trim().replace(/;$/, '');
  const head = ASSERT.exec(text);
  if (!head) return null;
  const close = closingIndex(text, head[0].length - 1);
  if (close !== text.length - 1) return null;
  const body = text.slice(head[0].length, close);
  const names = [entryPoint, 'candidate'];
  let test: TestCase | null = null;
  if (/^(?:console\.assert|assert|assert\.ok)\s*\($/.test(head[0])) {
    // console.assert(f(x) === y), console.assert(JSON.stringify(f(x)) === JSON.stringify(y))
    const at = body.search(/\s===?\s/);
    if (at < 0) return null;
    const left = body.slice(0, at);
    const right = body.slice(at).replace(/^\s*===?\s*/, '');
    const stringified = /^\s*JSON\.stringify\s*\(/.test(left);
    const input = callArgs(left, names, stringified);
    if (input !== null) test = { input, expected: stringified ? unstringify(right) : right.trim() };
  } else {
    // assert.deepEqual(f(x), y) and its kin
    const parts = splitTopLevel(body);
    if (parts.length < 2 || parts.length > 3) return null;
    const input = callArgs(parts[0], names, false);
    if (input !== null) test = { input, expected: parts[1] };
  }
  return accept(test) ? test : null;
}

/** A visible test written by a person: an assert line, or `f(x) === y`, `f(x) // => y`, `f(x) -> y`. */
export function parseJsExampleLine(line: string, entryPoint: string): TestCase | null {
  const assert = parseJsAssert(line, entryPoint);
  if (assert) return assert;
  const text = line
    .trim()
    .replace(/;$/, '')
    .replace(/\s*\/\/\s*=>\s*/, ' => ');
  const call = leadingCall(text, entryPoint);
  if (!call) return null;
  const arrow = ['===', '==', '=>', '->', '➞', '→'].find((a) => call.rest.startsWith(a));
  if (!arrow) return null;
  const test = { input: call.args, expected: call.rest.slice(arrow.length).trim() };
  return accept(test) ? test : null;
}

/** Every assert-style example of a test body (HumanEval-X's `example_test`), in order. */
export function jsAssertExamples(source: string, entryPoint: string): TestCase[] {
  const found: TestCase[] = [];
  for (const line of source.split(/\r?\n/)) {
    const test = parseJsAssert(line, entryPoint);
    if (test && !found.some((t) => t.input === test.input && t.expected === test.expected))
      found.push(test);
  }
  return found;
}
