/**
 * The Python sandbox for Node (Vitest, CLIs): the same harness, engine and host logic as the
 * browser's, with Pyodide loaded from the npm package in a separate Node process per worker
 * (`node-process.js`).
 *
 * Why a separate process rather than a worker thread: model-written programs run in there, and
 * the CLI's own process holds what they must never see (an API key in the environment, the
 * file system, the right to start commands). The child is started with:
 * - an empty environment, so no secret of the parent's ever enters it;
 * - Node's permission model (`--experimental-permission`): it may read only Pyodide's package
 *   and its own source files, and may not write files, start processes or workers, or load
 *   native addons. (It does not restrict the network in Node 20; the child holds nothing to
 *   send.)
 * The harness also keeps JavaScript out of Python's reach (`harness-lockdown.ts`); the process
 * is the second wall, for whatever that misses.
 *
 * Time limits: a process cannot share the host's interrupt buffer, so the child interrupts the
 * program itself when its deadline passes (`ownDeadline` in `serve.js`); if the program does
 * not stop within the grace period, the host kills the process and starts a new one (from the
 * memory snapshot) for the next request.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sandbox } from '../../core/run/effects';
import {
  forkSandboxProcess,
  sandboxProcessArgs as processArgs,
  type SandboxProcessArgs
} from '../node-process-port';
import type { SandboxStatus, WorkerHandlers, WorkerPort } from './client';
import type { HostMessage } from './serve.js';
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

/** A Node sandbox; call `dispose()` when done so its processes end. */
export type NodeSandbox = Sandbox & { dispose(): Promise<void> };

/** Options of {@link createNodePool}. */
export interface NodePoolOptions extends NodeSandboxOptions {
  /** how many sandbox processes at most, i.e. programs at once */
  size: number;
  /** the memory snapshot the workers share (e.g. one saved on disk); default: a new store */
  snapshots?: SnapshotStore;
}

/** A pool of Node sandboxes; `workersReady` counts the loaded ones. */
export type NodePool = NodeSandbox & Pick<WorkerPool, 'workersReady' | 'started'>;

const CHILD = fileURLToPath(new URL('./node-process.js', import.meta.url));

/** The folders the child may read: its own sources and Pyodide's package. */
function readableFolders(): string[] {
  const pyodide = dirname(fileURLToPath(import.meta.resolve('pyodide')));
  return [dirname(CHILD), pyodide].map((folder) => `${folder}/`);
}

/**
 * The flags and environment of a sandbox process: the permission model with read access to
 * `readableFolders()` only (no writes, child processes, workers or addons, which it denies by
 * default), and an empty environment. Exported for the tests that check what they deny.
 */
export function sandboxProcessArgs(): SandboxProcessArgs {
  return processArgs(readableFolders());
}

/**
 * Starts a sandbox process speaking the sandbox protocol (also a `WorkerPool`'s `spawn`): see
 * `node-process-port.ts` for what the process gets, and what it does not.
 */
export function spawnNodeProcess(handlers: WorkerHandlers): WorkerPort {
  const port = forkSandboxProcess<HostMessage>(
    CHILD,
    { args: sandboxProcessArgs(), name: 'Python process' },
    handlers
  );
  return {
    postMessage(message: HostMessage) {
      // Shared memory does not cross processes: the child keeps its own deadline instead.
      port.postMessage(message.type === 'init' ? { ...message, interruptBuffer: null } : message);
    },
    terminate: () => port.terminate()
  };
}

/**
 * Creates a pool of Node sandboxes (the browser's `WorkerPool` over sandbox processes) and waits
 * until its first worker is loaded. Further workers start while that one is already running
 * programs, from its memory snapshot, as requests queue up (see `worker-pool.ts`).
 * @throws Error with a plain sentence if Pyodide cannot be loaded
 */
export async function createNodePool(options: NodePoolOptions): Promise<NodePool> {
  const pool = new WorkerPool({
    size: options.size,
    spawn: spawnNodeProcess,
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
 * Creates a Python sandbox for Node (a pool of one process: a process stopped after a time limit
 * is replaced at once, from the snapshot) and waits until Pyodide is loaded.
 * @throws Error with a plain sentence if Pyodide cannot be loaded
 */
export function createNodeSandbox(options: NodeSandboxOptions = {}): Promise<NodeSandbox> {
  return createNodePool({ ...options, size: 1 });
}
