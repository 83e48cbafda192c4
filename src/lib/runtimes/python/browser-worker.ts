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

/**
 * Wraps a browser Worker so a `SandboxClient` can drive it. All messages go through a
 * MessageChannel made here: the worker gets one end before it loads anything, and the client
 * hears only the other. What arrives on the Worker object itself (a program that reached
 * JavaScript posting a forged "done") is never read.
 */
export function adaptWorker(worker: Worker, handlers: WorkerHandlers): WorkerPort {
  const channel = new MessageChannel();
  const port = channel.port1;
  port.addEventListener('message', (event: MessageEvent<unknown>) =>
    handlers.onMessage(event.data)
  );
  port.addEventListener('messageerror', () =>
    handlers.onError(new Error('a message from the Python worker could not be read'))
  );
  port.start();
  worker.addEventListener('error', (event: ErrorEvent) => {
    event.preventDefault();
    // A worker script that fails to load (404, CSP) gives an ErrorEvent without a message.
    handlers.onError(new Error(event.message || 'the Python worker script could not be loaded'));
  });
  worker.postMessage({ type: 'connect' }, [channel.port2]);
  return {
    postMessage: (message) => port.postMessage(message),
    terminate: () => {
      port.close();
      worker.terminate();
    }
  };
}
