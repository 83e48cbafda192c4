/**
 * The Node worker thread of `createNodeJsSandbox`: runs one JavaScript request with the shared
 * harness, then waits to be terminated (one worker per program, so nothing a program leaves
 * behind reaches the next).
 *
 * Before the program runs it loses `process` (it gets the harness's stand-in), `fetch` and the
 * other globals of `lockdown.js`. Programs are compiled with `vm.compileFunction` in this realm
 * without a dynamic-import callback, so `import('node:fs')` fails. This is a guard against
 * accidents and careless models, not a security boundary: a worker thread shares the process.
 *
 * Plain JavaScript because Node 20's worker_threads cannot load TypeScript.
 */
import process from 'node:process';
import vm from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { startRun } from './harness.js';
import { lockDown } from './lockdown.js';

if (!parentPort) throw new Error('node-worker.js must run in a worker thread.');
const port = parentPort;

/** @type {((error: unknown) => void) | null} */
let uncaught = null;
// A timer's callback that throws, or a promise nobody awaits, must not end the thread.
process.on('uncaughtException', (error) => uncaught?.(error));
process.on('unhandledRejection', (reason) => uncaught?.(reason));
// `process` is not locked: the harness puts its stand-in there.
lockDown(['fetch', 'WebSocket', 'EventSource', 'BroadcastChannel', 'navigator']);

/** @param {unknown} error */
function syntaxLine(error) {
  // Node puts "program.js:LINE" on the first line of a SyntaxError's stack from vm.
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
  const match = /^program\.js:(\d+)/.exec(stack);
  return match ? Number(match[1]) : null;
}

port.on('message', (/** @type {unknown} */ data) => {
  if (typeof data !== 'object' || data === null || Reflect.get(data, 'type') !== 'run') return;
  const { id, request } =
    /** @type {{ id: number, request: import('../../core/run/effects').ExecRequest }} */ (data);
  const run = startRun(request, {
    lineOffset: 0,
    compile: (params, body, file) =>
      /** @type {(...args: unknown[]) => unknown} */ (
        vm.compileFunction(body, params, { filename: file })
      ),
    syntaxLine,
    report: (event) => port.postMessage({ type: 'event', id, event })
  });
  uncaught = run.uncaught;
  run.done.then(
    (report) => port.postMessage({ type: 'done', id, report }),
    (error) =>
      port.postMessage({
        type: 'failed',
        id,
        message: error instanceof Error ? error.message : String(error)
      })
  );
});
port.postMessage({ type: 'ready' });
