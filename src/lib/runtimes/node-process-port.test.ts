/**
 * A sandbox process must not outlive its host: a program that never yields cannot notice the
 * host going away, so the host kills its sandbox processes when it exits.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SANDBOX = fileURLToPath(new URL('./javascript/node/sandbox.ts', import.meta.url));

/** A host that starts an endless program, says its sandbox processes' pids, and exits. */
const HOST = `
import { readFileSync, readdirSync } from 'node:fs';
const { createNodeJsSandbox } = await import(${JSON.stringify(SANDBOX)});
const sandbox = await createNodeJsSandbox({ maxWorkers: 1 });
void sandbox.execute({ language: 'javascript', code: 'function f() { for (;;) {} }',
  entryPoint: 'f', tests: [{ input: '', expected: '1' }], timeoutMs: 60000, suite: 'visible' });
await new Promise((resolve) => setTimeout(resolve, 1000));
const children = readdirSync('/proc/self/task').flatMap((task) =>
  readFileSync('/proc/self/task/' + task + '/children', 'utf8').split(' ').filter(Boolean));
console.log(JSON.stringify(children));
process.exit(0);
`;

/** Whether a process still runs (a zombie, dead but not yet reaped, does not). */
function running(pid: string): boolean {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return false;
  const state = readFileSync(stat, 'utf8').replace(/^.*\) /s, '')[0];
  return state !== 'Z' && state !== 'X';
}

describe.runIf(process.platform === 'linux')('sandbox processes', () => {
  it('end with their host, even while a program loops forever', async () => {
    const host = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', HOST],
      { encoding: 'utf8', timeout: 30_000 }
    );
    expect(host.status, host.stderr).toBe(0);
    const pids = JSON.parse(host.stdout.trim().split('\n').at(-1) ?? '[]') as string[];
    // the running program's process and the spare
    expect(pids.length).toBeGreaterThanOrEqual(1);
    try {
      // SIGKILL was sent before the host exited; the kernel may take a moment to deliver it.
      const deadline = performance.now() + 3_000;
      while (pids.some(running) && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(pids.filter(running)).toEqual([]);
    } finally {
      for (const pid of pids) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  }, 40_000);
});
