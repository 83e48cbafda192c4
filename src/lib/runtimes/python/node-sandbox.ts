/**
 * The Python sandbox for Node (Vitest, CLIs): the same harness, engine and host logic as the
 * browser's, with Pyodide loaded from the npm package in a `node:worker_threads` Worker.
 *
 * Why a worker thread: a program like `while True: pass` blocks the thread it runs on, so the
 * time limit has to be enforced from another one. The main thread writes SIGINT into a shared
 * interrupt buffer (Node always has SharedArrayBuffer) and, if the program does not stop within
 * the grace period, terminates the worker and spawns a new one for the next request.
 *
 * Why the worker side is JavaScript: Node 20 cannot load TypeScript in a worker thread, so
 * `node-worker.js`, `serve.js`, `engine.js` and `progress.js` are plain ES modules with JSDoc
 * types, and the harness (TypeScript) is sent to the worker in its first message.
 */
import { Worker } from 'node:worker_threads';
import type { Sandbox } from '../../core/run/effects';
import { SandboxClient, type SandboxStatus, type WorkerHandlers, type WorkerPort } from './client';

/** Options of {@link createNodeSandbox}. */
export interface NodeSandboxOptions {
  /**
   * How long an interrupted program may take to stop before its worker is terminated; default
   * 1000 ms. Longer than the browser's 300 ms because CI machines are often busy, and a run
   * stopped by the interrupt keeps its worker and reports the line that was running.
   */
  graceMs?: number;
  /** how long loading Pyodide may take; default 120 s */
  loadTimeoutMs?: number;
  onStatus?: (status: SandboxStatus) => void;
}

/** A Node sandbox; call `dispose()` when done so the worker thread ends. */
export type NodeSandbox = Sandbox & { dispose(): Promise<void> };

/** Starts a Node worker thread speaking the sandbox protocol (also a `WorkerPool`'s `spawn`). */
export function spawnNodeWorker(handlers: WorkerHandlers): WorkerPort {
  const worker = new Worker(new URL('./node-worker.js', import.meta.url));
  // An idle sandbox must not keep a CLI or test process alive; pending runs hold timers anyway.
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

/**
 * Creates a Python sandbox for Node and waits until Pyodide is loaded.
 * @throws Error with a plain sentence if Pyodide cannot be loaded
 */
export async function createNodeSandbox(options: NodeSandboxOptions = {}): Promise<NodeSandbox> {
  const client = new SandboxClient({
    spawn: spawnNodeWorker,
    graceMs: options.graceMs ?? 1_000,
    loadTimeoutMs: options.loadTimeoutMs,
    onStatus: options.onStatus,
    failureHint: 'Check that the "pyodide" package is installed (npm install) and try again.'
  });
  try {
    await client.load();
  } catch (error) {
    client.dispose();
    throw error;
  }
  return {
    language: 'python',
    execute: (request, executeOptions) => client.execute(request, executeOptions),
    dispose: async () => client.dispose()
  };
}
