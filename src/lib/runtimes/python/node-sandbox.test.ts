/**
 * The Python sandbox against real Pyodide (no mocks): one sandbox per file, since loading
 * Pyodide takes a couple of seconds. Tests that kill the worker come last in their group and
 * check that the next request still works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecResultSchema, type ExecResult } from '../../core/run/effects';
import type { TestCase } from '../../core/problems/problem';
import { createNodeSandbox, type NodeSandbox } from './node-sandbox';

let sandbox: NodeSandbox;

beforeAll(async () => {
  sandbox = await createNodeSandbox();
});

afterAll(async () => {
  await sandbox?.dispose();
});

const ADD_TESTS: TestCase[] = [
  { input: '1, 2', expected: '3' },
  { input: '-1, 1', expected: '0' }
];

/** Runs a program and checks the result against the schema, as every caller may rely on. */
async function run(
  code: string,
  tests: TestCase[] = ADD_TESTS,
  options: { entryPoint?: string; timeoutMs?: number; signal?: AbortSignal } = {}
): Promise<ExecResult> {
  const result = await sandbox.execute(
    {
      language: 'python',
      code,
      entryPoint: options.entryPoint ?? 'add',
      tests,
      timeoutMs: options.timeoutMs ?? 5_000,
      suite: 'visible'
    },
    { signal: options.signal }
  );
  return ExecResultSchema.parse(result);
}

const program = (...lines: string[]) => lines.join('\n') + '\n';

describe('results', () => {
  it('passes every test of a correct program', async () => {
    const result = await run(program('def add(a, b):', '    return a + b'));
    expect(result.status).toBe('ok');
    expect(result.error).toBeNull();
    expect(result.tests).toEqual([
      { input: '1, 2', expected: '3', status: 'pass', actual: '3', error: null },
      { input: '-1, 1', expected: '0', status: 'pass', actual: '0', error: null }
    ]);
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('fails a wrong program with the expected value and the repr of the actual one', async () => {
    const result = await run(program('def add(a, b):', '    return str(a - b)'));
    expect(result.status).toBe('ok');
    expect(result.tests.map((t) => [t.status, t.expected, t.actual])).toEqual([
      ['fail', '3', "'-1'"],
      ['fail', '0', "'-2'"]
    ]);
  });

  it('compares with == against literals and non-literal expected values', async () => {
    const code = program('def f(x):', '    return x');
    const result = await run(
      code,
      [
        { input: '[1, (2, 3)]', expected: '[1, (2, 3)]' },
        { input: "float('inf')", expected: "float('inf')" },
        { input: '{1, 2}', expected: 'set([2, 1])' },
        { input: '1.0', expected: '1' }
      ],
      { entryPoint: 'f' }
    );
    expect(result.tests.map((t) => t.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('truncates the repr of a huge return value', async () => {
    const result = await run(
      program('def f():', "    return 'x' * 100_000"),
      [{ input: '', expected: "''" }],
      {
        entryPoint: 'f'
      }
    );
    const actual = result.tests[0].actual ?? '';
    expect(result.tests[0].status).toBe('fail');
    expect(actual.length).toBeLessThan(2_100);
    expect(actual).toContain('more characters');
  });

  it('reports a test whose input is not valid arguments as an error of that test only', async () => {
    const result = await run(program('def add(a, b):', '    return a + b'), [
      { input: '1, 2', expected: '3' },
      { input: '1, (', expected: '3' },
      { input: '1) + add(1, 1', expected: '3' },
      { input: '1, 2', expected: '[unclosed' }
    ]);
    expect(result.status).toBe('ok');
    expect(result.tests.map((t) => t.status)).toEqual(['pass', 'error', 'error', 'error']);
    expect(result.tests[1].error?.message).toMatch(/test input is not valid Python arguments/);
    expect(result.tests[2].error?.message).toMatch(/not a list of call arguments/);
    expect(result.tests[3].error?.message).toMatch(/expected value could not be evaluated/);
  });

  it('loads programs as a module, so dataclasses with string annotations work', async () => {
    const code = program(
      'from __future__ import annotations',
      'from dataclasses import dataclass',
      '@dataclass',
      'class P:',
      '    x: int',
      'def f(x):',
      '    return P(x).x'
    );
    const result = await run(code, [{ input: '4', expected: '4' }], { entryPoint: 'f' });
    expect(result.tests[0].status).toBe('pass');
  });
});

describe('errors', () => {
  it('gives the type, message and program line of an exception inside the function', async () => {
    const code = program(
      'def helper(x):',
      '    return {"a": 1}[x]',
      '',
      'def add(a, b):',
      '    return helper("b")'
    );
    const result = await run(code, [{ input: '1, 2', expected: '3' }]);
    expect(result.status).toBe('ok');
    expect(result.tests[0]).toMatchObject({
      status: 'error',
      actual: null,
      error: { type: 'KeyError', message: "'b'", line: 2 }
    });
  });

  it('reports a syntax error as a program error with its line', async () => {
    const result = await run(program('def add(a, b):', '    x = (1,', '    return a + b', 'y = ]'));
    expect(result.status).toBe('error');
    expect(result.error?.type).toBe('SyntaxError');
    expect(result.error?.line).toBeGreaterThanOrEqual(2);
    expect(result.tests.map((t) => t.status)).toEqual(['not-run', 'not-run']);
  });

  it('reports an exception at the top level as a program error', async () => {
    const result = await run(program('def add(a, b):', '    return a + b', '', 'add(1)'));
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ type: 'TypeError', line: 4 });
  });

  it('reports a missing entry point as a program error', async () => {
    const result = await run(program('def plus(a, b):', '    return a + b'));
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ type: 'NameError', line: null });
  });

  it('treats sys.exit(0) at the top level as an error, never a pass', async () => {
    const result = await run(
      program('import sys', 'def add(a, b):', '    return a + b', 'sys.exit(0)')
    );
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ type: 'SystemExit', line: 4 });
    expect(result.tests.every((t) => t.status === 'not-run')).toBe(true);
  });

  it('treats sys.exit(0) inside the function as an error of that test', async () => {
    const result = await run(program('import sys', 'def add(a, b):', '    sys.exit(0)'));
    expect(result.status).toBe('ok');
    expect(result.tests.map((t) => t.status)).toEqual(['error', 'error']);
    expect(result.tests[0].error).toMatchObject({ type: 'SystemExit', line: 3 });
  });

  it('treats os._exit as an early exit and keeps the interpreter alive', async () => {
    const result = await run(program('import os', 'def add(a, b):', '    os._exit(0)'));
    expect(result.tests[0].status).toBe('error');
    expect(result.tests[0].error?.type).toBe('SystemExit');
    const next = await run(program('def add(a, b):', '    return a + b'));
    expect(next.tests.map((t) => t.status)).toEqual(['pass', 'pass']);
  });

  it('ends a recursion bomb as an error of the test', async () => {
    const result = await run(program('def add(a, b):', '    return add(a, b) + 1'));
    expect(result.status).toBe('ok');
    expect(result.tests[0]).toMatchObject({
      status: 'error',
      error: { type: 'RecursionError', line: 2 }
    });
    const next = await run(program('def add(a, b):', '    return a + b'));
    expect(next.status).toBe('ok');
  });

  it('ends a MemoryError as an error of the test', async () => {
    // Too big for wasm32's address space, so it fails at once instead of filling memory first.
    const result = await run(program('def add(a, b):', '    return [0] * (2 ** 29)'));
    expect(result.tests[0]).toMatchObject({ status: 'error', error: { type: 'MemoryError' } });
  });

  it('blocks the modules that reach JavaScript', async () => {
    for (const name of ['js', 'pyodide_js', 'pyodide.http', 'pyodide.ffi']) {
      const result = await run(program(`import ${name}`, 'def add(a, b):', '    return a + b'));
      expect(result.status, name).toBe('error');
      expect(result.error?.type, name).toBe('ModuleNotFoundError');
    }
  });
});

describe('output and state', () => {
  it('captures print output and stderr', async () => {
    const code = program(
      'import sys',
      'print("loading")',
      'def add(a, b):',
      '    print(a, b)',
      '    print("oops", file=sys.stderr)',
      '    return a + b'
    );
    const result = await run(code);
    expect(result.stdout).toBe('loading\n1 2\n-1 1\n');
    expect(result.stderr).toBe('oops\noops\n');
  });

  it('truncates huge output with a note', async () => {
    const code = program(
      'def add(a, b):',
      '    for i in range(100_000):',
      '        print("line", i)',
      '    return a + b'
    );
    const result = await run(code);
    expect(result.tests.map((t) => t.status)).toEqual(['pass', 'pass']);
    expect(result.stdout.length).toBeLessThan(20_200);
    expect(result.stdout).toContain('[output truncated');
  });

  it('starts every run fresh', async () => {
    await run(
      program(
        'import builtins',
        'builtins.len = lambda x: 42',
        'counter = 7',
        'def add(a, b):',
        '    return a + b'
      )
    );
    const result = await run(
      program('def add(a, b):', "    return (len('ab'), 'counter' in globals())"),
      [{ input: '1, 2', expected: '(2, False)' }]
    );
    expect(result.tests[0]).toMatchObject({ status: 'pass' });
  });

  it('judges tests with values parsed before the program could patch the parser', async () => {
    const code = program(
      'import ast',
      "ast.literal_eval = lambda source: 'patched'",
      'def add(a, b):',
      "    return 'patched'"
    );
    const result = await run(code);
    expect(result.tests.map((t) => t.status)).toEqual(['fail', 'fail']);
    const next = await run(
      program('import ast', 'def add(a, b):', "    return ast.literal_eval('3')"),
      [{ input: '1, 2', expected: '3' }]
    );
    expect(next.tests[0].status).toBe('pass');
  });

  it('gives input() an empty stdin instead of blocking', async () => {
    const result = await run(program('def add(a, b):', '    return input()'), [
      { input: '1, 2', expected: '3' }
    ]);
    expect(result.tests[0].error?.type).toBe('EOFError');
  });
});

describe('time limit', () => {
  it('interrupts `while True: pass` within the limit and keeps working', async () => {
    const started = performance.now();
    const result = await run(
      program('def add(a, b):', '    while True:', '        pass'),
      ADD_TESTS,
      {
        timeoutMs: 1_000
      }
    );
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result.status).toBe('timeout');
    expect(result.tests.map((t) => t.status)).toEqual(['timeout', 'not-run']);
    expect(result.tests[0].error).toMatchObject({ type: 'TimeoutError' });
    expect(result.tests[0].error?.line).toBeGreaterThanOrEqual(2);
    const next = await run(program('def add(a, b):', '    return a + b'));
    expect(next.tests.map((t) => t.status)).toEqual(['pass', 'pass']);
  });

  it('keeps the results of the tests that finished before the limit', async () => {
    const code = program('def add(a, b):', '    while a < 0:', '        pass', '    return a + b');
    const result = await run(
      code,
      [
        { input: '1, 2', expected: '3' },
        { input: '-1, 1', expected: '0' },
        { input: '1, 1', expected: '2' }
      ],
      {
        timeoutMs: 1_000
      }
    );
    expect(result.tests.map((t) => t.status)).toEqual(['pass', 'timeout', 'not-run']);
  });

  it('times out an endless loop at the top level', async () => {
    const result = await run(
      program('while True:', '    pass', 'def add(a, b):', '    return a + b'),
      ADD_TESTS,
      {
        timeoutMs: 1_000
      }
    );
    expect(result.status).toBe('timeout');
    expect(result.error).toMatchObject({ type: 'TimeoutError', line: 2 });
    expect(result.tests.map((t) => t.status)).toEqual(['not-run', 'not-run']);
  });

  it('is not fooled by a program that raises or catches KeyboardInterrupt', async () => {
    const raised = await run(program('def add(a, b):', '    raise KeyboardInterrupt'));
    expect(raised.status).toBe('ok');
    expect(raised.tests[0].error?.type).toBe('KeyboardInterrupt');
    const caught = await run(
      program(
        'def add(a, b):',
        '    try:',
        '        while True:',
        '            pass',
        '    except KeyboardInterrupt:',
        '        return a + b'
      ),
      ADD_TESTS,
      { timeoutMs: 1_000 }
    );
    expect(caught.status).toBe('timeout');
  });

  it('terminates a program that swallows the interrupt, keeping earlier output', async () => {
    const code = program(
      'def add(a, b):',
      '    print("called", a)',
      '    if a < 0:',
      '        while True:',
      '            try:',
      '                while True:',
      '                    pass',
      '            except BaseException:',
      '                pass',
      '    return a + b'
    );
    const result = await run(code, ADD_TESTS, { timeoutMs: 1_000 });
    expect(result.status).toBe('timeout');
    expect(result.tests.map((t) => t.status)).toEqual(['pass', 'timeout']);
    expect(result.stdout).toBe('called 1\n');
    const next = await run(program('def add(a, b):', '    return a + b'));
    expect(next.status).toBe('ok');
  });

  it('rejects when aborted and runs the next request in a fresh worker', async () => {
    const controller = new AbortController();
    const pending = run(program('def add(a, b):', '    while True:', '        pass'), ADD_TESTS, {
      timeoutMs: 60_000,
      signal: controller.signal
    });
    setTimeout(() => controller.abort(), 300);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    const next = await run(program('def add(a, b):', '    return a + b'));
    expect(next.status).toBe('ok');
  });
});
