/**
 * Probes in the real Pyodide sandbox: calls without an expected value, whose outcome is "ran"
 * with the repr of what came back (ClarifyGPT compares programs by these outputs).
 */
import { describe, expect, it } from 'vitest';
import { ExecResultSchema, type ExecRequest, type ExecResult } from '../../core/run/effects';
import { fileSandbox } from '../../testing/shared-python';

const sandbox = fileSandbox();
async function run(
  code: string,
  tests: ExecRequest['tests'],
  timeoutMs = 5_000
): Promise<ExecResult> {
  const result = await sandbox().execute({
    language: 'python',
    code,
    entryPoint: 'f',
    tests,
    timeoutMs,
    suite: 'probe'
  });
  return ExecResultSchema.parse(result);
}

describe('probes', () => {
  it('report the repr of the value as "ran", with no expected value', async () => {
    const result = await run('def f(x):\n    return [x, str(x), None]\n', [
      { input: '1' },
      { input: "'a\\n'" }
    ]);
    expect(result.status).toBe('ok');
    expect(result.tests).toEqual([
      { input: '1', expected: '', status: 'ran', actual: "[1, '1', None]", error: null },
      {
        input: "'a\\n'",
        expected: '',
        status: 'ran',
        actual: "['a\\n', 'a\\n', None]",
        error: null
      }
    ]);
  });

  it('report an exception as an error with its type, and mix with judged calls', async () => {
    const result = await run('def f(x):\n    return 10 // x\n', [
      { input: '0' },
      { input: '5', expected: '2' },
      { input: '2' }
    ]);
    expect(result.tests.map((t) => [t.status, t.actual, t.error?.type ?? null])).toEqual([
      ['error', null, 'ZeroDivisionError'],
      ['pass', '2', null],
      ['ran', '5', null]
    ]);
  });

  it('a probe that is not arguments is a broken test, not a crash of the program', async () => {
    const result = await run('def f(x):\n    return x\n', [{ input: '1)' }, { input: '2' }]);
    expect(result.tests[0]).toMatchObject({ status: 'error', error: { type: 'TestInputError' } });
    expect(result.tests[1]).toMatchObject({ status: 'ran', actual: '2' });
  });

  it('a probe that never returns times out; the probes after it are not run', async () => {
    const result = await run(
      'def f(x):\n    while x:\n        pass\n    return x\n',
      [{ input: '0' }, { input: '1' }, { input: '0' }],
      300
    );
    expect(result.status).toBe('timeout');
    expect(result.tests.map((t) => [t.status, t.expected])).toEqual([
      ['ran', ''],
      ['timeout', ''],
      ['not-run', '']
    ]);
  });
});
