/**
 * The built-ins the JavaScript harness uses, taken when this module is first evaluated: before
 * any program runs in the worker. A program that replaces `Array.prototype.push`,
 * `JSON.stringify` or `Object.keys` (by accident, or to see what happens) then changes its own
 * world, not how it is judged. This guards against accidents, not against a program written to
 * cheat: code in the same realm can still reach objects the harness hands it.
 *
 * Rules for harness code: call methods through these uncurried copies; build objects with
 * literals (a literal defines its properties, so setters on `Object.prototype` never fire);
 * append with `append`, never `push` or `arr[i] = …`; no spread, `for…of` or destructuring of
 * arrays (they use the replaceable array iterator).
 *
 * Plain JavaScript with JSDoc types because Node's sandbox process runs it without a TypeScript
 * loader.
 */

const { apply, ownKeys, getPrototypeOf, defineProperty, getOwnPropertyDescriptor } = Reflect;

/** %TypedArray%.prototype, which holds the getters shared by Uint8Array, Float64Array… */
const typedArrayProto = /** @type {object} */ (getPrototypeOf(Uint8Array.prototype));

/**
 * `fn` as a function taking `this` first: `uncurry(String.prototype.slice)(s, 0, 3)`.
 * @template {(...args: never[]) => unknown} F
 * @param {F} fn
 * @returns {(self: unknown, ...args: unknown[]) => ReturnType<F>}
 */
function uncurry(fn) {
  // Rest parameters build an array without the array iterator; Reflect.apply reads it by index.
  return (self, ...args) => /** @type {ReturnType<F>} */ (apply(fn, self, args));
}

/**
 * Appends to an array without `push` or an index setter a program may have put on
 * `Array.prototype`.
 * @template T
 * @param {T[]} list
 * @param {T} value
 */
export function append(list, value) {
  defineProperty(list, list.length, {
    value,
    writable: true,
    enumerable: true,
    configurable: true
  });
}

export const P = Object.freeze({
  apply,
  ownKeys,
  getPrototypeOf,
  defineProperty,
  getOwnPropertyDescriptor,
  freeze: Object.freeze,
  is: Object.is,
  isArray: Array.isArray,
  create: Object.create,
  objectProto: Object.prototype,
  arrayProto: Array.prototype,
  functionProto: Function.prototype,
  hasOwn: uncurry(Object.prototype.hasOwnProperty),
  isEnumerable: uncurry(Object.prototype.propertyIsEnumerable),
  objectToString: uncurry(Object.prototype.toString),
  functionToString: uncurry(Function.prototype.toString),
  stringify: JSON.stringify,
  parse: JSON.parse,
  String,
  Number,
  Error,
  errorProto: Error.prototype,
  TypeError,
  SyntaxError,
  WeakSet,
  WeakMap,
  isInteger: Number.isInteger,
  numberToString: uncurry(Number.prototype.toString),
  bigintToString: uncurry(BigInt.prototype.toString),
  symbolToString: uncurry(Symbol.prototype.toString),
  symbolDescription: uncurry(
    /** @type {() => string | undefined} */ (
      /** @type {PropertyDescriptor} */ (getOwnPropertyDescriptor(Symbol.prototype, 'description'))
        .get
    )
  ),
  slice: uncurry(String.prototype.slice),
  indexOf: uncurry(String.prototype.indexOf),
  charCodeAt: uncurry(String.prototype.charCodeAt),
  split: uncurry(String.prototype.split),
  trim: uncurry(String.prototype.trim),
  replace: uncurry(String.prototype.replace),
  padStart: uncurry(String.prototype.padStart),
  regexpExec: uncurry(RegExp.prototype.exec),
  regexpTest: uncurry(RegExp.prototype.test),
  regexpSource: uncurry(
    /** @type {() => string} */ (
      /** @type {PropertyDescriptor} */ (getOwnPropertyDescriptor(RegExp.prototype, 'source')).get
    )
  ),
  regexpFlags: uncurry(
    /** @type {() => string} */ (
      /** @type {PropertyDescriptor} */ (getOwnPropertyDescriptor(RegExp.prototype, 'flags')).get
    )
  ),
  join: uncurry(Array.prototype.join),
  dateGetTime: uncurry(Date.prototype.getTime),
  dateToISOString: uncurry(Date.prototype.toISOString),
  mapGet: uncurry(Map.prototype.get),
  mapHas: uncurry(Map.prototype.has),
  mapSet: uncurry(Map.prototype.set),
  mapSize: uncurry(
    /** @type {() => number} */ (
      /** @type {PropertyDescriptor} */ (getOwnPropertyDescriptor(Map.prototype, 'size')).get
    )
  ),
  mapEntries: uncurry(Map.prototype.entries),
  setHas: uncurry(Set.prototype.has),
  setAdd: uncurry(Set.prototype.add),
  setSize: uncurry(
    /** @type {() => number} */ (
      /** @type {PropertyDescriptor} */ (getOwnPropertyDescriptor(Set.prototype, 'size')).get
    )
  ),
  setValues: uncurry(Set.prototype.values),
  /** `iterator.next()` of a Map or Set iterator, whoever replaced it */
  mapIteratorNext: uncurry(new Map().entries().next),
  setIteratorNext: uncurry(new Set().values().next),
  weakSetHas: uncurry(WeakSet.prototype.has),
  weakSetAdd: uncurry(WeakSet.prototype.add),
  weakMapGet: uncurry(WeakMap.prototype.get),
  weakMapSet: uncurry(WeakMap.prototype.set),
  typedArrayLength: uncurry(
    /** @type {() => number} */ (
      /** @type {PropertyDescriptor} */ (getOwnPropertyDescriptor(typedArrayProto, 'length')).get
    )
  ),
  typedArrayTag: uncurry(
    /** @type {() => string | undefined} */ (
      /** @type {PropertyDescriptor} */ (
        getOwnPropertyDescriptor(typedArrayProto, Symbol.toStringTag)
      ).get
    )
  ),
  booleanValueOf: uncurry(Boolean.prototype.valueOf),
  numberValueOf: uncurry(Number.prototype.valueOf),
  stringValueOf: uncurry(String.prototype.valueOf),
  errorToString: uncurry(Error.prototype.toString),
  promiseThen: uncurry(Promise.prototype.then),
  Promise,
  min: Math.min,
  max: Math.max,
  floor: Math.floor,
  now: () => performance.now()
});

const noop = () => {};

/**
 * True when `proto` is on the prototype chain of `value` (`instanceof` without asking the
 * constructor's replaceable `Symbol.hasInstance`).
 * @param {object} value
 * @param {object} proto
 */
export function inherits(value, proto) {
  let at = P.getPrototypeOf(value);
  for (let depth = 0; at !== null && depth < 10_000; depth++) {
    if (at === proto) return true;
    at = P.getPrototypeOf(at);
  }
  return false;
}

/**
 * Calls `test(value)`; true when it did not throw. Used for brand checks: `Map.prototype.has`
 * throws unless its receiver really is a Map, whatever `Symbol.toStringTag` claims.
 * @param {(value: unknown) => unknown} test
 * @param {unknown} value
 */
export function brand(test, value) {
  try {
    test(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * What kind of built-in object `value` really is (by brand check, not by its tag), or 'object'.
 * @param {object} value
 * @returns {'array' | 'map' | 'set' | 'date' | 'regexp' | 'typed' | 'boxed-number' |
 *   'boxed-string' | 'boxed-boolean' | 'error' | 'promise' | 'object'}
 */
export function kindOf(value) {
  if (P.isArray(value)) return 'array';
  if (brand((v) => P.mapHas(v, 0), value)) return 'map';
  if (brand((v) => P.setHas(v, 0), value)) return 'set';
  if (brand(P.dateGetTime, value)) return 'date';
  if (brand(P.regexpSource, value)) return 'regexp';
  if (P.typedArrayTag(value) !== undefined) return 'typed';
  if (brand(P.numberValueOf, value)) return 'boxed-number';
  if (brand(P.stringValueOf, value)) return 'boxed-string';
  if (brand(P.booleanValueOf, value)) return 'boxed-boolean';
  if (inherits(value, P.errorProto)) return 'error';
  // Both handlers, so a rejected promise does not turn into an unhandled rejection here.
  if (brand((v) => P.promiseThen(v, noop, noop), value)) return 'promise';
  return 'object';
}

/**
 * Own enumerable string keys, in order (what `Object.keys` gives, without calling it).
 * @param {object} value
 * @returns {string[]}
 */
export function ownEnumerableKeys(value) {
  /** @type {string[]} */
  const out = [];
  const keys = P.ownKeys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (typeof key === 'string' && P.isEnumerable(value, key)) append(out, key);
  }
  return out;
}
