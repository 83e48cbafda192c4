/**
 * The browser's Python sandbox worker (a module Worker started by `WorkerSandbox`). Its name
 * starts with `sandbox-` so the server sends it the locked-down sandbox CSP (no network beyond
 * our origin), which is what programs running here live under.
 *
 * It waits for the host's MessagePort, loads Pyodide from our own origin (never bundled), takes
 * away the worker's network, storage and worker APIs (on the global's prototypes, not just the
 * global) and freezes the built-ins its own code relies on before any program runs, then serves
 * the protocol of `serve.js` over the port.
 */
import type { loadPyodide as LoadPyodide, PyodideAPI } from 'pyodide';
import { BLOCKED_GLOBALS, lockDown, lockDownNavigator } from '../javascript/harness/lockdown.js';
import { serve, type LoadOptions, type WorkerMessage } from './serve.js';
import { PYODIDE_BASE } from './pyodide-path';
import { meterDownloads } from './download-meter';

/** The worker global, as far as this file needs it (the app's TS config has DOM types only). */
const scope = globalThis as unknown as {
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
};

/**
 * The globals a program that reached JavaScript must not have: the JavaScript sandbox's list
 * (network, storage, workers, `postMessage`, `close`), deleted from the global's prototypes
 * too, except `navigator`, which Pyodide reads; its storage, locks and service workers go
 * instead. Pyodide needs `fetch` only while loading, so they go right after. The harness also
 * blocks `import js` / `pyodide_js`; the CSP is the last line.
 */
const PYTHON_BLOCKED = BLOCKED_GLOBALS.filter((name) => name !== 'navigator');

/**
 * The built-ins this worker's own code (`serve.js`, `engine.js`, `progress.js`) calls while
 * it builds a result, frozen so a program that reached JavaScript cannot replace them to
 * rewrite its verdict on the way out (`JSON.parse`, `Promise.prototype.then`, …).
 */
const GLUE = [
  JSON,
  Reflect,
  Object,
  Array,
  Array.prototype,
  String.prototype,
  Number,
  Math,
  Atomics,
  Promise,
  Promise.prototype,
  MessagePort.prototype,
  EventTarget.prototype
];

function lockDownWorker(): void {
  const left = [...lockDown(PYTHON_BLOCKED), ...lockDownNavigator()];
  for (const each of GLUE) Object.freeze(each);
  if (left.length) throw new Error(`could not take away ${left.join(', ')}`);
}

function isLoader(value: unknown): value is { loadPyodide: typeof LoadPyodide } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof Reflect.get(value, 'loadPyodide') === 'function'
  );
}

async function load(
  indexURL: string | null,
  status: (message: string) => void,
  { snapshot, makeSnapshot, download }: LoadOptions
): Promise<PyodideAPI> {
  const base = new URL(indexURL ?? PYODIDE_BASE, self.location.href).href;
  if (!snapshot) status('Downloading Python (about 5 MB compressed, cached after the first time)…');
  // A cold load downloads the files (or reads them from a cache): count them for the page's
  // progress bar. Stopped before the lockdown, which takes `fetch` away for good.
  const meter = !snapshot && download ? await meterDownloads({ base, report: download }) : null;
  try {
    const module: unknown = await import(/* @vite-ignore */ base + 'pyodide.mjs');
    if (!isLoader(module)) throw new Error(`${base}pyodide.mjs is not Pyodide`);
    status(snapshot ? 'Starting Python from a snapshot…' : 'Starting Python…');
    // Snapshot options are Pyodide's own, marked internal in its types (see serve.js).
    const config: Parameters<typeof LoadPyodide>[0] = {
      indexURL: base,
      _loadSnapshot: snapshot ?? undefined,
      _makeSnapshot: makeSnapshot
    };
    const pyodide = await module.loadPyodide(config);
    meter?.stop();
    lockDownWorker();
    return pyodide;
  } finally {
    meter?.stop();
  }
}

/**
 * The host talks to this worker only through the MessagePort it sends first (`browser-worker.ts`),
 * and hears only what comes back on it: `postMessage` on the worker itself is taken away before
 * any program runs, and the port lives in this closure, out of reach of a program that reached
 * JavaScript, so it cannot forge a "done". Bound now, so a patched `MessagePort.prototype` does
 * not see the messages either.
 */
scope.addEventListener('message', function connect(event) {
  const port = event.ports[0];
  if (!port) return;
  scope.removeEventListener('message', connect);
  const send = port.postMessage.bind(port) as (
    message: WorkerMessage,
    transfer: Transferable[]
  ) => void;
  const handle = serve({ post: (message, transfer) => send(message, transfer ?? []), load });
  port.addEventListener('message', (message) => handle(message.data));
  port.start();
});
