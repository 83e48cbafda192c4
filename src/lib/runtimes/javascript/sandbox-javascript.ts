/**
 * The browser's JavaScript sandbox worker (a module Worker started by `browser-worker.ts`), one
 * per program. Its name starts with `sandbox-javascript` so the server sends it its own CSP:
 * 'unsafe-eval' (programs are compiled with `new Function` here) and no connections at all.
 *
 * Before any program runs it keeps private copies of what it needs (`postMessage`, the
 * `Function` constructor, its event listeners) and takes away everything in `lockdown.js`,
 * `postMessage` and `close` included: a program cannot talk to the page, forge a result, or
 * close the worker under the host. Then it runs one request with the shared harness.
 */
import type { ExecRequest } from '../../core/run/effects';
import { firstFrame, startRun } from './harness/harness.js';
import { lockDown } from './harness/lockdown.js';
import { P } from './harness/primordials.js';

/** The worker global, as far as this file needs it (the app's TS config has DOM types only). */
interface WorkerScope {
  postMessage(message: unknown): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
// Bound now, before any program runs: a call through `Reflect.apply` or `.call` would look up
// what a program can replace, and rewrite the report on its way to the page.
const post: (message: unknown) => void = scope.postMessage.bind(globalThis);
const then = P.promiseThen;
const FunctionConstructor = Function;
const construct = Reflect.construct;

function compile(params: string[], body: string, file: string) {
  // The sourceURL names the code in stack traces, which is how the harness finds its lines.
  return construct(FunctionConstructor, [...params, `${body}\n//# sourceURL=${file}`]) as (
    ...args: unknown[]
  ) => unknown;
}

/** How many lines the engine puts before a `new Function` body (2 in V8: the header). */
function measureLineOffset(): number {
  try {
    compile([], 'throw new Error("where am I")', 'program.js')();
  } catch (error) {
    const frame = firstFrame(error instanceof Error ? String(error.stack) : '', 0);
    if (frame) return frame.line - 1;
  }
  return 2;
}

let uncaught: ((error: unknown) => void) | null = null;
scope.addEventListener('error', (event) => {
  event.preventDefault();
  uncaught?.((event as ErrorEvent).error ?? (event as ErrorEvent).message);
});
scope.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  uncaught?.((event as PromiseRejectionEvent).reason);
});

let started = false;
scope.addEventListener('message', (event) => {
  const data: unknown = (event as MessageEvent<unknown>).data;
  if (started || typeof data !== 'object' || data === null) return;
  if (Reflect.get(data, 'type') !== 'run') return;
  started = true; // one program per worker
  const { id, request } = data as { id: number; request: ExecRequest };
  const run = startRun(request, {
    compile,
    lineOffset,
    report: (runEvent) => post({ type: 'event', id, event: runEvent })
  });
  uncaught = run.uncaught;
  then(
    run.done,
    (report: unknown) => post({ type: 'done', id, report }),
    (error: unknown) =>
      post({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) })
  );
});

const lineOffset = measureLineOffset();
const failed = lockDown();
if (failed.length) {
  post({ type: 'failed', id: -1, message: `could not take away ${failed.join(', ')}` });
} else {
  post({ type: 'ready' });
}
