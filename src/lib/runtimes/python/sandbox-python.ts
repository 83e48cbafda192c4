/**
 * The browser's Python sandbox worker (a module Worker started by `WorkerSandbox`). Its name
 * starts with `sandbox-` so the server sends it the locked-down sandbox CSP (no network beyond
 * our origin), which is what programs running here live under.
 *
 * It loads Pyodide from our own origin (never bundled), takes away the worker's network and
 * storage APIs before any program runs, then serves the protocol of `serve.js`.
 */
import type { loadPyodide as LoadPyodide, PyodideAPI } from 'pyodide';
import { serve, type LoadOptions, type WorkerMessage } from './serve.js';

/** The worker global, as far as this file needs it (the app's TS config has DOM types only). */
const scope = globalThis as unknown as {
  postMessage(message: WorkerMessage, transfer?: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
};

/**
 * Globals through which a program reaching JavaScript could talk to the network or storage.
 * Pyodide needs `fetch` only while loading, so they go right after. The harness also blocks
 * `import js` / `pyodide_js`; the CSP is the last line.
 */
const BLOCKED_GLOBALS = [
  'fetch',
  'XMLHttpRequest',
  'importScripts',
  'WebSocket',
  'WebTransport',
  'EventSource',
  'indexedDB',
  'caches',
  'BroadcastChannel'
];

function lockDown(): void {
  for (const name of BLOCKED_GLOBALS) {
    try {
      // Many of these are inherited getters (WorkerGlobalScope.prototype), so `delete` alone
      // would not hide them: shadow them with a frozen own property instead.
      Object.defineProperty(globalThis, name, {
        value: undefined,
        writable: false,
        configurable: false
      });
    } catch {
      // already non-configurable: nothing more a worker can do about it
    }
  }
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
  { snapshot, makeSnapshot }: LoadOptions
): Promise<PyodideAPI> {
  const base = new URL(indexURL ?? '/pyodide/', self.location.href).href;
  if (!snapshot) status('Downloading Python (about 14 MB, cached after the first time)…');
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
  lockDown();
  return pyodide;
}

const handle = serve({
  post: (message, transfer) => scope.postMessage(message, transfer ?? []),
  load
});
scope.addEventListener('message', (event) => handle(event.data));
