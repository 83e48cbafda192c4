/**
 * The built-in problem set: every problem valid by the app's schema, with a unique id, and its
 * reference solution passing its own examples and hidden tests in the real Python sandbox (so
 * no example is dropped and no task is skipped when /bench runs it). And the shared task of
 * core/bench/task.ts over one of them with a scripted model: a right and a wrong answer graded
 * for real, the caller's sorting of errors, an abort that keeps nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ProblemSchema } from '../problems/problem';
import { getTechnique, type AnyTechnique } from '../techniques/registry';
import { ScriptedModel } from '$lib/runtimes/model/scripted';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';
import { BUILTIN_PROBLEMS } from './builtin';
import { checkAgainstReference, runTask, type TaskSetup } from './task';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
}, 120_000);

describe('the built-in problems', () => {
  it('are twenty valid problems with ids of their own', () => {
    expect(BUILTIN_PROBLEMS).toHaveLength(20);
    for (const p of BUILTIN_PROBLEMS) expect(ProblemSchema.parse(p)).toEqual(p);
    expect(new Set(BUILTIN_PROBLEMS.map((p) => p.id)).size).toBe(20);
  });

  it('each has a reference that passes its examples and its hidden tests', async () => {
    for (const p of BUILTIN_PROBLEMS) {
      const checked = await checkAgainstReference(p, sandbox, 5_000);
      expect(checked, p.id).toEqual({ problem: p, dropped: [] });
    }
  }, 120_000);
});

describe('one task of a benchmark', () => {
  const problem = BUILTIN_PROBLEMS.find((p) => p.id === 'bench-second-largest')!;
  const direct = getTechnique('direct') as AnyTechnique;
  const wrong =
    '```python\ndef second_largest(numbers):\n    s = sorted(numbers)\n    return s[-2] if len(s) > 1 else None\n```';
  const right = '```python\n' + problem.reference + '```';

  function setup(reply: string, extra: Partial<TaskSetup> = {}): TaskSetup {
    return {
      technique: direct,
      params: direct.params.parse({}) as Record<string, unknown>,
      seed: 1,
      modelSpec: { kind: 'scripted', id: 'bench-test', label: 'a test script', responses: [] },
      sandbox,
      runtimes: () => ({ model: new ScriptedModel('bench-test', [reply]), sandbox }),
      stopReason: (error) => (error ? 'error' : 'finished'),
      ...extra
    };
  }

  it('grades the final program with the hidden tests', async () => {
    const good = await runTask('t1', problem, setup(right));
    expect(good?.line).toMatchObject({ task_id: 't1', passed: true, stop_reason: 'finished' });
    expect(good?.line.model_calls).toBe(1);
    expect(good?.run?.events.length).toBeGreaterThan(0);
    // [4, 4, 4] and [1, 9, 9, 8] catch the version that ignores repeats
    const bad = await runTask('t1', problem, setup(wrong));
    expect(bad?.line).toMatchObject({ passed: false, stop_reason: 'finished' });
    expect(bad?.line.log).toBe('bench-second-largest.json');
  });

  it('sorts a failed run the caller’s way, and an abort keeps nothing', async () => {
    const failing = setup(right, {
      runtimes: () => ({ model: new ScriptedModel('empty', []), sandbox }),
      stopReason: (error) => (error ? 'endpoint-error' : 'finished')
    });
    const failed = await runTask('t2', problem, failing);
    expect(failed?.line).toMatchObject({ passed: false, stop_reason: 'endpoint-error' });
    const abort = new AbortController();
    abort.abort();
    expect(await runTask('t3', problem, setup(right, { signal: abort.signal }))).toBeNull();
  });
});
