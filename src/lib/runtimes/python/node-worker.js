/**
 * The Node worker thread of `createNodeSandbox`: loads Pyodide from the npm package and serves
 * the sandbox protocol (see `serve.js`). Plain JavaScript because Node 20's worker_threads
 * cannot load TypeScript; the harness source arrives in the `init` message.
 */
import { fileURLToPath } from 'node:url';
import { parentPort } from 'node:worker_threads';
import { serve } from './serve.js';

/**
 * Where the package's files are. Said explicitly because Pyodide otherwise guesses from a stack
 * trace, which a source-map-aware loader (tsx, `--enable-source-maps`) rewrites to a path that
 * does not exist.
 */
const INDEX_PATH = fileURLToPath(new URL('.', import.meta.resolve('pyodide')));

if (!parentPort) throw new Error('node-worker.js must run in a worker thread.');
const port = parentPort;

const handle = serve({
  post: (message, transfer) => port.postMessage(message, transfer),
  load: async (_indexURL, status, { snapshot, makeSnapshot }) => {
    status(snapshot ? 'Starting Python from a snapshot…' : 'Loading Python…');
    const { loadPyodide } = await import('pyodide');
    // The snapshot options are Pyodide's own, marked internal in its types (see serve.js).
    return loadPyodide(
      /** @type {import('pyodide').PyodideConfig} */ ({
        indexURL: INDEX_PATH,
        _loadSnapshot: snapshot ?? undefined,
        _makeSnapshot: makeSnapshot
      })
    );
  }
});
port.on('message', handle);
