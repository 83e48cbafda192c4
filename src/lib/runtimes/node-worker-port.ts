/**
 * A `node:worker_threads` Worker wired to the callbacks a sandbox client drives (the Python and
 * the JavaScript sandboxes' Node hosts share it): messages in, every failure or exit as an error.
 */
import type { Worker } from 'node:worker_threads';

/** Wraps a worker thread; `unref`s it so an idle sandbox does not keep a process alive. */
export function adaptNodeWorker<M>(
  worker: Worker,
  handlers: { onMessage(data: unknown): void; onError(error: Error): void }
): { postMessage(message: M): void; terminate(): void } {
  // Pending runs hold timers, so a process still waits for them.
  worker.unref();
  worker.on('message', (data: unknown) => handlers.onMessage(data));
  worker.on('error', (error: Error) => handlers.onError(error));
  worker.on('exit', (code: number) =>
    handlers.onError(new Error(`the worker thread exited with code ${code}`))
  );
  return {
    postMessage: (message) => worker.postMessage(message),
    terminate: () => void worker.terminate()
  };
}
