/**
 * Programs the /sandbox page offers in JavaScript and TypeScript: a correct function of each, a
 * health check, and the hostile suite (the e2e runs all of them there). Data only.
 */
import type { TestCase } from '../../core/problems/problem';
import { JS_CANARY, JS_HOSTILE, JS_HOSTILE_ENTRY, expectationsFor } from './hostile';

/** A program for the sandbox page's example list. */
export interface JsExample {
  name: string;
  why: string;
  code: string;
  entryPoint: string;
  tests: TestCase[];
}

const onlyCalls = (tests: readonly unknown[]): tests is TestCase[] =>
  tests.every((t) => typeof t === 'object' && t !== null && 'input' in t && 'expected' in t);

const HEALTH: JsExample = {
  name: 'Health check',
  why: 'A normal program: passes only if printing, Maps, sorting and equality all work.',
  entryPoint: JS_HOSTILE_ENTRY,
  code: JS_CANARY.code,
  tests: onlyCalls(JS_CANARY.tests) ? JS_CANARY.tests : []
};

// The page runs programs in QuickJS, so each example says what QuickJS does.
const HOSTILE: JsExample[] = JS_HOSTILE.map((c) => expectationsFor(c, 'quickjs')).flatMap((c) =>
  onlyCalls(c.tests)
    ? [{ name: c.name, why: c.why, entryPoint: JS_HOSTILE_ENTRY, code: c.code, tests: c.tests }]
    : []
);

export const JS_EXAMPLES: JsExample[] = [
  {
    name: 'A correct function',
    why: 'Counts the windows of k values whose sum is at most limit.',
    entryPoint: 'countWindows',
    code:
      'function countWindows(values, k, limit) {\n' +
      '  let count = 0;\n' +
      '  for (let s = 0; s + k <= values.length; s++) {\n' +
      '    const sum = values.slice(s, s + k).reduce((a, b) => a + b, 0);\n' +
      '    if (sum <= limit) count++;\n' +
      '  }\n' +
      '  return count;\n' +
      '}\n',
    tests: [
      { input: '[1, 2, 3, 4], 2, 5', expected: '2' },
      { input: '[2, 2], 3, 10', expected: '0' }
    ]
  },
  HEALTH,
  ...HOSTILE
];

export const TS_EXAMPLES: JsExample[] = [
  {
    name: 'A typed function',
    why: 'TypeScript is transpiled (types removed, lines kept); the third test fails on purpose.',
    entryPoint: 'groupByLength',
    code:
      'type Groups = Record<number, string[]>;\n' +
      '\n' +
      'export function groupByLength(words: string[]): Groups {\n' +
      '  const groups: Groups = {};\n' +
      '  for (const word of words) {\n' +
      '    (groups[word.length] ??= []).push(word);\n' +
      '  }\n' +
      '  return groups;\n' +
      '}\n',
    tests: [
      { input: "['a', 'bc', 'd']", expected: "{ 1: ['a', 'd'], 2: ['bc'] }" },
      { input: '[]', expected: '{}' },
      { input: "['xy']", expected: "{ 2: ['yx'] }" }
    ]
  },
  HEALTH
];
