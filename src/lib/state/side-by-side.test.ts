/** The warm-up before a comparison's first timed run: one trivial program per sandbox. */
import { describe, expect, it } from 'vitest';
import type { ExecRequest, ExecResult, Sandbox } from '$lib/core/run/effects';
import type { Run } from '$lib/core/run/run';
import { loadedOnly, warmedRuntimes } from './side-by-side';

class Recorder implements Sandbox {
  readonly language = 'python';
  seen: ExecRequest[] = [];
  async execute(request: ExecRequest): Promise<ExecResult> {
    this.seen.push(request);
    return { status: 'ok', tests: [], error: null, stdout: '', stderr: '', durationMs: 1 };
  }
}

describe('warmedRuntimes', () => {
  it('runs one warm-up program on each new sandbox, before the first run only', async () => {
    const first = new Recorder();
    const second = new Recorder();
    let next = first;
    const create = warmedRuntimes(async () => ({ sandbox: next }));
    const run = {} as Run;
    expect((await create(run)).sandbox).toBe(first);
    await create(run);
    expect(first.seen.map((r) => r.entryPoint)).toEqual(['warm_up']);
    next = second;
    await create(run);
    expect(second.seen).toHaveLength(1);
  });

  it('a player that only shows logs refuses to run, in words', async () => {
    await expect(loadedOnly()).rejects.toThrow(/replayed from their logs/);
  });
});
