/**
 * How the browser starts a sandbox worker: the `sandbox-python.ts` module Worker, adapted to the
 * `WorkerPort` that `SandboxClient` drives. Shared by `WorkerPool` and `WorkerSandbox`.
 */
import type { WorkerHandlers, WorkerPort } from './client';

/** The default worker: Pyodide in the `sandbox-python.ts` module Worker. */
export function createSandboxWorker(): Worker {
  // Vite bundles the worker from this exact expression (URL + import.meta.url + type module).
  return new Worker(new URL('./sandbox-python.ts', import.meta.url), { type: 'module' });
}

/** Wraps a browser Worker so a `SandboxClient` can drive it. */
export function adaptWorker(worker: Worker, handlers: WorkerHandlers): WorkerPort {
  worker.addEventListener('message', (event: MessageEvent<unknown>) =>
    handlers.onMessage(event.data)
  );
  worker.addEventListener('error', (event: ErrorEvent) => {
    event.preventDefault();
    // A worker script that fails to load (404, CSP) gives an ErrorEvent without a message.
    handlers.onError(new Error(event.message || 'the Python worker script could not be loaded'));
  });
  worker.addEventListener('messageerror', () =>
    handlers.onError(new Error('a message from the Python worker could not be read'))
  );
  return {
    postMessage: (message) => worker.postMessage(message),
    terminate: () => worker.terminate()
  };
}
