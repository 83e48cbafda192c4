/**
 * The JavaScript harness in QuickJS, a JavaScript engine compiled to WebAssembly, where a
 * program's heap has a hard bound. A browser gives a dedicated worker no heap limit of its own,
 * so a program that fills V8's heap in the V8 worker can take the whole tab down before its time
 * limit; here every program gets its own WebAssembly memory that cannot grow past
 * {@link QUICKJS_MEMORY_MB}, and an allocation past it is QuickJS's `out of memory`, which this
 * host turns into an `OutOfMemory` verdict and the end of the run.
 *
 * One {@link QuickJsSession} runs one program (`prepareQuickJs` builds it before the program
 * arrives, so the wasm and the harness are ready): the harness's own modules (`harness.js` and
 * its imports, `entry.js`) are loaded as ES modules from their sources; `run` starts the
 * harness and then drives the engine, which has no event loop of its own: pending jobs
 * (promises), then timers, until the harness reports. At the time limit the interrupt handler
 * stops the engine, so even `while (true)` ends without terminating the worker (the client
 * still terminates it as the last resort); the result is built from the streamed events, as
 * the client builds it when it terminates a worker.
 *
 * No DOM or Node imports: the browser worker (`sandbox-quickjs.ts`) and Node
 * (`node.ts`) supply how the wasm and the sources are loaded.
 */
import type {
  QuickJSContext,
  QuickJSHandle,
  QuickJSRuntime,
  QuickJSWASMModule,
  VmFunctionImplementation
} from 'quickjs-emscripten-core';
import type { ErrorInfo, ExecRequest } from '../../../core/run/effects';
import type { HarnessReport, RunEvent } from '../../python/progress.js';
import { firstFrame, PROGRAM_FILE } from '../harness/harness.js';
import { QUICKJS_MEMORY_MB, QUICKJS_STACK_BYTES } from './limits';
import { QuickJsRun, outOfMemory, sandboxError } from './run';

export { QUICKJS_GRACE_MS, QUICKJS_MEMORY_MB, QUICKJS_STACK_BYTES } from './limits';

/** The modules loaded into QuickJS, by the names they import each other with. */
export const QUICKJS_MODULES = [
  'javascript/quickjs/entry.js',
  'javascript/harness/harness.js',
  'javascript/harness/assert.js',
  'javascript/harness/equal.js',
  'javascript/harness/output.js',
  'javascript/harness/primordials.js',
  'javascript/harness/repr.js',
  'javascript/harness/source.js',
  'javascript/harness/lockdown.js',
  'javascript/quickjs/sucrase.js',
  'python/progress.js'
] as const;

/** What `import 'sucrase'` loads inside QuickJS. */
const MODULE_ALIASES: Record<string, string> = { sucrase: 'javascript/quickjs/sucrase.js' };

/** Sucrase's `transform`, as far as the harness uses it. */
export type Transform = typeof import('sucrase').transform;

/** How a host loads what a session needs. */
export interface QuickJsLoader {
  /** a new QuickJS module over `memory` (a fresh instance: one memory per program) */
  newModule(memory: WebAssembly.Memory): Promise<QuickJSWASMModule>;
  /** the source of every name in {@link QUICKJS_MODULES} */
  sources: Readonly<Record<string, string>>;
  /** sucrase's `transform`, loaded only for TypeScript */
  loadTranspiler(): Promise<Transform>;
}

/**
 * QuickJS's own verdict for a stack overflow, given when the host's stack ran out first: the
 * engine cannot say where, so there is no line.
 */
const STACK_OVERFLOW: ErrorInfo = { type: 'InternalError', message: 'stack overflow', line: null };

/** `a/b.js` + `./c.js` → `a/c.js`; `a/b.js` + `../d/e.js` → `d/e.js`. */
function resolveModule(base: string, name: string): string {
  if (!name.startsWith('.')) return MODULE_ALIASES[name] ?? name;
  const parts = base.split('/').slice(0, -1);
  for (const part of name.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.') parts.push(part);
  }
  return parts.join('/');
}

/** True for the host engine's own stack overflow, thrown out of the WebAssembly. */
function isHostStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Timer {
  callback: QuickJSHandle;
  due: number;
  repeatMs: number | null;
}

/** What went wrong loading the wasm, without Emscripten's wrapping and build advice. */
function loadFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text
    .replace(/ ?Build with -sASSERTIONS for more info\.?/, '')
    .replace(/^Aborted\((.*)\)\.?$/s, '$1')
    .slice(0, 300);
}

/**
 * Creates the engine for one program: a fresh WebAssembly memory and module, the runtime's
 * limits, the harness loaded. Rejects, saying why, when the wasm or the harness cannot load.
 */
export async function prepareQuickJs(
  loader: QuickJsLoader,
  options: { stackBytes?: number } = {}
): Promise<QuickJsSession> {
  const memory = new WebAssembly.Memory({ initial: 256, maximum: QUICKJS_MEMORY_MB * 16 });
  let module: QuickJSWASMModule;
  try {
    module = await loader.newModule(memory);
  } catch (error) {
    throw new Error(
      'The JavaScript engine (QuickJS, WebAssembly) could not be loaded, so JavaScript cannot ' +
        `run on this page; reload it to try again. (${loadFailure(error)})`,
      { cause: error }
    );
  }
  const session = new QuickJsSession(module, loader, options.stackBytes ?? QUICKJS_STACK_BYTES);
  session.load();
  return session;
}

/** One program's QuickJS runtime; see the file comment. */
export class QuickJsSession {
  readonly #runtime: QuickJSRuntime;
  readonly #context: QuickJSContext;
  readonly #loader: QuickJsLoader;
  #transform: Transform | null = null;
  #start: QuickJSHandle | null = null;
  #uncaught: QuickJSHandle | null = null;
  #timers = new Map<number, Timer>();
  #nextTimer = 1;
  #stopped = false;
  #interrupted = false;
  #run: QuickJsRun | null = null;

  /** `stackBytes`: QuickJS's stack limit ({@link QUICKJS_STACK_BYTES}; tests try others) */
  constructor(module: QuickJSWASMModule, loader: QuickJsLoader, stackBytes: number) {
    this.#loader = loader;
    this.#runtime = module.newRuntime();
    this.#runtime.setMaxStackSize(stackBytes);
    // QuickJS's own limit counts little in this build (it cannot see block sizes); it still
    // refuses a single allocation past the bound. The memory's maximum is the real bound.
    this.#runtime.setMemoryLimit(QUICKJS_MEMORY_MB * 1024 * 1024);
    this.#runtime.setInterruptHandler(() => {
      const deadline = this.#run?.deadline ?? null;
      const late = deadline !== null && performance.now() > deadline;
      if (this.#stopped || late) this.#interrupted = true;
      return this.#interrupted;
    });
    this.#runtime.setModuleLoader(
      (name) => {
        const source = loader.sources[name];
        // Only the harness's modules: a program's `import('…')` of anything else fails here.
        if (source === undefined) return { error: new Error(`Cannot load ${name} in QuickJS.`) };
        return source;
      },
      (base, name) => resolveModule(base, name)
    );
    this.#context = this.#runtime.newContext();
  }

  /** Installs the bridge and evaluates `entry.js`, which takes it and loads the harness. */
  load(): void {
    const ctx = this.#context;
    const bridge = ctx.newObject();
    const fn = (name: string, impl: VmFunctionImplementation<QuickJSHandle>) => {
      const handle = ctx.newFunction(name, impl);
      ctx.setProp(bridge, name, handle);
      handle.dispose();
    };
    // What it returns (the function, or the error it throws) is the caller's, inside QuickJS.
    fn('evalAs', (source, file) => ctx.evalCode(ctx.getString(source), ctx.getString(file)));
    // After the interrupt, nothing the harness still says counts: the run ended at the limit.
    fn('report', (json) => void (this.#interrupted || this.#run?.event(ctx.getString(json))));
    fn('done', (json) => void (this.#interrupted || this.#run?.done(ctx.getString(json))));
    fn('failed', (text) => void (this.#interrupted || this.#run?.failed(ctx.getString(text))));
    fn('setTimer', (callback, delay, repeat) => {
      const id = this.#nextTimer++;
      const ms = ctx.getNumber(delay);
      this.#timers.set(id, {
        callback: callback.dup(),
        due: performance.now() + ms,
        repeatMs: ctx.dump(repeat) === true ? Math.max(1, ms) : null
      });
      return ctx.newNumber(id);
    });
    // A cleared timer's callback is not freed: it may be the one running now. The runtime,
    // and all it holds, goes with the program.
    fn('clearTimer', (id) => void this.#timers.delete(ctx.getNumber(id)));
    fn('now', () => ctx.newNumber(performance.now()));
    fn('transpile', (code, options) => ctx.newString(this.#transpile(code, options)));
    fn('register', (start, uncaught) => {
      this.#start = start.dup();
      this.#uncaught = uncaught.dup();
    });
    ctx.setProp(ctx.global, '__quickjsHost', bridge);
    bridge.dispose();
    const loaded = ctx.evalCode("import 'javascript/quickjs/entry.js';", 'host.js', {
      type: 'module'
    });
    if (loaded.error) {
      const message = this.#describe(loaded.error);
      loaded.error.dispose();
      throw new Error(`The JavaScript harness could not be loaded in QuickJS: ${message}`);
    }
    loaded.value.dispose();
    this.#runtime.executePendingJobs();
    if (!this.#start) throw new Error('The JavaScript harness did not start in QuickJS.');
  }

  /** sucrase, run outside QuickJS for the harness's stand-in (`sucrase.js`) */
  #transpile(code: QuickJSHandle, options: QuickJSHandle): string {
    if (!this.#transform) return JSON.stringify({ error: 'sucrase is not loaded here' });
    try {
      const parsed: unknown = JSON.parse(this.#context.getString(options));
      return JSON.stringify({
        code: this.#transform(this.#context.getString(code), parsed as Parameters<Transform>[1])
          .code
      });
    } catch (error) {
      const loc = Reflect.get(Object(error), 'loc') as { line?: unknown } | undefined;
      return JSON.stringify({
        error: error instanceof Error ? error.message : String(error),
        line: typeof loc?.line === 'number' ? loc.line : undefined
      });
    }
  }

  /** `Name: message` of an error handle, read without running any of its code. */
  #describe(error: QuickJSHandle): string {
    const name = this.#prop(error, 'name');
    const message = this.#prop(error, 'message');
    return name ? `${name}: ${message}` : message || 'unknown error';
  }

  #prop(handle: QuickJSHandle, key: string): string {
    const ctx = this.#context;
    if (ctx.typeof(handle) !== 'object') return key === 'message' ? String(ctx.dump(handle)) : '';
    const value = ctx.getProp(handle, key);
    const text = ctx.typeof(value) === 'string' ? ctx.getString(value) : '';
    value.dispose();
    return text;
  }

  /** Stops whatever runs now (the host terminates the session). */
  stop(): void {
    this.#stopped = true;
  }

  /**
   * Runs one request to its end: the harness's report, or one built from its events at the time
   * limit or when memory or stack ran out. `emit` gets every event as the harness sends it.
   */
  async run(request: ExecRequest, emit: (event: RunEvent) => void): Promise<HarnessReport> {
    if (!this.#start || this.#run) throw new Error('The QuickJS session is not ready for a run.');
    if (request.language === 'typescript') this.#transform = await this.#loader.loadTranspiler();
    const run = new QuickJsRun(request, emit, () => (this.#stopped = true));
    this.#run = run;
    try {
      const requestJson = this.#context.newString(JSON.stringify(request));
      const thrown = this.#call(this.#start, [requestJson]);
      requestJson.dispose();
      if (thrown) this.#escaped(thrown, false);
      while (!run.ended && !this.#interrupted) {
        const jobs = this.#runtime.executePendingJobs();
        if (jobs.error) this.#escaped(jobs.error, false);
        if (run.ended || this.#interrupted) break;
        const deadline = run.deadline ?? Infinity;
        await sleep(Math.max(0, Math.min(this.#nextDue(), deadline) - performance.now()));
        if (this.#stopped || performance.now() >= deadline) break;
        const timerThrew = this.#fireTimer();
        if (timerThrew) this.#escaped(timerThrew, true);
      }
    } catch (error) {
      // A trap or a throw out of the wasm (the host's stack ran out inside QuickJS, in deep
      // recursion its own limit did not catch first): the engine is not used again.
      this.#stopped = true;
      const hostStack = isHostStackOverflow(error);
      run.end(hostStack ? STACK_OVERFLOW : sandboxError(String(error)), hostStack);
    }
    return run.report();
  }

  /** An error came out of QuickJS into the host: the interrupt, out of memory, a timer's throw. */
  #escaped(error: QuickJSHandle, fromTimer: boolean): void {
    const run = this.#run;
    if (this.#interrupted && run) {
      // 1: the line `entry.js`'s compile puts before a body
      const frame = firstFrame(this.#prop(error, 'stack'), 1);
      run.timeoutLine = frame?.file === PROGRAM_FILE ? frame.line : null;
    } else if (this.#describe(error) === 'InternalError: out of memory') {
      run?.end(outOfMemory(null));
    } else if (fromTimer && this.#uncaught) {
      const thrown = this.#call(this.#uncaught, [error]);
      thrown?.dispose();
    } else {
      run?.end(sandboxError(this.#describe(error)));
    }
    error.dispose();
  }

  /** Calls into QuickJS; returns the error handle when the call threw. */
  #call(fn: QuickJSHandle, args: QuickJSHandle[]): QuickJSHandle | null {
    const result = this.#context.callFunction(fn, this.#context.undefined, args);
    if (result.error) return result.error;
    result.value.dispose();
    return null;
  }

  #nextDue(): number {
    let due = Infinity;
    for (const timer of this.#timers.values()) due = Math.min(due, timer.due);
    return due;
  }

  /** Runs the earliest due timer; returns what it threw, if anything. */
  #fireTimer(): QuickJSHandle | null {
    let first: [number, Timer] | null = null;
    for (const entry of this.#timers) if (!first || entry[1].due < first[1].due) first = entry;
    if (!first || first[1].due > performance.now()) return null;
    const [id, timer] = first;
    if (timer.repeatMs === null) this.#timers.delete(id);
    else timer.due = performance.now() + timer.repeatMs;
    return this.#call(timer.callback, []);
  }
}
