/**
 * Runs inside QuickJS (see `host.ts`), as the first module of a fresh context: it takes
 * the host's functions from `globalThis.__quickjsHost` and deletes that name, so the program
 * never sees them; gives programs the timers, `queueMicrotask` and `performance.now` a worker
 * has (QuickJS has none); takes away the globals of `lockdown.js`, as every host does; and hands
 * the host a `start(requestJson)` that runs the shared harness.
 *
 * `compile` checks a body the way `new Function` does, then has the host evaluate it as a
 * function expression under the file name the harness gave (`program.js`, `check.js`), because
 * QuickJS names code compiled by `new Function` `<input>` in its stack frames and the harness
 * finds the program's lines by file name. The check first means a body that is not a valid
 * function body (`}); sneak(); (function () {`) never reaches the wrapper.
 *
 * Plain JavaScript with JSDoc types, like the harness it loads.
 */
import { firstFrame, startRun } from '../harness/harness.js';
import { lockDown } from '../harness/lockdown.js';
import { P, append } from '../harness/primordials.js';
import 'sucrase'; // the host's stand-in (sucrase.js), loaded while the bridge is here

/**
 * @typedef {object} QuickJsBridge the host's functions (`host.ts`)
 * @property {(source: string, file: string) => (...args: unknown[]) => unknown} evalAs
 * @property {(eventJson: string) => void} report
 * @property {(reportJson: string) => void} done
 * @property {(message: string) => void} failed
 * @property {(callback: () => void, delayMs: number, repeat: boolean) => number} setTimer
 * @property {(id: number) => void} clearTimer
 * @property {() => number} now
 * @property {(start: (requestJson: string) => void, uncaught: (error: unknown) => void) => void} register
 */

const bridge = /** @type {QuickJsBridge} */ (Reflect.get(globalThis, '__quickjsHost'));
Reflect.deleteProperty(globalThis, '__quickjsHost');
const { evalAs, report, done, failed, setTimer, clearTimer, now, register } = bridge;
const FunctionConstructor = Function;
const construct = Reflect.construct;
const join = P.join;

/**
 * @param {string[]} params
 * @param {string} body
 * @param {string} file
 */
function compile(params, body, file) {
  /** @type {string[]} */
  const args = [];
  for (let i = 0; i < params.length; i++) append(args, params[i]);
  append(args, body);
  construct(FunctionConstructor, args); // throws the SyntaxError `new Function` would
  return evalAs('(function (' + join(params, ', ') + ') {\n' + body + '\n})', file);
}

/** Lines QuickJS puts before a `new Function` body (its `<input>` frames count them). */
const FUNCTION_HEADER_LINES = (() => {
  try {
    construct(FunctionConstructor, ['@']);
  } catch (error) {
    const match = P.regexpExec(/<input>:(\d+)/, P.String(Reflect.get(Object(error), 'stack')));
    if (match) return P.Number(match[1]) - 1;
  }
  return 2;
})();

/**
 * The body line of a SyntaxError thrown by `compile`'s `new Function` check.
 * @param {unknown} error
 */
function syntaxLine(error) {
  if (typeof error !== 'object' || error === null) return null;
  const stack = Reflect.get(error, 'stack');
  const match = typeof stack === 'string' ? P.regexpExec(/<input>:(\d+)/, stack) : null;
  const line = match ? P.Number(match[1]) - FUNCTION_HEADER_LINES : 0;
  return line > 0 ? line : null;
}

/** How many lines `compile` puts before a body: the wrapper's header. */
const LINE_OFFSET = (() => {
  try {
    compile([], 'throw new Error("where am I")', 'program.js')();
  } catch (error) {
    const frame = firstFrame(P.String(Reflect.get(Object(error), 'stack')), 0);
    if (frame) return frame.line - 1;
  }
  return 1;
})();

/**
 * @param {boolean} repeat
 * @returns {(callback: unknown, delay?: unknown, ...args: unknown[]) => number}
 */
function timer(repeat) {
  return (callback, delay, ...args) => {
    if (typeof callback !== 'function') {
      throw new P.TypeError('The callback must be a function; got ' + typeof callback + '.');
    }
    const ms = P.Number(delay);
    return setTimer(() => P.apply(callback, undefined, args), ms > 0 ? ms : 0, repeat);
  };
}

const own = { writable: true, enumerable: false, configurable: true };
const promiseThen = P.promiseThen;
const resolved = P.Promise.resolve();
/** @type {Record<string, unknown>} */
const globals = {
  setTimeout: timer(false),
  setInterval: timer(true),
  clearTimeout: (/** @type {unknown} */ id) => clearTimer(P.Number(id)),
  clearInterval: (/** @type {unknown} */ id) => clearTimer(P.Number(id)),
  queueMicrotask: (/** @type {() => void} */ callback) => {
    promiseThen(resolved, () => callback());
  },
  performance: { now: () => now() }
};
const names = P.ownKeys(globals);
for (let i = 0; i < names.length; i++) {
  const name = /** @type {string} */ (names[i]);
  P.defineProperty(globalThis, name, { ...own, value: globals[name] });
}
lockDown();

/**
 * JSON for the harness's events and report (plain data: objects, arrays, strings, numbers,
 * booleans, null), written without `JSON.stringify` on objects: a program that sets
 * `Object.prototype.toJSON` would change what that writes. Own data properties only.
 * @param {unknown} value
 * @returns {string}
 */
function encode(value) {
  if (typeof value !== 'object' || value === null) {
    return value === undefined ? 'null' : P.stringify(value); // primitives: no toJSON
  }
  let out = '';
  if (P.isArray(value)) {
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + encode(value[i]);
    return '[' + out + ']';
  }
  const keys = P.ownKeys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const d = typeof key === 'string' ? P.getOwnPropertyDescriptor(value, key) : undefined;
    if (!d || !P.hasOwn(d, 'value') || d.value === undefined) continue;
    out += (out ? ',' : '') + P.stringify(key) + ':' + encode(d.value);
  }
  return '{' + out + '}';
}

/** @type {((error: unknown) => void) | null} */
let uncaughtSink = null;

register(
  (requestJson) => {
    const request = P.parse(requestJson);
    const run = startRun(request, {
      compile,
      lineOffset: LINE_OFFSET,
      syntaxLine,
      report: (event) => report(encode(event))
    });
    uncaughtSink = run.uncaught;
    promiseThen(
      run.done,
      (/** @type {unknown} */ result) => done(encode(result)),
      (/** @type {unknown} */ error) =>
        failed(P.String(error instanceof P.Error ? error.message : error))
    );
  },
  (error) => uncaughtSink?.(error)
);
