/**
 * The host-independent core: given a loaded Pyodide, run an `ExecRequest` with the harness and
 * produce an `ExecResult`. Both workers (browser and Node) use it; neither host runs Python on
 * its own thread, because a running program blocks the thread it runs on.
 *
 * Plain JavaScript with JSDoc types because Node 20's worker_threads cannot load TypeScript.
 */
import { restoreFS, snapshotFS } from './fs-reset.js';
import { RunProgress, toExecResult } from './progress.js';

/**
 * @typedef {import('../../core/run/effects').ExecRequest} ExecRequest
 * @typedef {import('../../core/run/effects').ExecResult} ExecResult
 * @typedef {import('./progress.js').RunEvent} RunEvent
 * @typedef {import('./progress.js').HarnessReport} HarnessReport
 */

/** @typedef {import('pyodide').PyodideAPI} PyodideAPI */

/**
 * @typedef {object} EngineRun
 * @property {ExecResult} result
 * @property {boolean} restart true when the interpreter is no longer usable (e.g. it exited or
 *   crashed): the host must throw this worker away
 */

/**
 * @typedef {object} Engine
 * @property {(request: ExecRequest, onEvent?: (event: RunEvent) => void) => EngineRun} run runs one
 *   request synchronously, reporting progress through `onEvent`
 */

/**
 * The module the harness lives in. Its name is in the harness's blocked list, so a program cannot
 * import it; the engine finds it again in an interpreter restored from a memory snapshot.
 */
const HARNESS_MODULE = '_acl_harness';

/**
 * Runs the harness source in a new module registered as {@link HARNESS_MODULE}, or, in an
 * interpreter restored from a snapshot taken after that (see `serve.js`), finds that module.
 * @param {PyodideAPI} pyodide
 * @param {string | null} harnessSource null: the harness is already loaded (restored)
 * @returns {import('pyodide/ffi').PyDict}
 */
function harnessNamespace(pyodide, harnessSource) {
  const scratch = pyodide.runPython('{}');
  const create = harnessSource !== null;
  const namespace = pyodide.runPython(
    create
      ? `import sys, types
sys.modules[${JSON.stringify(HARNESS_MODULE)}] = types.ModuleType(${JSON.stringify(HARNESS_MODULE)})
sys.modules[${JSON.stringify(HARNESS_MODULE)}].__dict__`
      : `import sys
sys.modules[${JSON.stringify(HARNESS_MODULE)}].__dict__`,
    { globals: scratch }
  );
  scratch.destroy();
  if (!(namespace instanceof pyodide.ffi.PyDict)) throw new Error('Pyodide did not make a dict.');
  if (create) pyodide.runPython(harnessSource, { globals: namespace, filename: '<harness>' });
  return namespace;
}

/**
 * Loads the harness into a fresh module of `pyodide` (or finds it, when `pyodide` was restored
 * from a snapshot of an interpreter that had loaded it) and returns an engine that runs requests.
 * @param {PyodideAPI} pyodide
 * @param {string | null} harnessSource the Python source of the harness (`HARNESS_SOURCE`), or
 *   null when `pyodide` was restored from a snapshot taken right after the harness loaded
 * @param {SharedArrayBuffer | null} [interruptBuffer] 4 bytes shared with the host, which writes
 *   SIGINT into it when the time limit is up
 * @returns {Engine}
 */
export function createEngine(pyodide, harnessSource, interruptBuffer = null) {
  // Output that bypasses sys.stdout (e.g. os.write(1, …)) would otherwise reach the console.
  pyodide.setStdout({ batched: () => {} });
  pyodide.setStderr({ batched: () => {} });
  const interrupt = interruptBuffer ? new Int32Array(interruptBuffer) : null;
  if (interrupt) pyodide.setInterruptBuffer(interrupt);
  const namespace = harnessNamespace(pyodide, harnessSource);
  /** @type {import('./fs-reset.js').EmscriptenFS} */
  const FS = pyodide.FS;
  // Taken once the harness is loaded: every run starts from this file system.
  const files = snapshotFS(FS);

  return {
    run(request, onEvent = () => {}) {
      const progress = new RunProgress();
      /** @param {RunEvent} event */
      const emit = (event) => {
        progress.add(event);
        onEvent(event);
      };
      // A SIGINT the host wrote just after the previous run finished must not hit this one.
      if (interrupt) Atomics.store(interrupt, 0, 0);
      const { code, entryPoint, tests, trace } = request;
      const payload = { code, entryPoint, tests, trace: trace ?? null };
      namespace.set('_acl_request', JSON.stringify(payload));
      namespace.set('_acl_report', (/** @type {string} */ json) => emit(JSON.parse(json)));
      const start = performance.now();
      /** @type {HarnessReport} */
      let report;
      let restart = false;
      try {
        const out = pyodide.runPython('_acl_run(_acl_request, _acl_report)', {
          globals: namespace
        });
        if (typeof out !== 'string') throw new Error('The harness did not return JSON.');
        report = JSON.parse(out);
      } catch (error) {
        if (error instanceof pyodide.ffi.PythonError && error.type === 'KeyboardInterrupt') {
          // SIGINT before the harness took over the handler: the interpreter is fine.
          report = progress.report('timeout');
        } else {
          // The harness handles the program's errors, so this is Pyodide itself failing (or the
          // interpreter exiting): report what finished and let the host start a fresh worker.
          restart = true;
          const message = error instanceof Error ? error.message : String(error);
          report = progress.report('error', {
            type: 'SandboxError',
            message: `The Python runtime failed and will be restarted: ${message.slice(-1000)}`,
            line: null
          });
        }
      } finally {
        try {
          namespace.delete('_acl_request');
          namespace.delete('_acl_report');
        } catch {
          restart = true;
        }
        try {
          if (!restart) restoreFS(FS, files);
        } catch {
          // A file system that cannot be put back must not be handed to the next program.
          restart = true;
        }
      }
      return { result: toExecResult(request, report, performance.now() - start), restart };
    }
  };
}
