/**
 * The browser's Python sandbox as the app uses it: a `WorkerPool` of one worker, which runs
 * programs in a module Worker (`sandbox-python.ts`) that loads Pyodide from our own origin. See
 * `client.ts` for the time limit, the interrupt and the terminate-and-respawn fallback, and
 * `worker-pool.ts` for running several programs at once.
 *
 * The interrupt needs SharedArrayBuffer, so the page must be cross-origin isolated (COOP +
 * COEP); without it a program that runs out of time is stopped by terminating its worker, and
 * the next run waits for Pyodide to load again.
 */
import type { SandboxStatus } from '../runtimes/python/client';
import { WorkerPool } from '../runtimes/python/worker-pool';

export type { SandboxStatus };

/** Options of {@link WorkerSandbox}. */
export interface WorkerSandboxOptions {
  /** where Pyodide's files are served, ending in '/'; default: the worker's (`PYODIDE_BASE`) */
  indexURL?: string;
  /** called whenever the sandbox's state changes, with a sentence to show */
  onStatus?: (status: SandboxStatus) => void;
  /** makes the worker; default: the `sandbox-python.ts` module worker (tests may swap it) */
  createWorker?: () => Worker;
}

/**
 * Runs Python programs against tests in one browser worker, one request at a time. Its methods
 * are `WorkerPool`'s: `warm()`, `execute(request, { signal })`, `dispose()`.
 */
export class WorkerSandbox extends WorkerPool {
  constructor(options: WorkerSandboxOptions = {}) {
    super({ ...options, size: 1 });
  }
}
