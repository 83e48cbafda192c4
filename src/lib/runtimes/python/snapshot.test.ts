/**
 * Workers started from the memory snapshot (`serve.js`, `snapshots.ts`) in the real Node pool:
 * the second worker of a pool and a worker replaced after a time limit start from it, and what
 * they run is judged and isolated like on a cold-loaded worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecRequest } from '../../core/run/effects';
import { createNodePool, type NodePool } from './node-sandbox';

const request = (code: string, tests: ExecRequest['tests'], timeoutMs = 10_000): ExecRequest => ({
  language: 'python',
  code,
  entryPoint: 'f',
  tests,
  timeoutMs,
  suite: 'visible'
});

let pool: NodePool;

beforeAll(async () => {
  pool = await createNodePool({ size: 2 });
}, 120_000);

afterAll(async () => {
  await pool?.dispose();
});

const fromSnapshot = () => pool.started.fromSnapshot;

async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('workers started from the snapshot', () => {
  it('grow the pool: a request that waits starts a second worker, from the snapshot', async () => {
    expect(pool.started).toEqual({ cold: 1, fromSnapshot: 0 });
    // The first keeps its worker busy, so the second makes the pool start another worker.
    const code = 'import time\ndef f(x):\n    time.sleep(1)\n    return x\n';
    const results = await Promise.all(
      ['1', '2'].map((x) => pool.execute(request(code, [{ input: x, expected: x }])))
    );
    expect(results.map((result) => result.tests[0].status)).toEqual(['pass', 'pass']);
    await until(() => pool.workersReady === 2);
    expect(pool.started).toEqual({ cold: 1, fromSnapshot: 1 });
  }, 60_000);

  it('replace a worker stopped after its time limit, and judge like a cold one', async () => {
    // A program that swallows every interrupt: only replacing its worker stops it.
    const stuck = await pool.execute(
      request(
        [
          'def f():',
          '    while True:',
          '        try:',
          '            while True:',
          '                pass',
          '        except BaseException:',
          '            pass',
          ''
        ].join('\n'),
        [{ input: '', expected: 'None' }],
        500
      )
    );
    expect(stuck.status).toBe('timeout');
    // Enough runs to reach the replacement whichever worker the pool picks.
    for (let i = 0; i < 3; i++) {
      const result = await pool.execute(
        request(
          [
            'import decimal, sys',
            'def f(x):',
            '    open("left-behind.txt", "w").write("x")',
            '    return str(decimal.Decimal(x) / 4)',
            ''
          ].join('\n'),
          [
            { input: '"1"', expected: '"0.25"' },
            { input: '"2"', expected: '"0.5"' },
            { input: '"2"', expected: '"0.25"' }
          ]
        )
      );
      expect(result.tests.map((test) => test.status)).toEqual(['pass', 'pass', 'fail']);
      const escapes = await pool.execute(
        request(
          [
            'import os',
            'def f(name):',
            '    if name == "file":',
            '        return os.path.exists("left-behind.txt")',
            '    try:',
            '        __import__(name)',
            '    except ImportError as error:',
            '        return type(error).__name__',
            '    return "imported"',
            ''
          ].join('\n'),
          [
            { input: '"file"', expected: 'False' },
            { input: '"_acl_harness"', expected: '"ModuleNotFoundError"' },
            { input: '"js"', expected: '"ModuleNotFoundError"' },
            { input: '"pyodide_js"', expected: '"ModuleNotFoundError"' }
          ]
        )
      );
      expect(
        escapes.tests.map((test) => test.status),
        JSON.stringify(escapes.tests)
      ).toEqual(['pass', 'pass', 'pass', 'pass']);
    }
    expect(pool.started).toEqual({ cold: 1, fromSnapshot: 2 });
  }, 60_000);

  it('are interrupted at the time limit like a cold one', async () => {
    const statusBefore = fromSnapshot();
    for (let i = 0; i < 2; i++) {
      const result = await pool.execute(
        request('def f():\n    while True:\n        pass\n', [{ input: '', expected: 'None' }], 300)
      );
      expect(result.status).toBe('timeout');
    }
    // The interrupt landed: the worker was kept, not replaced.
    expect(fromSnapshot()).toBe(statusBefore);
  }, 60_000);
});
