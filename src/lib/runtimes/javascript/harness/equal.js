/**
 * `deepEqual`: when a JavaScript test passes. The rules of `node:assert`'s `deepStrictEqual`,
 * reduced to what tests return:
 *
 * - primitives compare with `Object.is`: `NaN` equals `NaN`, `0` does not equal `-0`, `1` does
 *   not equal `'1'` or `1n`;
 * - objects must have the same prototype (an array is not an object, a `Point` is not `{x, y}`)
 *   and the same own enumerable string keys with deeply equal values, in any order (array holes
 *   count as missing keys, so `[1, , 3]` is not `[1, undefined, 3]`);
 * - a `Date` compares by time, a `RegExp` by source and flags, boxed primitives by value, errors
 *   by `name` and `message` too; a `Map` by its entries and a `Set` by its values (keys that are
 *   objects are matched deeply, in any order); typed arrays element by element;
 * - functions, symbols and promises only equal themselves; cycles are handled.
 *
 * Getters are never called (a property that is an accessor on one side must be the same
 * accessor on the other). Only the built-ins of `primordials.js` are used.
 *
 * Plain JavaScript with JSDoc types because Node's sandbox process runs it without a TypeScript
 * loader.
 */
import { P, append, kindOf, ownEnumerableKeys } from './primordials.js';

/**
 * @typedef {{ a: unknown[], b: unknown[], loose: boolean }} Seen pairs being compared (for
 *   cycles), and whether the loose rule applies
 */

/**
 * True when `actual` and `expected` are deeply and strictly equal (see the file comment).
 * @param {unknown} actual
 * @param {unknown} expected
 */
export function deepEqual(actual, expected) {
  return equal(actual, expected, { a: [], b: [], loose: false });
}

/**
 * `assert.deepEqual`'s looser rule, for checks that use it: primitives compare with `==` (and
 * `NaN` equals `NaN`), prototypes are not compared.
 * @param {unknown} actual
 * @param {unknown} expected
 */
export function looseDeepEqual(actual, expected) {
  return equal(actual, expected, { a: [], b: [], loose: true });
}

/**
 * @param {unknown} a
 * @param {unknown} b
 * @param {Seen} seen
 * @returns {boolean}
 */
function equal(a, b, seen) {
  if (P.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    if (seen.loose && (typeof a !== 'object' || a === null)) return a == b || (a !== a && b !== b);
    return false;
  }
  // A pair already being compared further up: assume equal; the rest of the walk decides.
  for (let i = 0; i < seen.a.length; i++) if (seen.a[i] === a && seen.b[i] === b) return true;
  if (!seen.loose && P.getPrototypeOf(a) !== P.getPrototypeOf(b)) return false;
  const kind = kindOf(a);
  if (kindOf(b) !== kind) return false;
  append(seen.a, a);
  append(seen.b, b);
  try {
    return equalObjects(a, b, kind, seen);
  } finally {
    seen.a.length -= 1;
    seen.b.length -= 1;
  }
}

/**
 * @param {object} a
 * @param {object} b
 * @param {ReturnType<typeof kindOf>} kind
 * @param {Seen} seen
 */
function equalObjects(a, b, kind, seen) {
  switch (kind) {
    case 'date':
      if (!P.is(P.dateGetTime(a), P.dateGetTime(b))) return false;
      break;
    case 'regexp':
      if (P.regexpSource(a) !== P.regexpSource(b) || P.regexpFlags(a) !== P.regexpFlags(b))
        return false;
      break;
    case 'boxed-number':
      if (!P.is(P.numberValueOf(a), P.numberValueOf(b))) return false;
      break;
    case 'boxed-string':
      if (P.stringValueOf(a) !== P.stringValueOf(b)) return false;
      break;
    case 'boxed-boolean':
      if (P.booleanValueOf(a) !== P.booleanValueOf(b)) return false;
      break;
    case 'promise':
      return false; // two different promises (the same one was caught by Object.is)
    case 'error':
      if (!sameData(a, b, 'name', seen) || !sameData(a, b, 'message', seen)) return false;
      break;
    case 'typed':
      if (P.typedArrayLength(a) !== P.typedArrayLength(b)) return false;
      break;
    case 'map':
      if (!equalMaps(a, b, seen)) return false;
      break;
    case 'set':
      if (!equalSets(a, b, seen)) return false;
      break;
    case 'array':
      if (/** @type {unknown[]} */ (a).length !== /** @type {unknown[]} */ (b).length) return false;
      break;
  }
  return equalKeys(a, b, seen);
}

/**
 * Own enumerable string keys: the same set, with equal values (accessors: the same functions).
 * @param {object} a
 * @param {object} b
 * @param {Seen} seen
 */
function equalKeys(a, b, seen) {
  const keysA = ownEnumerableKeys(a);
  const keysB = ownEnumerableKeys(b);
  if (keysA.length !== keysB.length) return false;
  for (let i = 0; i < keysA.length; i++) {
    const key = keysA[i];
    if (!P.hasOwn(b, key) || !P.isEnumerable(b, key)) return false;
    const da = /** @type {PropertyDescriptor} */ (P.getOwnPropertyDescriptor(a, key));
    const db = /** @type {PropertyDescriptor} */ (P.getOwnPropertyDescriptor(b, key));
    if ('value' in da !== 'value' in db) return false;
    if ('value' in da) {
      if (!equal(da.value, db.value, seen)) return false;
    } else if (da.get !== db.get || da.set !== db.set) {
      return false;
    }
  }
  return true;
}

/**
 * The data property `key` (own or inherited) is equal on both.
 * @param {object} a
 * @param {object} b
 * @param {string} key
 * @param {Seen} seen
 */
function sameData(a, b, key, seen) {
  return equal(dataOf(a, key), dataOf(b, key), seen);
}

/**
 * @param {object} value
 * @param {string} key
 */
function dataOf(value, key) {
  /** @type {object | null} */
  let at = value;
  for (let depth = 0; at !== null && depth < 100; depth++) {
    const d = P.getOwnPropertyDescriptor(at, key);
    if (d) return 'value' in d ? d.value : undefined;
    at = P.getPrototypeOf(at);
  }
  return undefined;
}

/**
 * @param {object} set
 * @returns {unknown[]}
 */
function setItems(set) {
  /** @type {unknown[]} */
  const out = [];
  const iterator = P.setValues(set);
  for (;;) {
    const step = P.setIteratorNext(iterator);
    if (step.done) return out;
    append(out, step.value);
  }
}

/**
 * @param {object} map
 * @returns {[unknown, unknown][]}
 */
function mapItems(map) {
  /** @type {[unknown, unknown][]} */
  const out = [];
  const iterator = P.mapEntries(map);
  for (;;) {
    const step = P.mapIteratorNext(iterator);
    if (step.done) return out;
    append(out, /** @type {[unknown, unknown]} */ (step.value));
  }
}

/**
 * Every value of `a` matches a distinct value of `b` (primitives by lookup, objects deeply).
 * @param {object} a
 * @param {object} b
 * @param {Seen} seen
 */
function equalSets(a, b, seen) {
  if (P.setSize(a) !== P.setSize(b)) return false;
  const valuesA = setItems(a);
  const valuesB = setItems(b);
  /** @type {boolean[]} */
  const used = [];
  for (let i = 0; i < valuesA.length; i++) {
    const value = valuesA[i];
    if (typeof value !== 'object' || value === null) {
      if (!P.setHas(b, value)) return false;
      continue;
    }
    if (!claim(valuesB, used, (other) => equal(value, other, seen))) return false;
  }
  return true;
}

/**
 * @param {object} a
 * @param {object} b
 * @param {Seen} seen
 */
function equalMaps(a, b, seen) {
  if (P.mapSize(a) !== P.mapSize(b)) return false;
  const entriesA = mapItems(a);
  const entriesB = mapItems(b);
  /** @type {boolean[]} */
  const used = [];
  for (let i = 0; i < entriesA.length; i++) {
    const key = entriesA[i][0];
    const value = entriesA[i][1];
    if (typeof key !== 'object' || key === null) {
      if (!P.mapHas(b, key) || !equal(value, P.mapGet(b, key), seen)) return false;
      continue;
    }
    const found = claim(
      entriesB,
      used,
      (entry) => equal(key, entry[0], seen) && equal(value, entry[1], seen)
    );
    if (!found) return false;
  }
  return true;
}

/**
 * Marks the first unused item that matches; false when none does.
 * @template T
 * @param {T[]} list
 * @param {boolean[]} used
 * @param {(item: T) => boolean} matches
 */
function claim(list, used, matches) {
  for (let j = 0; j < list.length; j++) {
    if (used[j] !== true && matches(list[j])) {
      P.defineProperty(used, j, {
        value: true,
        writable: true,
        enumerable: true,
        configurable: true
      });
      return true;
    }
  }
  return false;
}
