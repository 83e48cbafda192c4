/**
 * What every JavaScript sandbox must do, whatever engine runs the programs: verdicts, `jsRepr`
 * actuals, error lines in the program (JavaScript and TypeScript), syntax errors, the ways a
 * program may define its entry point, MultiPL-E and HumanEval-X style checks, broken tests,
 * output capture and truncation, async functions and errors nobody caught. `node-sandbox.test.ts`
 * runs it in Node's V8 (a process per program), `quickjs.test.ts` in QuickJS. Engines word their own
 * errors: where a message is the engine's, each engine's is written down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecResultSchema, type ExecRequest, type ExecResult } from '../core/run/effects';
import type { JsEngine } from '../runtimes/javascript/hostile';
import type { NodeJsSandbox } from '../runtimes/javascript/node/sandbox';

/** How each engine words reading a property of null. */
const NULL_READ: Record<JsEngine, string> = {
  v8: "Cannot read properties of null (reading 'length')",
  quickjs: "cannot read property 'length' of null"
};

/** Declares the contract's tests for the sandbox `create` makes. */
export function jsSandboxContract(engine: JsEngine, create: () => Promise<NodeJsSandbox>): void {
  let sandbox: NodeJsSandbox;

  beforeAll(async () => {
    sandbox = await create();
  });

  afterAll(async () => {
    await sandbox?.dispose();
  });

  async function run(
    code: string,
    tests: ExecRequest['tests'],
    more: Partial<ExecRequest> = {}
  ): Promise<ExecResult> {
    const result = await sandbox.execute({
      language: 'javascript',
      code,
      entryPoint: 'f',
      tests,
      timeoutMs: 5_000,
      suite: 'visible',
      ...more
    });
    return ExecResultSchema.parse(result);
  }

  describe(`the JavaScript sandbox (${engine})`, () => {
    const lines = (...source: string[]) => source.join('\n');

    describe('verdicts', () => {
      it('passes, fails and errors per test, with the actual value and the error line', async () => {
        const result = await run(
          lines(
            'function f(xs) {',
            '  if (xs === null) return xs.length;',
            '  return xs.map((x) => x * 2);',
            '}'
          ),
          [
            { input: '[1, 2]', expected: '[2, 4]' },
            { input: '[1, 2]', expected: '[2, 5]' },
            { input: 'null', expected: '0' },
            { input: '[3]' }
          ]
        );
        expect(result.status).toBe('ok');
        expect(result.tests.map((t) => t.status)).toEqual(['pass', 'fail', 'error', 'ran']);
        expect(result.tests[1].actual).toBe('[2, 4]');
        expect(result.tests[2].error).toEqual({
          type: 'TypeError',
          message: NULL_READ[engine],
          line: 2
        });
        expect(result.tests[3]).toMatchObject({ status: 'ran', actual: '[6]', expected: '' });
      });

      it('compares structurally: -0 is not 0, a Map by entries, NaN equals NaN', async () => {
        const result = await run(
          'const f = (kind) => kind === "zero" ? -0 : kind === "map" ? new Map([[1, [2]]]) : NaN;',
          [
            { input: "'zero'", expected: '0' },
            { input: "'map'", expected: 'new Map([[1, [2]]])' },
            { input: "'nan'", expected: 'NaN' }
          ]
        );
        expect(result.tests.map((t) => t.status)).toEqual(['fail', 'pass', 'pass']);
        expect(result.tests[0].actual).toBe('-0');
      });

      it('awaits an async function', async () => {
        const result = await run('async function f(x) { await null; return x + 1; }', [
          { input: '1', expected: '2' }
        ]);
        expect(result.tests[0].status).toBe('pass');
      });

      it('finds the entry point as a declaration, an export or module.exports', async () => {
        for (const code of [
          'export function f(x) { return x; }',
          'export const f = (x) => x;',
          'module.exports = function f(x) { return x; };',
          'module.exports = { f: (x) => x };',
          'export default function f(x) { return x; }'
        ]) {
          const result = await run(code, [{ input: '7', expected: '7' }]);
          expect(result.tests[0].status, code).toBe('pass');
        }
      });

      it('says plainly when the entry point is missing or not a function', async () => {
        const missing = await run('function g() {}', [{ input: '1', expected: '1' }]);
        expect(missing.status).toBe('error');
        expect(missing.error).toEqual({
          type: 'ReferenceError',
          message: 'The program does not define f.',
          line: null
        });
        expect(missing.tests[0].status).toBe('not-run');
        const number = await run('const f = 3;', [{ input: '1', expected: '1' }]);
        expect(number.error?.message).toBe('f is 3, not a function.');
      });
    });

    describe('errors point at lines of the program', () => {
      it('a syntax error', async () => {
        const result = await run(lines('function f(x) {', '  return x +;', '}'), [
          { input: '1', expected: '1' }
        ]);
        expect(result.status).toBe('error');
        expect(result.error).toMatchObject({ type: 'SyntaxError', line: 2 });
      });

      it('an exception at the top level, before any test', async () => {
        const result = await run(
          lines('const x = 1;', 'throw new RangeError("no");', 'function f() {}'),
          [{ input: '1', expected: '1' }]
        );
        expect(result.error).toEqual({ type: 'RangeError', message: 'no', line: 2 });
      });

      it('TypeScript: types are removed, lines kept', async () => {
        const code = lines(
          'interface Point {',
          '  x: number;',
          '}',
          'export function f(p: Point | null): number {',
          '  return (p as Point).x * 2;',
          '}'
        );
        const result = await run(
          code,
          [
            { input: '{ x: 2 }', expected: '4' },
            { input: 'null', expected: '0' }
          ],
          {
            language: 'typescript'
          }
        );
        expect(result.tests[0].status).toBe('pass');
        expect(result.tests[1].error).toMatchObject({ type: 'TypeError', line: 5 });
      });

      it('a TypeScript syntax error', async () => {
        const result = await run(
          lines('type N = number;', 'function f(x: N): N {', '  return x +;', '}'),
          [],
          {
            language: 'typescript'
          }
        );
        expect(result.error).toMatchObject({ type: 'SyntaxError', line: 3 });
      });

      it('an import: a program here is a script', async () => {
        const result = await run(lines('import fs from "node:fs";', 'function f() {}'), []);
        expect(result.error?.type).toBe('SyntaxError');
        expect(result.error?.message).toContain('cannot import modules');
      });
    });

    describe('checks (MultiPL-E and HumanEval-X style)', () => {
      const program = 'function f(a, b) {\n  return a + b;\n}';

      it('MultiPL-E: require("node:assert") and a test() function', async () => {
        const check = lines(
          "const assert = require('node:assert');",
          'function test() {',
          '  let candidate = f;',
          '  assert.deepEqual(candidate(1, 2), 3);',
          '  assert.deepEqual(candidate(2, 2), 5);',
          '}',
          'test();'
        );
        const result = await run(program, [{ check }]);
        expect(result.tests[0].status).toBe('fail');
        expect(result.tests[0].error?.message).toBe(
          'The check failed at line 5: assert.deepEqual(candidate(2, 2), 5); (Expected 4 to deeply equal 5)'
        );
      });

      it('HumanEval-X: console.assert fails the check', async () => {
        const pass = await run(program, [{ check: 'console.assert(f(1, 2) === 3)' }]);
        expect(pass.tests[0].status).toBe('pass');
        const fail = await run(program, [
          { check: 'const t = () => {\n  console.assert(f(1, 2) === 4)\n}\nt()' }
        ]);
        expect(fail.tests[0].status).toBe('fail');
        expect(fail.tests[0].error?.message).toMatch(
          /^The check failed at line 2: console\.assert/
        );
      });

      it('an error in the program is an error, not a failure; a broken check says so', async () => {
        const thrown = await run('function f() {\n  throw new Error("inside");\n}', [
          { check: 'assert.equal(candidate(), 1)' }
        ]);
        expect(thrown.tests[0]).toMatchObject({
          status: 'error',
          error: { type: 'Error', line: 2 }
        });
        const ownAssert = await run(
          "const assert = require('assert');\nfunction f() {\n  assert(false);\n}",
          [{ check: 'candidate()' }]
        );
        expect(ownAssert.tests[0]).toMatchObject({
          status: 'error',
          error: { type: 'AssertionError', line: 3 }
        });
        const broken = await run(program, [{ check: 'assert.equal(candidate(1, 2), 3' }]);
        expect(broken.tests[0]).toMatchObject({
          status: 'error',
          error: { type: 'TestCheckError' }
        });
      });
    });

    describe('tests that are themselves broken', () => {
      it('bad input and bad expected values are the test’s fault', async () => {
        const result = await run('const f = (x) => x;', [
          { input: '1, , ,)', expected: '1' },
          { input: '1', expected: 'nope(' },
          { input: '1', expected: 'undefinedName' }
        ]);
        expect(result.tests.map((t) => t.error?.type)).toEqual([
          'TestInputError',
          'TestExpectedError',
          'TestExpectedError'
        ]);
      });
    });

    describe('output', () => {
      it('captures console and process output, formatted like Node', async () => {
        const code = lines(
          'function f(x) {',
          "  console.log('x is %d and', x, { x }, [x]);",
          "  console.error('careful');",
          "  process.stdout.write('raw');",
          '  return x;',
          '}'
        );
        const result = await run(code, [{ input: '5', expected: '5' }]);
        expect(result.stdout).toBe('x is 5 and { x: 5 } [5]\nraw');
        expect(result.stderr).toBe('careful\n');
      });

      it('truncates long output at 20,000 characters', async () => {
        const result = await run(
          "function f() {\n  for (let i = 0; i < 1000; i++) console.log('y'.repeat(100));\n  return 1;\n}",
          [{ input: '', expected: '1' }]
        );
        expect(result.tests[0].status).toBe('pass');
        expect(result.stdout.length).toBeLessThan(20_200);
        expect(result.stdout).toContain(
          '[output truncated: only the first 20000 characters are kept]'
        );
      });

      it('an error thrown later by a timer goes to stderr and does not end the run', async () => {
        const code = lines(
          'function f(x) {',
          "  setTimeout(() => { throw new Error('late'); }, 0);",
          '  return new Promise((resolve) => setTimeout(() => resolve(x), 20));',
          '}'
        );
        const result = await run(code, [{ input: '1', expected: '1' }]);
        expect(result.tests[0].status).toBe('pass');
        expect(result.stderr).toBe('Uncaught Error: late (line 2)\n');
      });
    });

    describe('the host', () => {
      it('runs several programs at once and refuses Python', async () => {
        const results = await Promise.all(
          [1, 2, 3, 4].map((n) =>
            run(`const f = () => ${n};`, [{ input: '', expected: String(n) }])
          )
        );
        expect(results.map((r) => r.tests[0].status)).toEqual(['pass', 'pass', 'pass', 'pass']);
        await expect(
          sandbox.execute({
            language: 'python',
            code: 'def f(): pass',
            entryPoint: 'f',
            tests: [],
            timeoutMs: 1000,
            suite: 'visible'
          })
        ).rejects.toThrow('cannot run Python');
      });
    });
  });
}
