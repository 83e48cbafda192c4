/**
 * `jsRepr` and `deepEqual` inside QuickJS: the same texts and verdicts as in V8
 * (`repr-equal.test.ts`), reached the way a learner sees them: a program returns each value,
 * and the test table shows its repr and whether it equals the expected value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecResultSchema, type ExecRequest } from '../../../core/run/effects';
import type { NodeJsSandbox } from '../node/sandbox';
import { createQuickJsSandbox } from './node';

let sandbox: NodeJsSandbox;

beforeAll(async () => {
  sandbox = await createQuickJsSandbox();
});

afterAll(async () => {
  await sandbox?.dispose();
});

/** Runs `function f(i)` returning `values[i]` on every index, as probes or against `expected`. */
async function outcomes(values: string[], expected?: string[]) {
  const request: ExecRequest = {
    language: 'javascript',
    code: `const values = [\n${values.map((v) => `  () => (${v}),`).join('\n')}\n];\nfunction f(i) {\n  return values[i]();\n}`,
    entryPoint: 'f',
    tests: values.map((_, i) =>
      expected ? { input: String(i), expected: expected[i] } : { input: String(i) }
    ),
    timeoutMs: 5_000,
    suite: 'visible'
  };
  return ExecResultSchema.parse(await sandbox.execute(request)).tests;
}

describe('jsRepr in QuickJS', () => {
  it('shows values as V8 does', async () => {
    const table: [string, string][] = [
      ['"it\'s \\\\ \\n"', "'it\\'s \\\\ \\n'"],
      ['-0', '-0'],
      ['NaN', 'NaN'],
      ['10n', '10n'],
      ['undefined', 'undefined'],
      ["Symbol('s')", 'Symbol(s)'],
      ['[1, , 3]', '[1, , 3]'],
      ["{ a: 1, 'b-c': [true, null] }", "{ a: 1, 'b-c': [true, null] }"],
      ["{ 2: 'x', '01': 'y' }", "{ 2: 'x', '01': 'y' }"],
      ["new Map([['a', 1]])", "new Map([['a', 1]])"],
      ['new Set([1, 2])', 'new Set([1, 2])'],
      ['new Date(0)', "new Date('1970-01-01T00:00:00.000Z')"],
      ['/a+/g', '/a+/g'],
      ['new Uint8Array([1, 2])', 'new Uint8Array([1, 2])'],
      ['function g() {}', '[Function g]'],
      ["new RangeError('too far')", "new RangeError('too far')"],
      ['new (class Point { x = 1; })()', 'Point { x: 1 }'],
      ['Object.assign(Object.create(null), { a: 1 })', '[Object: null prototype] { a: 1 }'],
      ['{ get secret() { return 1; } }', '{ secret: [Getter] }'],
      ['(() => { const c = { a: 1 }; c.self = c; return c; })()', '{ a: 1, self: [Circular] }']
    ];
    const tests = await outcomes(table.map(([source]) => source));
    expect(tests.map((t) => t.actual)).toEqual(table.map(([, text]) => text));
  });
});

describe('deepEqual in QuickJS', () => {
  it('judges as deepStrictEqual does', async () => {
    const table: [string, string, 'pass' | 'fail'][] = [
      ['NaN', 'NaN', 'pass'],
      ['0', '-0', 'fail'],
      ['1', "'1'", 'fail'],
      ['[1, , 3]', '[1, undefined, 3]', 'fail'],
      ['{ a: 1, b: 2 }', '{ b: 2, a: 1 }', 'pass'],
      ['[1]', '{ 0: 1 }', 'fail'],
      ["new Map([[[1], 'a'], [[2], 'b']])", "new Map([[[2], 'b'], [[1], 'a']])", 'pass'],
      ['new Set([1, 2])', 'new Set([1, 3])', 'fail'],
      ['new Date(5)', 'new Date(5)', 'pass'],
      ['/a/g', '/a/i', 'fail'],
      ["new Error('a')", "new Error('b')", 'fail'],
      ['new Uint8Array([1, 2])', 'new Uint8Array([1, 3])', 'fail']
    ];
    const tests = await outcomes(
      table.map(([actual]) => actual),
      table.map(([, expected]) => expected)
    );
    expect(tests.map((t) => t.status)).toEqual(table.map(([, , verdict]) => verdict));
  });
});
