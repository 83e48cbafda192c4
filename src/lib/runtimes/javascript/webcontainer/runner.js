/**
 * The script a WebContainer's Node runs for each program, `node javascript/webcontainer/runner.js
 * MARKER REQUEST.json` (mounted beside the harness, as in this repo). It runs the request with
 * the shared harness and prints each event and the report as one line, `MARKER` + JSON, on its
 * stdout; the page reads them from the process's
 * output and kills the process at the time limit. The marker is random per run and the program
 * only ever sees the harness's `console` and `process`, so it cannot print a line the page
 * would take for a verdict.
 *
 * Plain JavaScript: it runs as is in the WebContainer (mounted by `webcontainer.ts`).
 */
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { startRun } from '../harness/harness.js';
import { lockDown } from '../harness/lockdown.js';
import { nodeHost } from '../node/host.js';

const stdout = process.stdout;
const write = stdout.write.bind(stdout);
const [marker, file] = process.argv.slice(2);
/** @param {unknown} message */
const send = (message) => write(`\n${marker}${JSON.stringify(message)}\n`);

/** @type {((error: unknown) => void) | null} */
let uncaught = null;
process.on('uncaughtException', (error) => uncaught?.(error));
process.on('unhandledRejection', (reason) => uncaught?.(reason));
const request = JSON.parse(readFileSync(file, 'utf8'));
lockDown();
const run = startRun(
  request,
  nodeHost((event) => send({ type: 'event', event }))
);
uncaught = run.uncaught;
run.done.then(
  (report) => send({ type: 'done', report }),
  (error) =>
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) })
);
