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
 * its imports, `quickjs-entry.js`) are loaded as ES modules from their sources; `run` starts the
 * harness and then drives the engine, which has no event loop of its own: pending jobs
 * (promises), then timers, until the harness reports. At the time limit the interrupt handler
 * stops the engine, so even `while (true)` ends without terminating the worker (the client
 * still terminates it as the last resort); the result is built from the streamed events, as
 * the client builds it when it terminates a worker.
 *
 * No DOM or Node imports: the browser worker (`sandbox-quickjs.ts`) and Node
 * (`quickjs-node.ts`) supply how the wasm and the sources are loaded.
 */
import type {
  QuickJSContext,
  QuickJSHandle,
  QuickJSRuntime,
  QuickJSWASMModule,
  VmFunctionImplementation
} from 'quickjs-emscripten-core';
import type { ErrorInfo, ExecRequest } from '../../core/run/effects';
import {
  RunProgress,
  describeTest,
  type HarnessReport,
  type RunEvent
} from '../python/progress.js';
import { firstFrame, PROGRAM_FILE } from './harness.js';
import { QUICKJS_MEMORY_MB, QUICKJS_STACK_BYTES } from './quickjs-limits';

export { QUICKJS_GRACE_MS, QUICKJS_MEMORY_MB, QUICKJS_STACK_BYTES } from './quickjs-limits';

/** The modules loaded into QuickJS, by the names they import each other with. */
export const QUICKJS_MODULES = [
  'javascript/quickjs-entry.js',
  'javascript/harness.js',
  'javascript/assert.js',
  'javascript/equal.js',
  'javascript/output.js',
  'javascript/primordials.js',
  'javascript/repr.js',
  'javascript/source.js',
  'javascript/lockdown.js',
  'javascript/quickjs-sucrase.js',
  'python/progress.js'
] as const;

/** What `import 'sucrase'` loads inside QuickJS. */
const MODULE_ALIASES: Record<string, string> = { sucrase: 'javascript/quickjs-sucrase.js' };

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

/** The ErrorInfo of a program that hit {@link QUICKJS_MEMORY_MB}. */
export function outOfMemory(line: number | null): ErrorInfo {
  return {
    type: 'OutOfMemory',
    message: `The program ran out of memory (the limit is ${QUICKJS_MEMORY_MB} MB) and was stopped.`,
    line
  };
}

/** QuickJS's own error for a stack overflow, as `ErrorInfo`. */
function stackOverflow(line: number | null): ErrorInfo {
  return { type: 'InternalError', message: 'stack overflow', line };
}

/** True for the host engine's own stack overflow, thrown out of the WebAssembly. */
function isHostStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** True for QuickJS's own error when an allocation fails. */
function isOutOfMemory(error: ErrorInfo | null | undefined): error is ErrorInfo {
  return error?.type === 'InternalError' && error.message === 'out of memory';
}

function sandboxError(detail: string): ErrorInfo {
  return {
    type: 'SandboxError',
    message: `The JavaScript sandbox failed: ${detail.replace(/\.+$/, '')}.`,
    line: null
  };
}

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

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Timer {
  callback: QuickJSHandle;
  due: number;
  repeatMs: number | null;
}

/**
 * Creates the engine for one program: a fresh WebAssembly memory and module, the runtime's
 * limits, the harness loaded. Rejects, saying why, when the wasm or the harness cannot load.
 */
export async function prepareQuickJs(loader: QuickJsLoader): Promise<QuickJsSession> {
  const memory = new WebAssembly.Memory({ initial: 256, maximum: QUICKJS_MEMORY_MB * 16 });
  let module: QuickJSWASMModule;
  try {
    module = await loader.newModule(memory);
  } catch (error) {
    throw new Error(
      `The QuickJS engine (WebAssembly) could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error }
    );
  }
  const session = new QuickJsSession(module, loader);
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
  #deadline: number | null = null;
  #stopped = false;
  #interrupted = false;
  /** the current run's callbacks (set by `run`) */
  #onEvent: (json: string) => void = () => {};
  #onDone: (json: string) => void = () => {};
  #onFailed: (message: string) => void = () => {};

  constructor(module: QuickJSWASMModule, loader: QuickJsLoader) {
    this.#loader = loader;
    this.#runtime = module.newRuntime();
    this.#runtime.setMaxStackSize(QUICKJS_STACK_BYTES);
    // QuickJS's own limit counts little in this build (it cannot see block sizes); it still
    // refuses a single allocation past the bound. The memory's maximum is the real bound.
    this.#runtime.setMemoryLimit(QUICKJS_MEMORY_MB * 1024 * 1024);
    this.#runtime.setInterruptHandler(() => {
      const late = this.#deadline !== null && performance.now() > this.#deadline;
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

  /** Installs the bridge and evaluates `quickjs-entry.js`, which takes it and loads the harness. */
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
    fn('report', (json) => this.#onEvent(ctx.getString(json)));
    fn('done', (json) => this.#onDone(ctx.getString(json)));
    fn('failed', (message) => this.#onFailed(ctx.getString(message)));
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
    const loaded = ctx.evalCode("import 'javascript/quickjs-entry.js';", 'host.js', {
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

  /** sucrase, run outside QuickJS for the harness's stand-in (`quickjs-sucrase.js`) */
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
   * limit or when memory ran out. `emit` gets every event as the harness sends it.
   */
  async run(request: ExecRequest, emit: (event: RunEvent) => void): Promise<HarnessReport> {
    if (!this.#start || !this.#uncaught) throw new Error('The QuickJS session is not loaded.');
    if (request.language === 'typescript') this.#transform = await this.#loader.loadTranspiler();
    const progress = new RunProgress();
    let result: HarnessReport | null = null;
    let timeoutLine: number | null = null;
    const endWithOutOfMemory = (line: number | null) => {
      this.#stopped = true;
      result ??= progress.report('error', outOfMemory(line));
    };
    this.#onEvent = (json) => {
      if (result || this.#interrupted) return;
      const event = JSON.parse(json) as RunEvent;
      const oom = event.type === 'test' && isOutOfMemory(event.outcome.error);
      if (event.type === 'test' && oom) {
        event.outcome = { ...event.outcome, error: outOfMemory(event.outcome.error?.line ?? null) };
      }
      if (event.type === 'started') this.#deadline = performance.now() + request.timeoutMs;
      progress.add(event);
      emit(event);
      if (oom) endWithOutOfMemory(null);
    };
    this.#onDone = (json) => {
      if (result || this.#interrupted) return;
      const report = JSON.parse(json) as HarnessReport;
      if (isOutOfMemory(report.error)) report.error = outOfMemory(report.error.line);
      result = report;
    };
    this.#onFailed = (message) => {
      if (result || this.#interrupted) return;
      if (message === 'out of memory') endWithOutOfMemory(null);
      else result = progress.report('error', sandboxError(message));
    };
    /** An error escaped into the host: out of memory, the interrupt, or a timer's throw. */
    const escaped = (error: QuickJSHandle, fromTimer: boolean) => {
      if (this.#interrupted) {
        // 1: the line `quickjs-entry.js`'s compile puts before a body
        const frame = firstFrame(this.#prop(error, 'stack'), 1);
        timeoutLine = frame?.file === PROGRAM_FILE ? frame.line : null;
      } else if (this.#describe(error) === 'InternalError: out of memory') {
        endWithOutOfMemory(null);
      } else if (fromTimer && this.#uncaught) {
        this.#call(this.#uncaught, [error]);
      } else {
        result ??= progress.report('error', sandboxError(this.#describe(error)));
      }
      error.dispose();
    };

    /**
     * The host's own stack ran out inside QuickJS (deep recursion that QuickJS's limit did not
     * catch first): the engine cannot be used again, so the running test gets QuickJS's verdict
     * for a stack overflow and the run ends, as when memory runs out.
     */
    const hostStackOverflow = () => {
      this.#stopped = true;
      const info = stackOverflow(null);
      const index = progress.report('error').outcomes.length;
      const test = request.tests[index];
      if (progress.report('error').loaded && test) {
        const outcome = {
          ...describeTest(test),
          status: 'error' as const,
          actual: null,
          error: info
        };
        const event: RunEvent = { type: 'test', index, outcome, stdout: '', stderr: '' };
        progress.add(event);
        emit(event);
      }
      result ??= progress.report('error', info);
    };

    try {
      const requestJson = this.#context.newString(JSON.stringify(request));
      const started = this.#call(this.#start, [requestJson]);
      requestJson.dispose();
      if (started) escaped(started, false);
      while (!result && !this.#interrupted) {
        const jobs = this.#runtime.executePendingJobs();
        if (jobs.error) escaped(jobs.error, false);
        if (result || this.#interrupted) break;
        const wake = Math.min(this.#nextDue(), this.#deadline ?? Infinity);
        await sleep(Math.max(0, wake - performance.now()));
        if (this.#stopped || performance.now() >= (this.#deadline ?? Infinity)) break;
        const thrown = this.#fireTimer();
        if (thrown) escaped(thrown, true);
      }
    } catch (error) {
      this.#stopped = true; // a trap or a throw out of the wasm: the engine is not used again
      if (isHostStackOverflow(error)) hostStackOverflow();
      else result ??= progress.report('error', sandboxError(String(error)));
    }
    if (result) return result;
    return { ...progress.report('timeout'), timeoutLine };
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
