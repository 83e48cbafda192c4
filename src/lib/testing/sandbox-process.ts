/**
 * The tests of a Node sandbox process's wall (`src/lib/runtimes/node-process-port.ts`), for the
 * Python and the JavaScript sandboxes' `escape.test.ts`: a script under exactly the process's
 * flags and environment holds none of the parent's environment and may not start a process or
 * a worker, read outside the sandbox's files, or write; and on Linux, the running sandbox's own
 * processes (seen in `/proc`) have neither the key nor fewer flags than that.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { SandboxProcessArgs } from '../runtimes/node-process-port';

/** What {@link sandboxProcessTests} checks. */
export interface SandboxProcessCase {
  /** the sandbox's flags and environment (its `sandboxProcessArgs()`) */
  args: () => SandboxProcessArgs;
  /** a variable the test process holds, as `npm run solve --api-key-env` holds its key */
  secretName: string;
  secret: string;
  /** what the sandbox's processes' command lines contain (their script's folder) */
  marker: string;
  /** whose files it may read, for the tests' names ("Pyodide's", "the sandbox's") */
  readable: string;
}

/** The pids of this process's children (every thread's), from `/proc`. */
function children(): string[] {
  return readdirSync(`/proc/${process.pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean)
  );
}

/** Declares the tests; call inside a `describe`, with a sandbox already started. */
export function sandboxProcessTests(c: SandboxProcessCase): void {
  /** Runs a script under exactly the flags and environment the sandbox process gets. */
  function probe(script: string): string {
    const { execArgv, env } = c.args();
    const done = spawnSync(process.execPath, [...execArgv, '--input-type=module', '-e', script], {
      env,
      encoding: 'utf8'
    });
    return `${done.stdout}${done.stderr}`;
  }

  it("holds none of the parent's environment, so the key never enters it", () => {
    expect(process.env[c.secretName]).toBe(c.secret);
    const out = probe('console.log(JSON.stringify(Object.keys(process.env)))');
    expect(out.trim()).toBe('[]');
  });

  it(`may not start a process, a worker, or read files outside ${c.readable}`, () => {
    const out = probe(
      [
        "const tries = { spawn: () => process.getBuiltinModule('child_process').execSync('echo pwned'),",
        "  worker: () => new (process.getBuiltinModule('worker_threads').Worker)('1', { eval: true }),",
        "  read: () => process.getBuiltinModule('fs').readFileSync('/etc/hostname'),",
        "  write: () => process.getBuiltinModule('fs').writeFileSync('/tmp/acl-pwned', 'x') };",
        'for (const [name, attempt] of Object.entries(tries)) {',
        "  try { attempt(); console.log(name + ': allowed'); }",
        "  catch (error) { console.log(name + ': ' + (error.code ?? error.message)); }",
        '}'
      ].join('\n')
    );
    expect(out).toContain('spawn: ERR_ACCESS_DENIED');
    expect(out).toContain('worker: ERR_ACCESS_DENIED');
    expect(out).toContain('read: ERR_ACCESS_DENIED');
    expect(out).toContain('write: ERR_ACCESS_DENIED');
    expect(out).not.toContain('allowed');
  });

  // /proc shows what the running sandbox's processes really got, not what the code says it asks.
  it.runIf(process.platform === 'linux')(
    "runs programs in child processes that have neither the key nor the host's rights",
    () => {
      const all = children();
      const sandboxes = all.filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(c.marker);
        } catch {
          return false; // ended meanwhile
        }
      });
      expect(sandboxes.length, `children: ${all.join(', ')}`).toBeGreaterThan(0);
      for (const pid of sandboxes) {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        expect(argv.filter((flag) => /^--(experimental-)?permission$/.test(flag))).toHaveLength(1);
        const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
        expect(environ).not.toContain(c.secret);
        // Only what fork itself adds to find its IPC channel (Node takes it out of process.env).
        const names = environ
          .split('\0')
          .filter(Boolean)
          .map((entry) => entry.split('=')[0]);
        expect(names.filter((name) => !name.startsWith('NODE_CHANNEL_'))).toEqual([]);
      }
    }
  );
}
