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
import { adaptNodeWorker } from '../node-worker-port';
import type { SandboxStatus, WorkerHandlers, WorkerPort } from './client';
import type { SnapshotStore } from './snapshots';
import { WorkerPool } from './worker-pool';

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

const FAILURE_HINT = 'Check that the "pyodide" package is installed (npm install) and try again.';

/** A Node sandbox; call `dispose()` when done so the worker thread ends. */
export type NodeSandbox = Sandbox & { dispose(): Promise<void> };

/** Options of {@link createNodePool}. */
export interface NodePoolOptions extends NodeSandboxOptions {
  /** how many worker threads at most, i.e. programs at once */
  size: number;
  /** the memory snapshot the workers share (e.g. one saved on disk); default: a new store */
  snapshots?: SnapshotStore;
}

/** A pool of Node sandboxes; `workersReady` counts the loaded ones. */
export type NodePool = NodeSandbox & Pick<WorkerPool, 'workersReady' | 'started'>;

/** Starts a Node worker thread speaking the sandbox protocol (also a `WorkerPool`'s `spawn`). */
export function spawnNodeWorker(handlers: WorkerHandlers): WorkerPort {
  return adaptNodeWorker(new Worker(new URL('./node-worker.js', import.meta.url)), handlers);
}

/**
 * Creates a pool of Node sandboxes (the browser's `WorkerPool` over worker threads) and waits
 * until its first worker is loaded. Further workers start while that one is already running
 * programs, from its memory snapshot, as requests queue up (see `worker-pool.ts`).
 * @throws Error with a plain sentence if Pyodide cannot be loaded
 */
export async function createNodePool(options: NodePoolOptions): Promise<NodePool> {
  const pool = new WorkerPool({
    size: options.size,
    spawn: spawnNodeWorker,
    graceMs: options.graceMs ?? 1_000,
    loadTimeoutMs: options.loadTimeoutMs,
    onStatus: options.onStatus,
    failureHint: FAILURE_HINT,
    snapshots: options.snapshots
  });
  try {
    await pool.load();
  } catch (error) {
    pool.dispose();
    throw error;
  }
  return {
    language: 'python',
    execute: (request, executeOptions) => pool.execute(request, executeOptions),
    dispose: async () => pool.dispose(),
    get workersReady() {
      return pool.workersReady;
    },
    get started() {
      return pool.started;
    }
  };
}

/**
 * Creates a Python sandbox for Node (a pool of one worker thread: a worker stopped after a time
 * limit is replaced at once, from the snapshot) and waits until Pyodide is loaded.
 * @throws Error with a plain sentence if Pyodide cannot be loaded
 */
export function createNodeSandbox(options: NodeSandboxOptions = {}): Promise<NodeSandbox> {
  return createNodePool({ ...options, size: 1 });
}
