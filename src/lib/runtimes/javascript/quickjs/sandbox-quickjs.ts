/**
 * The browser's JavaScript sandbox worker: programs run in QuickJS (WebAssembly) with a bounded
 * memory, one program per worker (see `host.ts`). Its name starts with `sandbox-` so the
 * server sends it its own CSP (`quickjsSandboxDirectives`): scripts from this origin only, no
 * connections, workers or frames, no `eval` in this worker (QuickJS evaluates inside its own
 * memory). No program code runs in this
 * worker's own JavaScript realm, so there is nothing here for a program to reach.
 *
 * The page compiles the QuickJS wasm once and sends each worker the module; only this worker
 * instantiates it.
 */
import variant from '@jitl/quickjs-wasmfile-release-sync';
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

/**
 * The compiled QuickJS wasm, which the page sends as the first message (`browser-worker.ts`):
 * this worker's policy allows no connections at all, so it cannot fetch the file itself.
 */
function receiveWasm(scope: WorkerScope): Promise<WebAssembly.Module> {
  return new Promise((resolve, reject) => {
    scope.addEventListener('message', function first(event) {
      const data: unknown = event.data;
      if (typeof data !== 'object' || data === null || Reflect.get(data, 'type') !== 'wasm') return;
      const module: unknown = Reflect.get(data, 'module');
      if (module instanceof WebAssembly.Module) resolve(module);
      else reject(new Error(String(Reflect.get(data, 'error') ?? 'no wasm module arrived')));
    });
  });
}

const scope = globalThis as unknown as WorkerScope;
const wasm = receiveWasm(scope);
wasm.catch(() => {}); // reported by newModule, when the engine is prepared
const loader: QuickJsLoader = {
  sources,
  newModule: async (memory) =>
    newQuickJSWASMModuleFromVariant(
      newVariant(variant, { wasmModule: await wasm, wasmMemory: memory })
    ),
  loadTranspiler: async () => (await import('sucrase')).transform
};

const server = serveQuickJs(loader, (message) => scope.postMessage(message));
scope.addEventListener('message', (event) => server.onMessage(event.data));
