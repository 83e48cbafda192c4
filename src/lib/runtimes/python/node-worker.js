/**
 * The Node worker thread of `createNodeSandbox`: loads Pyodide from the npm package and serves
 * the sandbox protocol (see `serve.js`). Plain JavaScript because Node 20's worker_threads
 * cannot load TypeScript; the harness source arrives in the `init` message.
 */
import { parentPort } from 'node:worker_threads';
import { serve } from './serve.js';

if (!parentPort) throw new Error('node-worker.js must run in a worker thread.');
const port = parentPort;

const handle = serve({
  post: (message) => port.postMessage(message),
  load: async (_indexURL, status) => {
    status('Loading Python…');
    const { loadPyodide } = await import('pyodide');
    return loadPyodide();
  }
});
port.on('message', handle);
