/**
 * The browser's Python sandbox: runs programs in a module Worker (`sandbox-python.ts`) that
 * loads Pyodide from our own origin. See `client.ts` for the time limit, the interrupt and the
 * terminate-and-respawn fallback.
 *
 * The interrupt needs SharedArrayBuffer, so the page must be cross-origin isolated (COOP +
 * COEP); without it a program that runs out of time is stopped by terminating its worker, and
 * the next run waits for Pyodide to load again.
 */
import type { ExecRequest, ExecResult, Sandbox } from '../../core/run/effects';
import { SandboxClient, type SandboxStatus, type WorkerHandlers, type WorkerPort } from './client';

export type { SandboxStatus } from './client';

/** Options of {@link WorkerSandbox}. */
export interface WorkerSandboxOptions {
  /** where Pyodide's files are served, ending in '/'; default '/pyodide/' */
  indexURL?: string;
  /** called whenever the sandbox's state changes, with a sentence to show */
  onStatus?: (status: SandboxStatus) => void;
  /** makes the worker; default: the `sandbox-python.ts` module worker (tests may swap it) */
  createWorker?: () => Worker;
}

function createDefaultWorker(): Worker {
  // Vite bundles the worker from this exact expression (URL + import.meta.url + type module).
  return new Worker(new URL('./sandbox-python.ts', import.meta.url), { type: 'module' });
}

function adapt(worker: Worker, handlers: WorkerHandlers): WorkerPort {
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

/** Runs Python programs against tests in a browser worker, one request at a time. */
export class WorkerSandbox implements Sandbox {
  readonly language = 'python';
  readonly #client: SandboxClient;

  constructor(options: WorkerSandboxOptions = {}) {
    const createWorker = options.createWorker ?? createDefaultWorker;
    this.#client = new SandboxClient({
      spawn: (handlers) => adapt(createWorker(), handlers),
      indexURL: options.indexURL ?? '/pyodide/',
      onStatus: options.onStatus,
      failureHint:
        'Reload the page to try again; if it keeps failing, check your connection and that ' +
        'your browser allows WebAssembly.'
    });
  }

  /** Starts loading Python now so the first run does not wait; resolves once ready or failed. */
  warm(): Promise<void> {
    return this.#client.load().catch(() => {
      // reported through onStatus, and again by the next execute()
    });
  }

  /**
   * Runs the program against the tests. Resolves with the result, including runs that fail or
   * time out; rejects if aborted, or with a plain-sentence Error if Python cannot be loaded.
   */
  execute(request: ExecRequest, options?: { signal?: AbortSignal }): Promise<ExecResult> {
    return this.#client.execute(request, options);
  }

  /** Terminates the worker; runs in progress and later calls reject. */
  dispose(): void {
    this.#client.dispose();
  }
}
