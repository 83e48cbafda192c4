/**
 * A small `node:assert` for JavaScript checks (MultiPL-E and HumanEval-X tests call
 * `assert.deepEqual(candidate(…), …)` or `console.assert(…)`): `assert`, `ok`, `equal`,
 * `notEqual`, `strictEqual`, `notStrictEqual`, `deepEqual`, `notDeepEqual`, `deepStrictEqual`,
 * `notDeepStrictEqual`, `throws`, `doesNotThrow`, `match`, `doesNotMatch`, `fail`, and `strict`.
 * The harness tells its own `AssertionError`s from others with `isAssertion`.
 *
 * Plain JavaScript with JSDoc types because Node's sandbox process runs it without a TypeScript
 * loader.
 */
import { deepEqual, looseDeepEqual } from './equal.js';
import { P } from './primordials.js';
import { jsRepr } from './repr.js';

/** The errors this module threw: a program cannot forge one by naming its class. */
const thrown = new P.WeakSet();

export class AssertionError extends Error {
  /**
   * @param {string} message
   * @param {unknown} actual
   * @param {unknown} expected
   * @param {string} operator
   */
  constructor(message, actual, expected, operator) {
    super(message);
    this.name = 'AssertionError';
    this.code = 'ERR_ASSERTION';
    this.actual = actual;
    this.expected = expected;
    this.operator = operator;
    P.weakSetAdd(thrown, this);
  }
}

/**
 * True for an error thrown by this module's asserts.
 * @param {unknown} error
 */
export function isAssertion(error) {
  return typeof error === 'object' && error !== null && P.weakSetHas(thrown, error);
}

/**
 * @param {unknown} message what the caller passed: a string, an Error to throw, or nothing
 * @param {string} fallback
 * @param {unknown} actual
 * @param {unknown} expected
 * @param {string} operator
 * @returns {never}
 */
function failWith(message, fallback, actual, expected, operator) {
  if (typeof message === 'object' && message !== null && message instanceof P.Error) throw message;
  throw new AssertionError(
    typeof message === 'string' ? message : fallback,
    actual,
    expected,
    operator
  );
}

/**
 * @param {string} op
 * @param {unknown} actual
 * @param {unknown} expected
 */
function differ(op, actual, expected) {
  return 'Expected ' + jsRepr(actual, 500) + ' ' + op + ' ' + jsRepr(expected, 500);
}

/**
 * @param {unknown} value
 * @param {unknown} [message]
 */
function ok(value, message) {
  if (!value)
    failWith(message, 'Expected a truthy value, got ' + jsRepr(value, 500), value, true, '==');
}

/** @param {(() => unknown) | unknown} fn */
function call(fn) {
  if (typeof fn !== 'function') throw new P.TypeError('assert.throws needs a function');
  try {
    fn();
  } catch (error) {
    return { threw: true, error };
  }
  return { threw: false, error: undefined };
}

/**
 * Does `error` match what `assert.throws` was told to expect (a class, a RegExp, an object of
 * properties, or a validation function)?
 * @param {unknown} error
 * @param {unknown} expected
 */
function matches(error, expected) {
  if (expected === undefined) return true;
  if (typeof expected === 'function') {
    // A class (Error or one of its kind) is matched by instanceof; any other function validates.
    if (expected.prototype !== undefined && error instanceof expected) return true;
    if (expected === P.Error || expected.prototype instanceof P.Error) return false;
    return expected(error) === true;
  }
  if (typeof expected === 'object' && expected !== null) {
    if (expected instanceof RegExp) return P.regexpTest(expected, P.String(error));
    const keys = P.ownKeys(expected);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const want = /** @type {Record<PropertyKey, unknown>} */ (expected)[key];
      const got = /** @type {Record<PropertyKey, unknown>} */ (error)[key];
      if (
        want instanceof RegExp && typeof got === 'string'
          ? !P.regexpTest(want, got)
          : !deepEqual(got, want)
      )
        return false;
    }
    return true;
  }
  return true;
}

function makeAssert() {
  /**
   * @param {unknown} value
   * @param {unknown} [message]
   */
  const assert = (value, message) => ok(value, message);
  const methods = {
    ok,
    /** @type {(actual: unknown, expected: unknown, message?: unknown) => void} */
    equal: (a, b, m) =>
      void (a == b || (a !== a && b !== b) || failWith(m, differ('==', a, b), a, b, '==')),
    /** @type {(actual: unknown, expected: unknown, message?: unknown) => void} */
    notEqual: (a, b, m) => void (a != b || failWith(m, differ('!=', a, b), a, b, '!=')),
    /** @type {(actual: unknown, expected: unknown, message?: unknown) => void} */
    strictEqual: (a, b, m) =>
      void (P.is(a, b) || failWith(m, differ('===', a, b), a, b, 'strictEqual')),
    /** @type {(actual: unknown, expected: unknown, message?: unknown) => void} */
    notStrictEqual: (a, b, m) =>
      void (!P.is(a, b) || failWith(m, differ('!==', a, b), a, b, 'notStrictEqual')),
    /** @type {(actual: unknown, expected: unknown, message?: unknown) => void} */
    deepEqual: (a, b, m) =>
      void (
        looseDeepEqual(a, b) || failWith(m, differ('to deeply equal', a, b), a, b, 'deepEqual')
      ),
    /** @type {(actual: unknown, expected: unknown, message?: unknown) => void} */
    notDeepEqual: (a, b, m) =>
      void (
        !looseDeepEqual(a, b) ||
        failWith(m, differ('not to deeply equal', a, b), a, b, 'notDeepEqual')
      ),
    /** @type {(actual: unknown, expected: unknown, message?: unknown) => void} */
    deepStrictEqual: (a, b, m) =>
      void (
        deepEqual(a, b) ||
        failWith(m, differ('to deeply and strictly equal', a, b), a, b, 'deepStrictEqual')
      ),
    /** @type {(actual: unknown, expected: unknown, message?: unknown) => void} */
    notDeepStrictEqual: (a, b, m) =>
      void (
        !deepEqual(a, b) ||
        failWith(m, differ('not to deeply and strictly equal', a, b), a, b, 'notDeepStrictEqual')
      ),
    /** @type {(fn: unknown, expected?: unknown, message?: unknown) => void} */
    throws: (fn, expected, message) => {
      const { threw, error } = call(fn);
      if (typeof expected === 'string') [expected, message] = [undefined, expected];
      if (!threw)
        failWith(message, 'Expected the function to throw', undefined, expected, 'throws');
      if (!matches(error, expected)) throw error;
    },
    /** @type {(fn: unknown, message?: unknown) => void} */
    doesNotThrow: (fn, message) => {
      const { threw, error } = call(fn);
      if (threw)
        failWith(
          message,
          'Got an unwanted exception: ' + jsRepr(error, 500),
          error,
          undefined,
          'doesNotThrow'
        );
    },
    /** @type {(text: unknown, pattern: RegExp, message?: unknown) => void} */
    match: (text, pattern, message) =>
      void (
        (typeof text === 'string' && P.regexpTest(pattern, text)) ||
        failWith(message, differ('to match', text, pattern), text, pattern, 'match')
      ),
    /** @type {(text: unknown, pattern: RegExp, message?: unknown) => void} */
    doesNotMatch: (text, pattern, message) =>
      void (
        (typeof text === 'string' && !P.regexpTest(pattern, text)) ||
        failWith(message, differ('not to match', text, pattern), text, pattern, 'doesNotMatch')
      ),
    /** @param {unknown} [message] */
    fail: (message) => failWith(message, 'Failed', undefined, undefined, 'fail'),
    AssertionError
  };
  return Object.assign(assert, methods);
}

/**
 * A fresh `assert` function with its methods; `assert.strict` is the same with strict
 * `equal` and `deepEqual`, as in Node.
 */
export function createAssert() {
  const assert = makeAssert();
  const strict = makeAssert();
  strict.equal = strict.strictEqual;
  strict.notEqual = strict.notStrictEqual;
  strict.deepEqual = strict.deepStrictEqual;
  strict.notDeepEqual = strict.notDeepStrictEqual;
  return Object.assign(assert, { strict: Object.assign(strict, { strict }) });
}
