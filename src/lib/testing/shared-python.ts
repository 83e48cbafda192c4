/**
 * One Python sandbox per test worker, for the test files that need a plain interpreter under a
 * technique, a view or a lesson (Node tests only).
 *
 * Why share: loading Pyodide in a sandbox process takes 4–7 s on a busy two-core machine, and
 * dozens of files each paid for it. In the `shared` Vitest project (`isolate: false`, see
 * `vite.config.ts`) this module is evaluated once per worker, so the files after the first find
 * the sandbox already loaded. In an isolated run (one file on its own) it is simply that file's
 * sandbox, and the process ends with the worker (`node-process-port.ts` kills what is left).
 *
 * Why that is safe: the sandbox already puts the interpreter and its file system back after
 * every run (`_acl_reset`, `fs-reset.js`), and replaces a process that ran out of time or could
 * not be reset; a program in one file sees what a program in the next run of the same file
 * would see. Files that test the sandbox's processes themselves (`hostile`, `node-sandbox`,
 * `snapshot` and `escape.test.ts`: programs that attack it, processes replaced after a time
 * limit, its status, its snapshot, its walls) start their own. And each file checks it:
 * before handing the sandbox out, the hostile suite's canary runs in it (print, builtins, json,
 * files, tracers, the environment and the import blocker as after loading), so a leak from an
 * earlier file fails the file that would have seen it, with the canary's list of what changed.
 *
 * Not disposable on purpose: a file that ended it would take it from the files after it.
 */
import { beforeAll } from 'vitest';
import type { Sandbox } from '../core/run/effects';
import { CANARY, CANARY_STDOUT, hostileRequest } from '../runtimes/python/hostile';
import { createNodeSandbox } from '../runtimes/python/node-sandbox';

let shared: Promise<Sandbox> | undefined;

/**
 * The worker's Python sandbox, loaded on first use (a failed load is retried on the next call),
 * once the canary has passed in it.
 * @throws Error naming what the canary found changed since loading
 */
export async function sharedPythonSandbox(): Promise<Sandbox> {
  shared ??= createNodeSandbox().catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  const sandbox = await shared;
  const canary = await sandbox.execute(hostileRequest(CANARY, 10_000));
  if (canary.tests[0]?.status !== 'pass' || canary.stdout !== CANARY_STDOUT)
    throw new Error(
      `The shared Python sandbox is not as loaded (an earlier test file left something behind): ${JSON.stringify(canary)}`
    );
  return sandbox;
}

/** For a test file: the worker's Python sandbox, ready before its tests. */
export function fileSandbox(): () => Sandbox {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await sharedPythonSandbox();
  });
  return () => {
    if (!sandbox) throw new Error('the sandbox has not started yet');
    return sandbox;
  };
}
