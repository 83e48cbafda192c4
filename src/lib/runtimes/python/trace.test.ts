/** Line traces of one test (`ExecRequest.trace`) against real Pyodide. */
import { describe, expect, it } from 'vitest';
import {
  ExecResultSchema,
  type ExecRequest,
  type ExecResult,
  type ExecTrace
} from '../../core/run/effects';
import { fileSandbox } from '../../testing/shared-python';

const sandbox = fileSandbox();

const program = (...lines: string[]) => lines.join('\n') + '\n';

async function run(
  code: string,
  entryPoint: string,
  tests: ExecRequest['tests'],
  trace: ExecRequest['trace'],
  timeoutMs = 5_000
): Promise<ExecResult> {
  const request: ExecRequest = {
    language: 'python',
    code,
    entryPoint,
    tests,
    timeoutMs,
    suite: 'visible',
    trace
  };
  return ExecResultSchema.parse(await sandbox().execute(request));
}

function traceOf(result: ExecResult): ExecTrace {
  if (!result.trace) throw new Error(`no trace in ${JSON.stringify(result)}`);
  return result.trace;
}

const TOTAL = program(
  'def total(xs):',
  '    s = 0',
  '    for x in xs:',
  '        s += x',
  '    return s'
);

describe('line traces', () => {
  it('shows the line sequence of a small loop and its changing locals', async () => {
    const result = await run(TOTAL, 'total', [{ input: '[1, 2]', expected: '3' }], {
      test: 0,
      maxSteps: 100
    });
    expect(result.tests[0].status).toBe('pass');
    const trace = traceOf(result);
    expect(trace.truncated).toBe(false);
    expect(trace.steps.map((s) => `${s.event}@${s.line}`)).toEqual([
      'call@1',
      'line@2',
      'line@3',
      'line@4',
      'line@3',
      'line@4',
      'line@3',
      'line@5',
      'return@5'
    ]);
    expect(trace.steps.map((s) => s.locals.s ?? '-')).toEqual([
      '-',
      '-',
      '0',
      '0',
      '1',
      '1',
      '3',
      '3',
      '3'
    ]);
    expect(trace.steps[0]).toEqual({
      line: 1,
      event: 'call',
      function: 'total',
      depth: 0,
      locals: { xs: '[1, 2]' }
    });
    expect(trace.steps.at(-1)?.returnValue).toBe('3');
    expect(trace.steps.every((s) => s.depth === 0)).toBe(true);
  });

  it('shows recursion as depth, with each return value', async () => {
    const code = program(
      'def fact(n):',
      '    if n <= 1:',
      '        return 1',
      '    return n * fact(n - 1)'
    );
    const result = await run(code, 'fact', [{ input: '3', expected: '6' }], {
      test: 0,
      maxSteps: 100
    });
    const steps = traceOf(result).steps;
    expect(steps.filter((s) => s.event === 'call').map((s) => [s.depth, s.locals.n])).toEqual([
      [0, '3'],
      [1, '2'],
      [2, '1']
    ]);
    expect(steps.filter((s) => s.event === 'return').map((s) => [s.depth, s.returnValue])).toEqual([
      [2, '1'],
      [1, '2'],
      [0, '6']
    ]);
  });

  it('stops recording at maxSteps and lets the program finish', async () => {
    const result = await run(TOTAL, 'total', [{ input: 'range(1000)', expected: '499500' }], {
      test: 0,
      maxSteps: 10
    });
    expect(result.tests[0].status).toBe('pass');
    const trace = traceOf(result);
    expect(trace.truncated).toBe(true);
    expect(trace.steps).toHaveLength(10);
  });

  it('traces the requested test only, passing or failing', async () => {
    const code = program('def inc(x):', '    y = x + 1', '    return y if x < 5 else x');
    const tests = [
      { input: '1', expected: '2' },
      { input: '7', expected: '8' }
    ];
    const passing = await run(code, 'inc', tests, { test: 0, maxSteps: 50 });
    const failing = await run(code, 'inc', tests, { test: 1, maxSteps: 50 });
    for (const result of [passing, failing]) {
      expect(result.tests.map((t) => t.status)).toEqual(['pass', 'fail']);
    }
    expect(traceOf(passing).steps[0].locals).toEqual({ x: '1' });
    expect(traceOf(passing).steps.at(-1)?.returnValue).toBe('2');
    expect(traceOf(failing).steps[0].locals).toEqual({ x: '7' });
    expect(traceOf(failing).steps.at(-1)?.returnValue).toBe('7');
  });

  it('shows where an exception was raised, with no return value', async () => {
    const code = program('def pick(xs, i):', '    j = i * 2', '    return xs[j]');
    const result = await run(code, 'pick', [{ input: '[1, 2], 1', expected: '2' }], {
      test: 0,
      maxSteps: 50
    });
    expect(result.tests[0].error).toMatchObject({ type: 'IndexError', line: 3 });
    const steps = traceOf(result).steps;
    expect(steps.map((s) => `${s.event}@${s.line}`)).toEqual([
      'call@1',
      'line@2',
      'line@3',
      'exception@3',
      'return@3'
    ]);
    expect(steps.at(-1)).not.toHaveProperty('returnValue');
  });

  it("records only the program's frames: helpers and lambdas yes, the library no", async () => {
    const code = program(
      'def key(w):',
      '    return len(w)',
      'def longest(words):',
      '    return sorted(words, key=lambda w: -key(w))[0]'
    );
    const result = await run(code, 'longest', [{ input: "['a', 'abc']", expected: "'abc'" }], {
      test: 0,
      maxSteps: 100
    });
    const calls = traceOf(result)
      .steps.filter((s) => s.event === 'call')
      .map((s) => `${s.function}:${s.depth}`);
    expect(calls).toEqual([
      'longest:0',
      'longest.<locals>.<lambda>:1',
      'key:2',
      'longest.<locals>.<lambda>:1',
      'key:2'
    ]);
  });

  it('traces the candidate inside a HumanEval check, not the check itself', async () => {
    const check = program(
      'def check(candidate):',
      '    assert candidate(1) == 2',
      '    assert candidate(2) == 3'
    );
    const result = await run(program('def inc(x):', '    return x + 1'), 'inc', [{ check }], {
      test: 0,
      maxSteps: 50
    });
    expect(result.tests[0].status).toBe('pass');
    const steps = traceOf(result).steps;
    expect(steps.map((s) => `${s.event}@${s.line}:${s.depth}`)).toEqual([
      'call@1:0',
      'line@2:0',
      'return@2:0',
      'call@1:0',
      'line@2:0',
      'return@2:0'
    ]);
  });

  it('keeps each value short, however big the local', async () => {
    const code = program('def f(n):', "    big = list(range(n)), 'x' * n", '    return len(big)');
    const result = await run(code, 'f', [{ input: '100_000', expected: '2' }], {
      test: 0,
      maxSteps: 50
    });
    const last = traceOf(result).steps.at(-1);
    expect(last?.locals.big.length).toBeLessThanOrEqual(260);
    expect(last?.locals.big).toMatch(/^\(\[0, 1, 2,/);
  });

  it('still applies the time limit, and keeps the trace of a test that ran out', async () => {
    const code = program('def spin(x):', '    while True:', '        x += 1');
    const result = await run(
      code,
      'spin',
      [{ input: '0', expected: '0' }],
      {
        test: 0,
        maxSteps: 200
      },
      1_000
    );
    expect(result.status).toBe('timeout');
    expect(result.tests[0].status).toBe('timeout');
    const trace = traceOf(result);
    expect(trace.truncated).toBe(true);
    expect(trace.steps).toHaveLength(200);
    expect(trace.steps.slice(1, 4).map((s) => s.line)).toEqual([2, 3, 2]);
  });

  it('answers null if the traced test never ran, and nothing if no trace was asked', async () => {
    const noSuchTest = await run(TOTAL, 'total', [{ input: '[1]', expected: '1' }], {
      test: 5,
      maxSteps: 10
    });
    expect(noSuchTest.trace).toBeNull();
    const notLoaded = await run('def total(:\n', 'total', [{ input: '[1]', expected: '1' }], {
      test: 0,
      maxSteps: 10
    });
    expect(notLoaded.trace).toBeNull();
    const untraced = await run(TOTAL, 'total', [{ input: '[1]', expected: '1' }], undefined);
    expect(untraced).not.toHaveProperty('trace');
  });
});
