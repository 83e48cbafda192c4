/**
 * The Node worker thread of `createNodeJsSandbox`: runs one JavaScript request with the shared
 * harness, then waits to be terminated (one worker per program, so nothing a program leaves
 * behind reaches the next).
 *
 * Before the program runs it loses `process` (it gets the harness's stand-in), `fetch` and the
 * other globals of `lockdown.js`; programs are compiled without an import hook, so
 * `import('node:fs')` fails. This is a guard against accidents and careless models, not a
 * security boundary: a worker thread shares the process (and a single allocation far past the
 * heap limit can still end the whole process, a V8 limit).
 *
 * Plain JavaScript because Node 20's worker_threads cannot load TypeScript.
 */
import process from 'node:process';
import { parentPort } from 'node:worker_threads';
import { startRun } from '../harness/harness.js';
import { lockDown } from '../harness/lockdown.js';
import { P } from '../harness/primordials.js';
import { nodeHost } from './host.js';

if (!parentPort) throw new Error('node/worker.js must run in a worker thread.');
const port = parentPort;
// Private copies, taken before any program runs: a program that replaces
// MessagePort.prototype.postMessage or Promise.prototype.then would otherwise rewrite the
// report on its way to the host.
const send = port.postMessage.bind(port);
const then = P.promiseThen;

/** @type {((error: unknown) => void) | null} */
let uncaught = null;
// A timer's callback that throws, or a promise nobody awaits, must not end the thread.
process.on('uncaughtException', (error) => uncaught?.(error));
process.on('unhandledRejection', (reason) => uncaught?.(reason));
// The browser's list, so a program meets the same world in both hosts (Node lacks most of these
// anyway). `process` is not in it: the harness puts its stand-in there.
lockDown();

port.on('message', (/** @type {unknown} */ data) => {
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
