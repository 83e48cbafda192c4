/**
 * The worker side of the sandbox protocol, shared by the browser worker (`sandbox-python.ts`)
 * and the Node sandbox process (`node-process.js`), which differ only in how they load Pyodide.
 *
 * Protocol (all messages are plain objects with a `type`; runs carry the host's request id):
 *   host → worker: `init` once (harness source, interrupt buffer, where Pyodide lives, and
 *     either a memory snapshot to start from or a request to make one), then `run` per request;
 *   worker → host: `status` while loading, `download` (bytes of Pyodide's files received, from
 *     a host that counts them), then `ready` (with the snapshot, if one was asked for) or
 *     `failed`; per run, `event`s and `done`.
 *
 * Snapshots: loading Pyodide cold means initialising CPython and importing Pyodide's and the
 * harness's modules, seconds of work that ends in the same memory every time. The first worker
 * of a host is asked to make a snapshot of its WebAssembly memory right after the harness
 * loaded, before any program ran; the host then starts further workers (a pool growing, a
 * worker replaced after a time limit) from that snapshot, several times faster. The file system
 * is not in the snapshot: Pyodide rebuilds it, and the engine takes its reset point afresh.
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
 * @typedef {{ type: 'init', harness: string, seal: string, indexURL: string | null,
 *     interruptBuffer: SharedArrayBuffer | null, snapshot?: Uint8Array | null,
 *     makeSnapshot?: boolean }
 *   | { type: 'run', id: number, request: ExecRequest }} HostMessage
 */

/**
 * @typedef {{ type: 'status', message: string }
 *   | { type: 'ready', snapshot?: Uint8Array, refused?: boolean }
 *   | { type: 'failed', message: string }
 *   | { type: 'download', loaded: number, total: number }
 *   | { type: 'event', id: number, event: RunEvent }
 *   | { type: 'done', id: number, result: ExecResult, restart: boolean }} WorkerMessage
 */

/**
 * @typedef {object} LoadOptions
 * @property {Uint8Array | null} snapshot a memory snapshot to start from, or null for a cold load
 * @property {boolean} makeSnapshot load so that `makeMemorySnapshot()` works
 * @property {(counted: { loaded: number, total: number }) => void} [download] bytes of
 *   Pyodide's files received so far, for a host that counts them (the browser)
 */

/**
 * @typedef {object} ServeOptions
 * @property {(message: WorkerMessage, transfer?: ArrayBuffer[]) => void} post sends a message
 *   to the host
 * @property {(indexURL: string | null, status: (message: string) => void, options: LoadOptions)
 *   => Promise<PyodideAPI>} load loads Pyodide (once, on `init`), reporting progress
 * @property {boolean} [ownDeadline] enforce time limits from this thread rather than through
 *   the host's interrupt buffer (a separate process cannot share memory with its host)
 */

/**
 * Loads Pyodide from the snapshot when there is one, else cold; a snapshot that does not load
 * (another Pyodide build) falls back to a cold load.
 * @param {ServeOptions['load']} load
 * @param {Extract<HostMessage, { type: 'init' }>} message
 * @param {(text: string) => void} status
 * @param {LoadOptions['download']} download
 * @returns {Promise<{ pyodide: PyodideAPI, restored: boolean, refused: boolean }>}
 */
async function loadPyodideFor(load, message, status, download) {
  const makeSnapshot = message.makeSnapshot === true;
  if (message.snapshot) {
    try {
      const pyodide = await load(message.indexURL, status, {
        snapshot: message.snapshot,
        makeSnapshot: false,
        download
      });
      return { pyodide, restored: true, refused: false };
    } catch {
      status('Loading Python…');
      const pyodide = await load(message.indexURL, status, {
        snapshot: null,
        makeSnapshot,
        download
      });
      return { pyodide, restored: false, refused: true };
    }
  }
  const pyodide = await load(message.indexURL, status, { snapshot: null, makeSnapshot, download });
  return { pyodide, restored: false, refused: false };
}

/**
 * The snapshot the host asked for, or undefined if Pyodide could not make one (the host then
 * keeps loading workers cold).
 * @param {PyodideAPI} pyodide
 * @returns {Uint8Array | undefined}
 */
function takeSnapshot(pyodide) {
  try {
    const make = Reflect.get(pyodide, 'makeMemorySnapshot');
    if (typeof make !== 'function') return undefined;
    const snapshot = make.call(pyodide);
    return snapshot instanceof Uint8Array ? snapshot : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts serving; returns the handler for messages from the host.
 * @param {ServeOptions} options
 * @returns {(data: unknown) => void}
 */
export function serve({ post, load, ownDeadline = false }) {
  /** @type {Promise<{ engine: import('./engine.js').Engine, snapshot?: Uint8Array, refused: boolean }> | null} */
  let engine = null;

  /** @param {Extract<HostMessage, { type: 'init' }>} message */
  const init = async (message) => {
    const status = (/** @type {string} */ text) => post({ type: 'status', message: text });
    /** @type {LoadOptions['download']} */
    const download = ({ loaded, total }) => post({ type: 'download', loaded, total });
    const { pyodide, restored, refused } = await loadPyodideFor(load, message, status, download);
    if (!restored) status('Preparing the Python sandbox…');
    const engine = createEngine(pyodide, restored ? null : message.harness, {
      interruptBuffer: message.interruptBuffer,
      ownDeadline
    });
    // Taken now, before any program ran: every worker started from it begins pristine. Sealed
    // afterwards, since Pyodide re-registers its modules when it restores a snapshot.
    const snapshot = message.makeSnapshot && !restored ? takeSnapshot(pyodide) : undefined;
    engine.seal(message.seal);
    return { engine, snapshot, refused };
  };

  return (data) => {
    if (typeof data !== 'object' || data === null) return;
    const message = /** @type {HostMessage} */ (data);
    if (message.type === 'init' && !engine) {
      engine = init(message);
      engine.then(
        (loaded) => {
          const snapshot = loaded.snapshot;
          delete loaded.snapshot; // the worker has no more use for it
          if (snapshot) {
            post({ type: 'ready', snapshot }, [/** @type {ArrayBuffer} */ (snapshot.buffer)]);
          } else {
            post(loaded.refused ? { type: 'ready', refused: true } : { type: 'ready' });
          }
        },
        (error) =>
          post({ type: 'failed', message: error instanceof Error ? error.message : String(error) })
      );
    } else if (message.type === 'run' && engine) {
      const { id, request } = message;
      engine.then(
        ({ engine: ready }) => {
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
