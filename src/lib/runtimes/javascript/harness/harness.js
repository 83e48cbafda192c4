/**
 * The JavaScript harness: one implementation, run inside every JS host (the browser's worker,
 * Node's sandbox process, a WebContainer's Node). It runs one `ExecRequest` and answers exactly
 * like the Python harness: a `HarnessReport` (see `../python/progress.js`) with per-test
 * outcomes (pass / fail / error / ran), expected vs. actual as `jsRepr` text, the error's type,
 * message and 1-based line in the program, and stdout/stderr captured and truncated; events
 * (`started`, `loaded`, one per test) go out as it runs, so a host that has to kill a program
 * that never stops still has what finished. Time limits are the host's: it terminates the
 * worker, so the harness has none.
 *
 * A request's tests are prepared before the program runs: expected values are evaluated (so
 * the program cannot change what it is compared with), inputs and checks are compiled. Then
 * the program runs as the body of a function (`module`, `exports` and `require` are its
 * parameters; `console` and `process` are the harness's, writing into the capture); the entry
 * point is the function of that name it declares, else `module.exports[name]` or
 * `module.exports`. Each call test evaluates its arguments afresh, calls, awaits a promise, and
 * compares with `deepEqual` (`deepStrictEqual`'s rules). A check case is a test body (MultiPL-E
 * or HumanEval-X style) that gets `candidate` (and the entry point's name), `assert`,
 * `require('assert')` and a `console` whose `assert` throws; it passes when it returns, fails
 * when one of its own asserts fails, and is an error otherwise.
 *
 * The harness only uses built-ins taken before the program ran (`primordials.js`), so a program
 * that pollutes `Object.prototype` or `Array.prototype` cannot change the verdicts. It guards
 * against accidents, not against a program written to cheat: the worker is the boundary.
 *
 * Plain JavaScript with JSDoc types because Node's sandbox process runs it without a TypeScript
 * loader.
 */
import { createAssert, isAssertion } from './assert.js';
import { deepEqual } from './equal.js';
import { Capture, makeConsole } from './output.js';
import { P, append, inherits } from './primordials.js';
import { REPR_LIMIT, clip, jsRepr } from './repr.js';
import { stripExports, syntaxErrorLine, transpileTypeScript } from './source.js';
import { CHECK_EXPECTED, CHECK_INPUT } from '../../python/progress.js';

/**
 * @typedef {import('../../../core/run/effects').ExecRequest} ExecRequest
 * @typedef {import('../../../core/run/effects').ErrorInfo} ErrorInfo
 * @typedef {import('../../../core/run/effects').TestOutcome} TestOutcome
 * @typedef {import('../../python/progress.js').HarnessReport} HarnessReport
 * @typedef {import('../../python/progress.js').RunEvent} RunEvent
 * @typedef {(...args: unknown[]) => unknown} AnyFunction
 */

/**
 * What a host gives the harness.
 * @typedef {object} Host
 * @property {(params: string[], body: string, file: string) => AnyFunction} compile compiles a
 *   function whose body's line 1 is line `1 + lineOffset` in its stack frames (named `file`);
 *   throws a SyntaxError when the body is not valid
 * @property {number} lineOffset see `compile`
 * @property {(error: unknown, file: string) => number | null} [syntaxLine] the 1-based body
 *   line of a SyntaxError thrown by `compile`, when the host can tell (Node's vm can)
 * @property {(event: RunEvent) => void} report sends an event to whoever started the run
 */

export const PROGRAM_FILE = 'program.js';
export const CHECK_FILE = 'check.js';
const MESSAGE_LIMIT = 2_000;
/** What a program's `require` can load. */
const MODULES = ['assert', 'node:assert', 'assert/strict', 'node:assert/strict'];

/** Thrown by `process.exit()`: private, so a program cannot throw a fake one. */
class ExitSignal {
  /** @param {unknown} code */
  constructor(code) {
    this.code = code;
  }
}

/**
 * A data property of `value` or of its prototypes, never a getter; undefined otherwise.
 * @param {unknown} value
 * @param {string} key
 */
function dataProperty(value, key) {
  /** @type {unknown} */
  let at = value;
  for (let depth = 0; typeof at === 'object' && at !== null && depth < 100; depth++) {
    const d = P.getOwnPropertyDescriptor(at, key);
    if (d) return 'value' in d ? d.value : undefined;
    at = P.getPrototypeOf(at);
  }
  return undefined;
}

/**
 * An error's stack as text ('' when there is none or reading it fails).
 * @param {unknown} error
 */
function stackOf(error) {
  if (typeof error !== 'object' || error === null) return '';
  try {
    const stack = /** @type {{ stack?: unknown }} */ (error).stack;
    return typeof stack === 'string' ? stack : '';
  } catch {
    return '';
  }
}

/**
 * The first (innermost) frame of the stack that is in the program or in a check, with its
 * body line; null when neither is on the stack.
 * @param {string} stack
 * @param {number} offset
 * @returns {{ file: string, line: number } | null}
 */
export function firstFrame(stack, offset) {
  const frame = /(?:^|[\s(@/])(program\.js|check\.js):(\d+):\d+/m;
  const match = P.regexpExec(frame, stack);
  if (!match) return null;
  const line = P.Number(match[2]) - offset;
  return { file: match[1], line: line > 0 ? line : 1 };
}

/**
 * `ErrorInfo` for anything thrown: its `name` and `message` (a value that is not an Error is
 * shown as it is) and the line of the innermost frame in the program.
 * @param {unknown} error
 * @param {number} offset
 * @returns {ErrorInfo}
 */
function errorInfo(error, offset) {
  const isError = typeof error === 'object' && error !== null && inherits(error, P.errorProto);
  if (!isError) {
    return {
      type: 'Uncaught',
      message: clip(
        'The program threw a value that is not an Error: ' + jsRepr(error, 500),
        MESSAGE_LIMIT
      ),
      line: null
    };
  }
  const name = dataProperty(error, 'name');
  const message = dataProperty(error, 'message');
  const frame = firstFrame(stackOf(error), offset);
  return {
    type: clip(typeof name === 'string' && name ? name : 'Error', 200),
    message: clip(typeof message === 'string' ? message : '', MESSAGE_LIMIT),
    line: frame && frame.file === PROGRAM_FILE ? frame.line : null
  };
}

/**
 * @param {number} line
 * @param {string} source
 */
function lineText(line, source) {
  const lines = P.split(source, '\n');
  return line > 0 && line <= lines.length ? P.trim(lines[line - 1]) : '';
}

class JsRun {
  /**
   * @param {ExecRequest} request
   * @param {Host} host
   */
  constructor(request, host) {
    this.request = request;
    this.host = host;
    this.offset = host.lineOffset;
    this.stdout = new Capture();
    this.stderr = new Capture();
    this.console = makeConsole(this.stdout, this.stderr);
    this.assert = createAssert();
    /** @type {TestOutcome[]} */
    this.outcomes = [];
    /** @type {ErrorInfo | null} */
    this.error = null;
    this.loaded = false;
    /** @type {ExitSignal | null} the program called process.exit (even if it caught it) */
    this.exited = null;
    /** @type {AnyFunction | null} */
    this.candidate = null;
  }

  /** @param {RunEvent} event */
  emit(event) {
    this.host.report(event);
  }

  /** @param {'loaded'} type */
  emitLoaded(type) {
    this.emit({ type, stdout: this.stdout.take(), stderr: this.stderr.take() });
  }

  /** Writes an error that nothing caught (a timer's callback threw) to stderr. */
  uncaught(/** @type {unknown} */ error) {
    const info = errorInfo(error, this.offset);
    const where = info.line ? ' (line ' + info.line + ')' : '';
    this.stderr.write('Uncaught ' + info.type + ': ' + info.message + where + '\n');
  }

  /** The `require` a program or check sees: assert only. */
  require() {
    const assert = this.assert;
    return (/** @type {unknown} */ name) => {
      for (let i = 0; i < MODULES.length; i++) {
        if (name === MODULES[i])
          return P.indexOf(MODULES[i], 'strict') >= 0 ? assert.strict : assert;
      }
      throw new P.Error(
        'Cannot load ' +
          jsRepr(name, 200) +
          ': programs here run without modules (only ' +
          "require('assert') is available)."
      );
    };
  }

  /** The `process` a program sees: output, an empty environment, and an exit that is caught. */
  process() {
    return {
      argv: ['node', PROGRAM_FILE],
      env: {},
      platform: 'sandbox',
      version: 'v20.0.0',
      versions: {},
      exitCode: undefined,
      stdout: { write: (/** @type {unknown} */ text) => (this.stdout.write(P.String(text)), true) },
      stderr: { write: (/** @type {unknown} */ text) => (this.stderr.write(P.String(text)), true) },
      nextTick: (/** @type {AnyFunction} */ fn, /** @type {unknown[]} */ ...args) =>
        queueMicrotask(() => P.apply(fn, undefined, args)),
      exit: (/** @type {unknown} */ code) => {
        this.exited = new ExitSignal(code);
        throw this.exited;
      },
      cwd: () => '/',
      hrtime: { bigint: () => BigInt(P.floor(P.now() * 1e6)) },
      memoryUsage: () => ({ heapUsed: 0, heapTotal: 0, rss: 0 })
    };
  }

  /**
   * ErrorInfo for what a program threw; an exit (even one it caught) wins.
   * @param {unknown} error
   * @param {string} where
   * @returns {ErrorInfo}
   */
  failure(error, where) {
    const exit = this.exited ?? (error instanceof ExitSignal ? error : null);
    if (exit) {
      return {
        type: 'ProcessExit',
        message:
          'The program exited early (' +
          where +
          ' called process.exit(' +
          (exit.code === undefined ? '' : jsRepr(exit.code, 100)) +
          ')); exiting is an error, the tests need the function to return.',
        line: null
      };
    }
    return errorInfo(error, this.offset);
  }

  // ---- preparing the tests ---------------------------------------------------------------

  /**
   * A test that cannot run because of itself (not the program), saying why.
   * @param {string} type
   * @param {string} why
   * @param {unknown} error
   * @returns {{ kind: 'broken', error: ErrorInfo }}
   */
  broken(type, why, error) {
    const info = errorInfo(error, this.offset);
    return {
      kind: 'broken',
      error: { type, message: clip(why + info.message, MESSAGE_LIMIT), line: null }
    };
  }

  /**
   * @param {ExecRequest['tests'][number]} test
   * @returns {{ kind: 'call' | 'probe', call: AnyFunction, expected: unknown }
   *   | { kind: 'check', check: AnyFunction, source: string }
   *   | { kind: 'broken', error: ErrorInfo }}
   */
  prepare(test) {
    if ('check' in test) {
      const entry = this.request.entryPoint;
      const params = ['candidate', 'assert', 'require', 'console'];
      let named = true;
      for (let i = 0; i < params.length; i++) if (params[i] === entry) named = false;
      if (named) append(params, entry);
      try {
        // A block, so a check may declare its own `assert` or `candidate` (MultiPL-E does).
        const check = this.host.compile(params, '{\n' + test.check + '\n}', CHECK_FILE);
        return { kind: 'check', check, source: test.check };
      } catch (error) {
        return this.broken('TestCheckError', 'The check is not valid JavaScript: ', error);
      }
    }
    let call;
    try {
      call = this.host.compile([], 'return [\n' + test.input + '\n];', 'input.js');
    } catch (error) {
      return this.broken(
        'TestInputError',
        'The test input is not valid JavaScript arguments: ',
        error
      );
    }
    if (!('expected' in test)) return { kind: 'probe', call, expected: undefined };
    try {
      const value = this.host.compile([], 'return (\n' + test.expected + '\n);', 'expected.js')();
      return { kind: 'call', call, expected: value };
    } catch (error) {
      return this.broken('TestExpectedError', 'The expected value could not be evaluated: ', error);
    }
  }

  // ---- loading the program ---------------------------------------------------------------

  /** @returns {Promise<void>} */
  async load() {
    const request = this.request;
    const typescript = request.language === 'typescript';
    let code = stripExports(request.code);
    if (typescript) {
      try {
        code = await transpileTypeScript(code);
      } catch (error) {
        const loc = /** @type {{ loc?: { line?: unknown } }} */ (error).loc;
        this.error = {
          type: 'SyntaxError',
          message: clip(
            'The TypeScript could not be read: ' +
              P.replace(P.String(dataProperty(error, 'message') ?? error), / \(\d+:\d+\)$/, ''),
            MESSAGE_LIMIT
          ),
          line: typeof loc?.line === 'number' ? loc.line : null
        };
        return;
      }
    }
    const entry = request.entryPoint;
    const module = { exports: {} };
    let body;
    try {
      body = this.host.compile(
        ['module', 'exports', 'require'],
        code + '\n;return typeof ' + entry + " === 'undefined' ? undefined : " + entry + ';',
        PROGRAM_FILE
      );
    } catch (error) {
      await this.syntaxError(error, code, typescript);
      return;
    }
    let declared;
    try {
      declared = body(module, module.exports, this.require());
    } catch (error) {
      this.error = this.failure(error, 'the program');
      return;
    }
    if (this.exited) {
      this.error = this.failure(this.exited, 'the program');
      return;
    }
    const exported = dataProperty(module, 'exports');
    const found =
      declared !== undefined
        ? declared
        : typeof exported === 'function' && dataProperty(exported, 'name') === entry
          ? exported
          : (dataProperty(exported, entry) ??
            (typeof exported === 'function' ? exported : undefined));
    if (found === undefined) {
      this.error = {
        type: 'ReferenceError',
        message: 'The program does not define ' + entry + '.',
        line: null
      };
    } else if (typeof found !== 'function') {
      this.error = {
        type: 'TypeError',
        message: entry + ' is ' + jsRepr(found, 100) + ', not a function.',
        line: null
      };
    } else {
      this.candidate = /** @type {AnyFunction} */ (found);
      this.loaded = true;
    }
  }

  /**
   * @param {unknown} error what compiling the program threw
   * @param {string} code
   * @param {boolean} typescript
   */
  async syntaxError(error, code, typescript) {
    const info = errorInfo(error, this.offset);
    let line = this.host.syntaxLine?.(error, PROGRAM_FILE) ?? null;
    if (line === null) line = await syntaxErrorLine(code, typescript);
    const lines = P.split(code, '\n').length;
    let message = info.message;
    // V8 names the import; QuickJS only says what it expected instead (`expecting '('`).
    if (P.regexpTest(/\bimport\b/, message) || P.regexpTest(/^[ \t]*import[\s{*'"]/m, code)) {
      message += ' (a program here is a script: it cannot import modules)';
    }
    this.error = { type: info.type, message, line: line === null ? null : P.min(line, lines) };
  }

  // ---- the tests -------------------------------------------------------------------------

  /**
   * @param {ExecRequest['tests'][number]} test
   * @param {ReturnType<JsRun['prepare']>} prepared
   * @returns {Promise<TestOutcome>}
   */
  async runTest(test, prepared) {
    const isCheck = 'check' in test;
    // No prototype: this is what the async function resolves with, and a promise resolved with
    // an object that has a `then` (a program can put one on Object.prototype) calls it instead.
    const outcome = {
      __proto__: null,
      input: isCheck ? CHECK_INPUT : test.input,
      expected: isCheck ? CHECK_EXPECTED : 'expected' in test ? test.expected : '',
      /** @type {TestOutcome['status']} */
      status: 'error',
      /** @type {string | null} */
      actual: null,
      /** @type {ErrorInfo | null} */
      error: null
    };
    this.exited = null;
    if (prepared.kind === 'broken') {
      outcome.error = prepared.error;
      return outcome;
    }
    if (prepared.kind === 'check') {
      await this.runCheck(prepared.check, prepared.source, outcome);
      return outcome;
    }
    let actual;
    try {
      const args = /** @type {unknown[]} */ (prepared.call());
      actual = P.apply(/** @type {AnyFunction} */ (this.candidate), undefined, args);
      if (isThenable(actual)) actual = await actual;
    } catch (error) {
      outcome.error = this.failure(error, 'the function');
      return outcome;
    }
    if (this.exited) {
      outcome.error = this.failure(this.exited, 'the function');
      return outcome;
    }
    outcome.actual = jsRepr(actual, REPR_LIMIT);
    if (prepared.kind === 'probe') {
      outcome.status = 'ran';
      return outcome;
    }
    try {
      outcome.status = deepEqual(actual, prepared.expected) ? 'pass' : 'fail';
    } catch (error) {
      // A Proxy whose traps throw, say: the comparison itself failed.
      outcome.error = errorInfo(error, this.offset);
    }
    return outcome;
  }

  /**
   * @param {AnyFunction} check
   * @param {string} source
   * @param {{ status: TestOutcome['status'], error: ErrorInfo | null }} outcome
   */
  async runCheck(check, source, outcome) {
    const assert = this.assert;
    const checkConsole = {
      ...this.console,
      /** console.assert in a check fails the check (HumanEval-X's tests are written with it) */
      assert: (/** @type {unknown} */ condition, /** @type {unknown[]} */ ...args) =>
        assert.ok(condition, args.length ? P.String(args[0]) : 'console.assert failed')
    };
    try {
      const result = check(this.candidate, assert, this.require(), checkConsole, this.candidate);
      if (isThenable(result)) await result;
    } catch (error) {
      const frame = firstFrame(stackOf(error), this.offset);
      if (!this.exited && isAssertion(error) && frame?.file === CHECK_FILE) {
        const text = lineText(frame.line - 1, source); // the check's body starts after '{'
        const detail = dataProperty(error, 'message');
        outcome.status = 'fail';
        outcome.error = {
          type: 'AssertionError',
          message: clip(
            'The check failed at line ' +
              (frame.line - 1) +
              (text ? ': ' + text : '') +
              (typeof detail === 'string' && detail ? ' (' + detail + ')' : ''),
            MESSAGE_LIMIT
          ),
          line: null
        };
      } else {
        outcome.status = 'error';
        outcome.error = this.failure(error, 'the function');
      }
      return;
    }
    if (this.exited) {
      outcome.error = this.failure(this.exited, 'the function');
      return;
    }
    outcome.status = 'pass';
  }

  // ---- the whole run ---------------------------------------------------------------------

  /** @returns {Promise<HarnessReport>} */
  async execute() {
    /** @type {HarnessReport['status']} */
    let status = 'ok';
    this.emit({ type: 'started' });
    const tests = this.request.tests;
    /** @type {ReturnType<JsRun['prepare']>[]} */
    const prepared = [];
    for (let i = 0; i < tests.length; i++) append(prepared, this.prepare(tests[i]));
    installGlobals(this.console, this.process());
    await this.load();
    if (!this.loaded) {
      status = 'error';
    } else {
      this.emitLoaded('loaded');
      for (let i = 0; i < tests.length; i++) {
        const outcome = await this.runTest(tests[i], prepared[i]);
        append(this.outcomes, outcome);
        this.emit({
          type: 'test',
          index: i,
          outcome,
          stdout: this.stdout.take(),
          stderr: this.stderr.take()
        });
      }
    }
    // No prototype, like each outcome: `execute` resolves with it (see `runTest`).
    return /** @type {HarnessReport} */ ({
      __proto__: null,
      status,
      loaded: this.loaded,
      outcomes: this.outcomes,
      error: this.error,
      timeoutLine: null,
      trace: null,
      stdout: this.stdout.value(),
      stderr: this.stderr.value()
    });
  }
}

/** @param {unknown} value */
function isThenable(value) {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  try {
    return typeof (/** @type {{ then?: unknown }} */ (value).then) === 'function';
  } catch {
    return false;
  }
}

/**
 * Makes `console` and `process` the harness's in this realm (a program's output goes to the
 * capture, never to the host's own console), and fixes how errors record their stacks so a
 * program cannot hide the lines the harness reads from them.
 * @param {object} console
 * @param {object} process
 */
function installGlobals(console, process) {
  const own = { writable: true, enumerable: false, configurable: true };
  P.defineProperty(globalThis, 'console', { ...own, value: console });
  P.defineProperty(globalThis, 'process', { ...own, value: process });
  const fixed = { writable: false, configurable: false };
  try {
    P.defineProperty(P.Error, 'prepareStackTrace', { ...fixed, value: undefined });
    P.defineProperty(P.Error, 'stackTraceLimit', { ...fixed, value: 50 });
  } catch {
    // already fixed by an earlier run in this realm
  }
}

/**
 * Runs one request in this realm (what every host calls): `done` resolves with the harness's
 * report; `uncaught` writes an error nobody caught (a timer's callback threw) to the run's stderr.
 * @param {ExecRequest} request
 * @param {Host} host
 * @returns {{ done: Promise<HarnessReport>, uncaught: (error: unknown) => void }}
 */
export function startRun(request, host) {
  const run = new JsRun(request, host);
  return { done: run.execute(), uncaught: (error) => run.uncaught(error) };
}
