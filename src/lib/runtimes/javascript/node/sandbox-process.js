/**
 * The process `createNodeJsSandbox` runs one JavaScript request in (`sandbox.ts` forks it): runs
 * it with the shared harness, then waits to be killed (one process per program, so nothing a
 * program leaves behind reaches the next).
 *
 * Before the program runs it loses `process` (it gets the harness's stand-in), `fetch` and the
 * other globals of `lockdown.js`; programs are compiled without an import hook, so
 * `import('node:fs')` fails. That guards against accidents and careless models. The wall is the
 * process itself (see `node-process-port.ts`): started with an empty environment and under
 * Node's permission model, it holds no secret of the CLI's and may not start processes or
 * workers, write files, or read any but the sandbox's own.
 *
 * Plain JavaScript because it runs without the parent's TypeScript loader.
 */
import process from 'node:process';
import { startRun } from '../harness/harness.js';
import { lockDown } from '../harness/lockdown.js';
import { P } from '../harness/primordials.js';
import { nodeHost } from './host.js';

if (!process.send) throw new Error('node/sandbox-process.js must be started with fork.');
// Private copies, taken before any program runs: a program that replaced
// Promise.prototype.then could otherwise rewrite the report on its way to the host (it cannot
// reach `process.send`: it gets the harness's `process`).
const send = process.send.bind(process);
const then = P.promiseThen;

/** @type {((error: unknown) => void) | null} */
let uncaught = null;
// A timer's callback that throws, or a promise nobody awaits, must not end the process.
process.on('uncaughtException', (error) => uncaught?.(error));
process.on('unhandledRejection', (reason) => uncaught?.(reason));
// The host went away: nothing is left to report to.
process.on('disconnect', () => process.exit(0));
// The browser's list, so a program meets the same world in both hosts (Node lacks most of these
// anyway). `process` is not in it: the harness puts its stand-in there.
lockDown();

process.on('message', (/** @type {unknown} */ data) => {
  if (typeof data !== 'object' || data === null || Reflect.get(data, 'type') !== 'run') return;
  const { id, request } =
    /** @type {{ id: number, request: import('../../../core/run/effects').ExecRequest }} */ (data);
  const run = startRun(
    request,
    nodeHost((event) => send({ type: 'event', id, event }))
  );
  uncaught = run.uncaught;
  then(
    run.done,
    (/** @type {unknown} */ report) => send({ type: 'done', id, report }),
    (/** @type {unknown} */ error) =>
      send({
        type: 'failed',
        id,
        message: error instanceof Error ? error.message : String(error)
      })
  );
});
send({ type: 'ready' });
