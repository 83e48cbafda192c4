/**
 * The browser's JavaScript sandbox: `JsSandboxClient` over module Workers running
 * `sandbox-javascript.ts`, a fresh one per program (terminated at the time limit).
 */
import {
  JsSandboxClient,
  type JsClientOptions,
  type JsWorkerHandlers,
  type JsWorkerPort
} from './client';

/** The default worker: the harness in the `sandbox-javascript.ts` module Worker. */
export function createJsWorker(): Worker {
  // Vite bundles the worker from this exact expression (URL + import.meta.url + type module).
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
    ...options,
    spawn: (handlers) => adaptJsWorker(make(), handlers)
  });
}
