/**
 * The process the Node sandbox runs Python in (`node-sandbox.ts` starts it with `fork`): loads
 * Pyodide from the npm package and serves the sandbox protocol (see `serve.js`) over the IPC
 * channel. Plain JavaScript, since it runs without the parent's TypeScript loader.
 *
 * It is started under Node's permission model with an empty environment (see
 * `node-sandbox.ts`): it may read only its own files and Pyodide's, and cannot write files,
 * start processes or workers. Time limits are enforced here, from the program's own deadline
 * (`ownDeadline`), since a process cannot share the host's interrupt buffer.
 */
import { constants as fsConstants } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.js';

/**
 * Where the package's files are. Said explicitly because Pyodide otherwise guesses from a stack
 * trace, which a source-map-aware loader rewrites to a path that does not exist.
 */
const INDEX_PATH = fileURLToPath(new URL('.', import.meta.resolve('pyodide')));

// Emscripten's Node file system reads its flag constants through process.binding, which the
// permission model refuses; the public fs.constants are the same numbers.
/** @type {{ binding: (name: string) => unknown }} */
const legacy = /** @type {any} */ (process);
const binding = legacy.binding.bind(process);
legacy.binding = (name) => (name === 'constants' ? { fs: fsConstants } : binding(name));

const send = process.send?.bind(process);
if (!send) throw new Error('node-process.js must be started with an IPC channel (fork).');

const handle = serve({
  post: (message) => send(message),
  ownDeadline: true,
  load: async (_indexURL, status, { snapshot, makeSnapshot }) => {
    status(snapshot ? 'Starting Python from a snapshot…' : 'Loading Python…');
    const { loadPyodide } = await import('pyodide');
    // The snapshot options are Pyodide's own, marked internal in its types (see serve.js).
    return loadPyodide(
      /** @type {import('pyodide').PyodideConfig} */ ({
        indexURL: INDEX_PATH,
        // IPC delivers the bytes as a view into a larger buffer; Pyodide reads the whole
        // buffer, so it gets a copy of its own.
        _loadSnapshot: snapshot ? snapshot.slice() : undefined,
        _makeSnapshot: makeSnapshot
      })
    );
  }
});
process.on('message', handle);
// The host went away: nothing is left to serve.
process.on('disconnect', () => process.exit(0));
