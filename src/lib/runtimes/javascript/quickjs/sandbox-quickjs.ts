/**
 * The browser's JavaScript sandbox worker: programs run in QuickJS (WebAssembly) with a bounded
 * memory, one program per worker (see `host.ts`). Its name starts with `sandbox-` so the
 * server sends it the sandbox workers' CSP: scripts and the wasm from this origin only, no
 * `eval` in this worker (QuickJS evaluates inside its own memory). No program code runs in this
 * worker's own JavaScript realm, so there is nothing here for a program to reach.
 *
 * Only this worker loads the QuickJS wasm: the page never does.
 */
import variant from '@jitl/quickjs-wasmfile-release-sync';
import wasmUrl from '@jitl/quickjs-wasmfile-release-sync/wasm?url';
import { newQuickJSWASMModuleFromVariant, newVariant } from 'quickjs-emscripten-core';
import { QUICKJS_MODULES, type QuickJsLoader } from './host';
import { serveQuickJs } from './serve';

/** The worker global, as far as this file needs it (the app's TS config has DOM types only). */
interface WorkerScope {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

// The harness's modules as text, keyed by path relative to this folder.
const raw: Record<string, string> = import.meta.glob(
  [
    './entry.js',
    '../harness/harness.js',
    '../harness/assert.js',
    '../harness/equal.js',
    '../harness/output.js',
    '../harness/primordials.js',
    '../harness/repr.js',
    '../harness/source.js',
    '../harness/lockdown.js',
    './sucrase.js',
    '../../python/progress.js'
  ],
  { query: '?raw', import: 'default', eager: true }
);
const sources: Record<string, string> = {};
for (const name of QUICKJS_MODULES) {
  const key = name.startsWith('javascript/quickjs/')
    ? `./${name.slice('javascript/quickjs/'.length)}`
    : name.startsWith('javascript/')
      ? `../${name.slice('javascript/'.length)}`
      : `../../${name}`;
  if (raw[key] !== undefined) sources[name] = raw[key];
}

const loader: QuickJsLoader = {
  sources,
  newModule: (memory) =>
    newQuickJSWASMModuleFromVariant(
      newVariant(variant, { wasmLocation: wasmUrl, wasmMemory: memory })
    ),
  loadTranspiler: async () => (await import('sucrase')).transform
};

const scope = globalThis as unknown as WorkerScope;
const server = serveQuickJs(loader, (message) => scope.postMessage(message));
scope.addEventListener('message', (event) => server.onMessage(event.data));
