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
 * @property {(sealSource: string) => void} seal takes JavaScript out of Python's reach and seals
 *   the state every run starts from (`SEAL_SOURCE`); once, before the first run
 * @property {(request: ExecRequest, onEvent?: (event: RunEvent) => void) => EngineRun} run runs one
 *   request synchronously, reporting progress through `onEvent`
 */

/**
 * The module the harness lives in. Its name is in the harness's blocked list, so a program cannot
 * import it; the engine finds it again in an interpreter restored from a memory snapshot.
 */
const HARNESS_MODULE = '_acl_harness';

/** The device the harness writes progress events to (see `harness.ts`). */
const EVENTS_PATH = '/dev/acl-events';
/** Its device number: a major number Emscripten and Pyodide do not use. */
const EVENTS_MAJOR = 250;

/**
 * Runs the harness source in a new module registered as {@link HARNESS_MODULE}, or, in an
 * interpreter restored from a memory snapshot taken after that (see `serve.js`), finds that module.
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
 * Registers the events device: every complete line written to it is parsed as JSON and handed
 * to the current listener. Lines that are not JSON are dropped (a program can write to the
 * device too; the host checks every event it receives).
 * @param {any} FS Emscripten's file system
 */
function eventsDevice(FS) {
  const decoder = new TextDecoder();
  let pending = '';
  /** @type {(event: unknown) => void} */
  let listener = () => {};
  const dev = FS.makedev(EVENTS_MAJOR, 0);
  FS.registerDevice(dev, {
    open() {},
    close() {},
    read() {
      return 0;
    },
    /** @param {unknown} _stream @param {Uint8Array} buffer @param {number} offset @param {number} length */
    write(_stream, buffer, offset, length) {
      pending += decoder.decode(buffer.subarray(offset, offset + length), { stream: true });
      for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 1);
        try {
          listener(JSON.parse(line));
        } catch {
          // not an event
        }
      }
      return length;
    }
  });
  FS.mkdev(EVENTS_PATH, 0o666, dev);
  return {
    /** @param {(event: unknown) => void} next */
    listen(next) {
      pending = '';
      listener = next;
    }
  };
}

/**
 * An interrupt "buffer" that the program's own deadline fills: Pyodide reads index 0 now and
 * then, and gets SIGINT once the deadline has passed, then again every {@link REPEAT_MS} (as a
 * host repeating SIGINT would; at every read, the handler would interrupt itself without end).
 * For hosts that cannot share memory with the thread running Python: the Node sandbox's
 * separate process.
 */
function deadlineInterrupt() {
  let next = Infinity;
  const buffer = {
    get 0() {
      const now = performance.now();
      if (now < next) return 0;
      next = now + REPEAT_MS;
      return SIGINT;
    },
    set 0(_value) {
      // Pyodide clears the flag after reading it; the deadline stays until the run ends.
    }
  };
  return {
    buffer,
    /** @param {number} ms */
    start(ms) {
      next = performance.now() + ms;
    },
    stop() {
      next = Infinity;
    }
  };
}

/** How often a program past its deadline is interrupted again (the client's rhythm). */
const REPEAT_MS = 25;
const SIGINT = 2;

/**
 * @typedef {object} EngineOptions
 * @property {SharedArrayBuffer | null} [interruptBuffer] 4 bytes shared with the host, which
 *   writes SIGINT into it when the time limit is up
 * @property {boolean} [ownDeadline] interrupt the program when its time limit is up from this
 *   thread (no shared memory with the host); `interruptBuffer` is then ignored
 */

/**
 * Loads the harness into a fresh module of `pyodide` (or finds it, when `pyodide` was restored
 * from a snapshot of an interpreter that had loaded it) and returns an engine. `seal()` must be
 * called (after a memory snapshot, if any) before `run()`.
 * @param {PyodideAPI} pyodide
 * @param {string | null} harnessSource the Python source of the harness (`HARNESS_SOURCE`), or
 *   null when `pyodide` was restored from a snapshot taken right after the harness loaded
 * @param {EngineOptions} [options]
 * @returns {Engine}
 */
export function createEngine(pyodide, harnessSource, options = {}) {
  // Output that bypasses sys.stdout (e.g. os.write(1, …)) would otherwise reach the console.
  pyodide.setStdout({ batched: () => {} });
  pyodide.setStderr({ batched: () => {} });
  const deadline = options.ownDeadline ? deadlineInterrupt() : null;
  const shared = options.interruptBuffer ? new Int32Array(options.interruptBuffer) : null;
  if (deadline) pyodide.setInterruptBuffer(/** @type {any} */ (deadline.buffer));
  else if (shared) pyodide.setInterruptBuffer(shared);
  const namespace = harnessNamespace(pyodide, harnessSource);
  /** @type {import('./fs-reset.js').EmscriptenFS} */
  const FS = pyodide.FS;
  const events = eventsDevice(FS);
  // Taken once the harness is loaded: every run starts from this file system.
  const files = snapshotFS(FS);
  /** @type {Sealed | null} */
  let sealed = null;

  return {
    seal(sealSource) {
      sealed = sealInterpreter(pyodide, namespace, sealSource);
    },
    run(request, onEvent = () => {}) {
      if (!sealed) throw new Error('The Python sandbox was not sealed.');
      const progress = new RunProgress();
      // A SIGINT the host wrote just after the previous run finished must not hit this one.
      if (shared) Atomics.store(shared, 0, 0);
      events.listen((event) => {
        if (!isEvent(event)) return;
        if (event.type === 'started') deadline?.start(request.timeoutMs);
        progress.add(event);
        onEvent(event);
      });
      const { code, entryPoint, tests, trace } = request;
      const payload = JSON.stringify({ code, entryPoint, tests, trace: trace ?? null });
      const start = performance.now();
      /** @type {HarnessReport} */
      let report;
      let restart = false;
      try {
        const out = sealed.run(payload);
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
        deadline?.stop();
        events.listen(() => {});
        try {
          // An interpreter that does not come back to its sealed state is thrown away.
          if (!restart && !sealed.reset()) restart = true;
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

/**
 * @typedef {object} Sealed
 * @property {(payload: string) => unknown} run the harness's `_acl_run`
 * @property {() => boolean} reset puts the interpreter back to its sealed state; false if it did
 *   not settle (a finalizer that keeps changing it)
 */

/** @param {unknown} event @returns {event is RunEvent} */
function isEvent(event) {
  return (
    typeof event === 'object' && event !== null && typeof Reflect.get(event, 'type') === 'string'
  );
}

/**
 * Takes JavaScript out of Python's reach and seals the harness's reference state (see
 * `harness-lockdown.ts` and `harness-guard.ts`). The last Python this engine runs through
 * `runPython`: afterwards it only calls the harness's entry points and C functions it holds.
 * @param {PyodideAPI} pyodide
 * @param {import('pyodide/ffi').PyDict} namespace
 * @param {string} sealSource
 * @returns {Sealed}
 */
function sealInterpreter(pyodide, namespace, sealSource) {
  const scratch = pyodide.runPython('{}');
  // C functions, which no program can change: they stop what could run Python code of the
  // program's while _acl_reset works (tracers, profilers, monitoring, gc callbacks, gc itself).
  const tools = pyodide
    .runPython(
      `import gc, sys
_m = getattr(sys, 'monitoring', None)
(sys.settrace, sys.setprofile, gc.callbacks, gc.disable, gc.enable, gc.collect,
 _m and _m.get_tool, _m and _m.set_events)`,
      { globals: scratch }
    )
    .toJs({ depth: 1 });
  scratch.destroy();
  const [settrace, setprofile, gcCallbacks, gcDisable, gcEnable, gcCollect, getTool, setEvents] =
    tools;
  for (const name of ['js', 'pyodide_js']) {
    try {
      pyodide.unregisterJsModule(name);
    } catch {
      // not registered (e.g. a Pyodide that registers it differently): the lockdown removes it
    }
  }
  pyodide.runPython(sealSource, { globals: namespace, filename: '<seal>' });
  // JsException("x") would make a JavaScript Error (its type cannot be changed from Python):
  // the helper it calls now refuses. Nothing else needs it once Python runs only the harness.
  const api = Reflect.get(pyodide, '_api');
  if (api && typeof api.deserializeError === 'function') {
    api.deserializeError = () => {
      throw new Error('The sandbox does not allow JavaScript objects.');
    };
  }
  const run = namespace.get('_acl_run');
  const reset = namespace.get('_acl_reset');
  const stopProgramCode = () => {
    // undefined becomes None (null would become Pyodide's jsnull).
    settrace(undefined);
    setprofile(undefined);
    gcCallbacks.clear();
    // _acl_reset frees the tools themselves; here they only stop firing.
    if (getTool && setEvents) {
      for (let tool = 0; tool < 6; tool++) if (getTool(tool) != null) setEvents(tool, 0);
    }
  };
  return {
    run: (payload) => run(payload),
    reset() {
      stopProgramCode();
      gcDisable();
      try {
        // Finalizers of the program's objects run in these collections and could patch again:
        // repeat until the reset finds nothing to put back and a collection finds no garbage.
        for (let round = 0; round < 4; round++) {
          const changed = reset();
          stopProgramCode();
          const found = gcCollect();
          stopProgramCode();
          if (!changed && found === 0) return true;
        }
        return false;
      } finally {
        gcEnable();
      }
    }
  };
}
