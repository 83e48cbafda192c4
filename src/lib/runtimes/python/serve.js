/**
 * The worker side of the sandbox protocol, shared by the browser worker (`sandbox-python.ts`)
 * and the Node worker (`node-worker.js`), which differ only in how they load Pyodide.
 *
 * Protocol (all messages are plain objects with a `type`; runs carry the host's request id):
 *   host → worker: `init` once (harness source, interrupt buffer, where Pyodide lives), then
 *     `run` per request;
 *   worker → host: `status` while loading, then `ready` or `failed`; per run, `event`s and
 *     `done`.
 *
 * Plain JavaScript with JSDoc types because Node 20's worker_threads cannot load TypeScript.
 */
import { createEngine } from './engine.js';

/**
 * @typedef {import('../../core/run/effects').ExecRequest} ExecRequest
 * @typedef {import('../../core/run/effects').ExecResult} ExecResult
 * @typedef {import('./progress.js').RunEvent} RunEvent
 * @typedef {import('./engine.js').PyodideAPI} PyodideAPI
 */

/**
 * @typedef {{ type: 'init', harness: string, indexURL: string | null,
 *     interruptBuffer: SharedArrayBuffer | null }
 *   | { type: 'run', id: number, request: ExecRequest }} HostMessage
 */

/**
 * @typedef {{ type: 'status', message: string }
 *   | { type: 'ready' }
 *   | { type: 'failed', message: string }
 *   | { type: 'event', id: number, event: RunEvent }
 *   | { type: 'done', id: number, result: ExecResult, restart: boolean }} WorkerMessage
 */

/**
 * @typedef {object} ServeOptions
 * @property {(message: WorkerMessage) => void} post sends a message to the host
 * @property {(indexURL: string | null, status: (message: string) => void)
 *   => Promise<PyodideAPI>} load loads Pyodide (once, on `init`), reporting progress
 */

/**
 * Starts serving; returns the handler for messages from the host.
 * @param {ServeOptions} options
 * @returns {(data: unknown) => void}
 */
export function serve({ post, load }) {
  /** @type {Promise<import('./engine.js').Engine> | null} */
  let engine = null;

  /** @param {Extract<HostMessage, { type: 'init' }>} message */
  const init = async (message) => {
    const pyodide = await load(message.indexURL, (text) => post({ type: 'status', message: text }));
    post({ type: 'status', message: 'Preparing the Python sandbox…' });
    return createEngine(pyodide, message.harness, message.interruptBuffer);
  };

  return (data) => {
    if (typeof data !== 'object' || data === null) return;
    const message = /** @type {HostMessage} */ (data);
    if (message.type === 'init' && !engine) {
      engine = init(message);
      engine.then(
        () => post({ type: 'ready' }),
        (error) =>
          post({ type: 'failed', message: error instanceof Error ? error.message : String(error) })
      );
    } else if (message.type === 'run' && engine) {
      const { id, request } = message;
      engine.then(
        (ready) => {
          const { result, restart } = ready.run(request, (event) =>
            post({ type: 'event', id, event })
          );
          post({ type: 'done', id, result, restart });
        },
        () => {} // already reported as `failed`
      );
    }
  };
}
