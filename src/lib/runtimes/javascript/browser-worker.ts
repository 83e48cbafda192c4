/**
 * The browser's JavaScript sandbox: `JsSandboxClient` over module Workers running
 * `sandbox-quickjs.ts` (programs in QuickJS, with a bounded memory), a fresh one per program;
 * the engine stops a program at its time limit, and the worker is terminated if it does not.
 * `createV8JsWorker` (the harness in the worker's own V8, no heap bound) is kept for comparison
 * (`npm run bench:js -- --browser`); the app never uses it for model code.
 */
import {
  JsSandboxClient,
  type JsClientOptions,
  type JsWorkerHandlers,
  type JsWorkerPort
} from './client';
import quickJsWasmUrl from '@jitl/quickjs-wasmfile-release-sync/wasm?url';
import { QUICKJS_GRACE_MS } from './quickjs/host';

let compiled: Promise<WebAssembly.Module> | null = null;

/**
 * The QuickJS wasm, fetched and compiled once per page. The QuickJS worker may connect nowhere
 * (`connect-src 'none'`), so the page hands it the compiled module instead of a URL.
 */
function quickJsWasm(): Promise<WebAssembly.Module> {
  compiled ??= fetch(quickJsWasmUrl).then(async (response) => {
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`.trim());
    // Not compileStreaming: it also insists on the application/wasm content type.
    return WebAssembly.compile(await response.arrayBuffer());
  });
  compiled.catch(() => (compiled = null)); // a later worker tries again
  return compiled;
}

/** The default worker: the harness in QuickJS, in the `sandbox-quickjs.ts` module Worker. */
export function createJsWorker(): Worker {
  // Vite bundles the worker from this exact expression (URL + import.meta.url + type module).
  const worker = new Worker(new URL('./quickjs/sandbox-quickjs.ts', import.meta.url), {
    type: 'module'
  });
  quickJsWasm().then(
    (module) => worker.postMessage({ type: 'wasm', module }),
    (error: unknown) =>
      worker.postMessage({
        type: 'wasm',
        module: null,
        error: error instanceof Error ? error.message : String(error)
      })
  );
  return worker;
}

/** The harness in the worker's own V8 (`sandbox-javascript.ts`): fast, but its heap is unbounded. */
export function createV8JsWorker(): Worker {
  return new Worker(new URL('./sandbox-javascript.ts', import.meta.url), { type: 'module' });
}

/** Wraps a browser Worker so a `JsSandboxClient` can drive it. */
function adaptJsWorker(worker: Worker, handlers: JsWorkerHandlers): JsWorkerPort {
  worker.addEventListener('message', (event: MessageEvent<unknown>) =>
    handlers.onMessage(event.data)
  );
  worker.addEventListener('error', (event: ErrorEvent) => {
    event.preventDefault();
    // A worker script that fails to load (404, CSP) gives an ErrorEvent without a message.
    handlers.onError(
      new Error(event.message || 'the JavaScript worker script could not be loaded')
    );
  });
  worker.addEventListener('messageerror', () =>
    handlers.onError(new Error('a message from the JavaScript worker could not be read'))
  );
  return {
    postMessage: (message) => worker.postMessage(message),
    terminate: () => worker.terminate()
  };
}

/** How many programs may run at once in this browser: one core is left for the page. */
function defaultWorkers(): number {
  const cores = typeof navigator === 'undefined' ? 2 : (navigator.hardwareConcurrency ?? 2);
  return Math.min(4, Math.max(1, cores - 1));
}

/** A JavaScript/TypeScript sandbox in this browser's workers. */
export function createBrowserJsSandbox(
  options: Omit<JsClientOptions, 'spawn'> & { createWorker?: () => Worker } = {}
): JsSandboxClient {
  const make = options.createWorker ?? createJsWorker;
  return new JsSandboxClient({
    maxWorkers: defaultWorkers(),
    graceMs: options.createWorker ? 0 : QUICKJS_GRACE_MS,
    ...options,
    spawn: (handlers) => adaptJsWorker(make(), handlers)
  });
}
