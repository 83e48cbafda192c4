/**
 * `jsRepr`: a value as JavaScript-looking text, for a test's `actual` and for `console.log`.
 * Where it can, the text is an expression that evaluates back to an equal value, so it can be
 * pasted as a test's expected value: `'it\'s'`, `-0`, `NaN`, `10n`, `[1, , 3]`, `{ a: 1, 'b-c':
 * [] }`, `new Map([['a', 1]])`, `new Set([1])`, `new Date('2020-01-01T00:00:00.000Z')`, `/a+/g`,
 * `new Uint8Array([1, 2])`. What cannot be written back says what it is: `[Function f]`,
 * `[Circular]`, `Point { x: 1 }` (an object of a class), `[Getter]` (an accessor is never called),
 * `Promise {}`, and `[Array]` / `[Object]` past a depth of 6.
 *
 * It never runs a program's `toString`, `toJSON` or getters, and uses only the built-ins taken
 * in `primordials.js`, so a program that patched `Object.prototype` cannot change what it says.
 *
 * Plain JavaScript with JSDoc types because Node's sandbox process runs it without a TypeScript
 * loader.
 */
import { P, append, kindOf, ownEnumerableKeys } from './primordials.js';

/** Longest text `jsRepr` returns by default; the rest is cut with a note. */
export const REPR_LIMIT = 2_000;
const MAX_DEPTH = 6;
const MAX_ITEMS = 100;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** A key that can be written as a plain number: `{ 2: 'x' }` */
const INDEX = /^(0|[1-9]\d*)$/;

/** @param {number} code */
function hex(code) {
  return P.padStart(P.numberToString(code, 16), 2, '0');
}

/**
 * A string as a single-quoted JavaScript literal.
 * @param {string} text
 */
export function quote(text) {
  let out = "'";
  for (let i = 0; i < text.length; i++) {
    const code = P.charCodeAt(text, i);
    const ch = P.slice(text, i, i + 1);
    if (ch === "'") out += "\\'";
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += '\\x' + hex(code);
    else if (code === 0x2028 || code === 0x2029) out += '\\u' + P.numberToString(code, 16);
    else out += ch;
  }
  return out + "'";
}

/** @param {string} key */
function keyText(key) {
  return P.regexpTest(IDENTIFIER, key) || P.regexpTest(INDEX, key) ? key : quote(key);
}

/**
 * The name of the class an object was made by, or '' for a plain object, array or null
 * prototype. Read from the prototype's own `constructor` data property, never a getter.
 * @param {object} value
 * @param {object} plain the prototype that needs no name (Object.prototype, Array.prototype…)
 */
function className(value, plain) {
  const proto = P.getPrototypeOf(value);
  if (proto === plain) return '';
  if (proto === null) return '[Object: null prototype]';
  const ctor = P.getOwnPropertyDescriptor(proto, 'constructor');
  const fn = ctor && 'value' in ctor ? ctor.value : undefined;
  if (typeof fn !== 'function') return '';
  const name = P.getOwnPropertyDescriptor(fn, 'name');
  return name && typeof name.value === 'string' && name.value ? name.value : '';
}

/**
 * @param {unknown} value
 * @param {{ seen: unknown[] }} state
 * @param {number} depth
 * @returns {string}
 */
function show(value, state, depth) {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return P.is(value, -0) ? '-0' : P.numberToString(value);
    case 'bigint':
      return P.bigintToString(value) + 'n';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return 'undefined';
    case 'symbol': {
      const description = P.symbolDescription(value);
      return description === undefined ? 'Symbol()' : 'Symbol(' + description + ')';
    }
    case 'function': {
      const name = P.getOwnPropertyDescriptor(value, 'name');
      const text = name && typeof name.value === 'string' ? name.value : '';
      return text ? '[Function ' + text + ']' : '[Function (anonymous)]';
    }
  }
  if (value === null) return 'null';
  return showObject(/** @type {object} */ (value), state, depth);
}

/**
 * @param {object} value
 * @param {{ seen: unknown[] }} state
 * @param {number} depth
 */
function showObject(value, state, depth) {
  for (let i = 0; i < state.seen.length; i++) if (state.seen[i] === value) return '[Circular]';
  const kind = kindOf(value);
  switch (kind) {
    case 'date': {
      const time = P.dateGetTime(value);
      return time === time ? 'new Date(' + quote(P.dateToISOString(value)) + ')' : 'Invalid Date';
    }
    case 'regexp':
      return '/' + P.regexpSource(value) + '/' + P.regexpFlags(value);
    case 'boxed-number':
      return 'new Number(' + show(P.numberValueOf(value), state, depth) + ')';
    case 'boxed-string':
      return 'new String(' + quote(P.stringValueOf(value)) + ')';
    case 'boxed-boolean':
      return 'new Boolean(' + (P.booleanValueOf(value) ? 'true' : 'false') + ')';
    case 'promise':
      return 'Promise {}';
    case 'error': {
      const name = P.getOwnPropertyDescriptor(value, 'name') ?? findData(value, 'name');
      const message = P.getOwnPropertyDescriptor(value, 'message');
      const type = name && typeof name.value === 'string' ? name.value : 'Error';
      const text = message && typeof message.value === 'string' ? message.value : '';
      return 'new ' + type + '(' + quote(text) + ')';
    }
  }
  if (depth >= MAX_DEPTH) {
    return kind === 'array'
      ? '[Array]'
      : kind === 'map'
        ? '[Map]'
        : kind === 'set'
          ? '[Set]'
          : '[Object]';
  }
  append(state.seen, value);
  try {
    if (kind === 'array') return showArray(/** @type {unknown[]} */ (value), state, depth);
    if (kind === 'map') return showMap(value, state, depth);
    if (kind === 'set') return showSet(value, state, depth);
    if (kind === 'typed') return showTyped(value, state, depth);
    return showPlain(value, state, depth);
  } finally {
    state.seen.length -= 1;
  }
}

/**
 * A data property found on the prototype chain (an error's `name` lives on its prototype).
 * @param {object} value
 * @param {string} key
 * @returns {PropertyDescriptor | undefined}
 */
function findData(value, key) {
  let at = P.getPrototypeOf(value);
  for (let depth = 0; at !== null && depth < 100; depth++) {
    const d = P.getOwnPropertyDescriptor(at, key);
    if (d) return 'value' in d ? d : undefined;
    at = P.getPrototypeOf(at);
  }
  return undefined;
}

/**
 * A property's value as text, without calling a getter.
 * @param {object} owner
 * @param {string} key
 * @param {{ seen: unknown[] }} state
 * @param {number} depth
 */
function property(owner, key, state, depth) {
  const d = P.getOwnPropertyDescriptor(owner, key);
  if (!d) return 'undefined';
  if (!('value' in d)) return d.set ? (d.get ? '[Getter/Setter]' : '[Setter]') : '[Getter]';
  return show(d.value, state, depth + 1);
}

/**
 * Joins the parts shown, with a note of how many were left out.
 * @param {string[]} parts
 * @param {number} more items left out
 */
function items(parts, more) {
  if (more > 0) append(parts, '... ' + more + ' more item' + (more === 1 ? '' : 's'));
  return P.join(parts, ', ');
}

/**
 * @param {unknown[]} value
 * @param {{ seen: unknown[] }} state
 * @param {number} depth
 */
function showArray(value, state, depth) {
  /** @type {string[]} */
  const parts = [];
  const length = value.length;
  const shown = P.min(length, MAX_ITEMS);
  let holeAtEnd = false;
  for (let i = 0; i < shown; i++) {
    const key = P.String(i);
    if (!P.hasOwn(value, key)) {
      append(parts, '');
      holeAtEnd = i === length - 1;
    } else {
      append(parts, property(value, key, state, depth));
    }
  }
  // Extra named properties, like Node's inspect shows them.
  const keys = ownEnumerableKeys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (P.regexpTest(INDEX, key)) continue;
    append(parts, keyText(key) + ': ' + property(value, key, state, depth));
  }
  const name = className(value, P.arrayProto);
  // `[1, ]` is a one-element array in JavaScript: a trailing hole needs one more comma.
  const body = '[' + items(parts, length - shown) + (holeAtEnd ? ',' : '') + ']';
  return name ? name + '(' + length + ') ' + body : body;
}

/**
 * @param {object} value
 * @param {{ seen: unknown[] }} state
 * @param {number} depth
 */
function showMap(value, state, depth) {
  /** @type {string[]} */
  const parts = [];
  const size = P.mapSize(value);
  const iterator = P.mapEntries(value);
  for (let i = 0; i < P.min(size, MAX_ITEMS); i++) {
    const step = P.mapIteratorNext(iterator);
    if (step.done) break;
    const entry = /** @type {[unknown, unknown]} */ (step.value);
    append(
      parts,
      '[' + show(entry[0], state, depth + 1) + ', ' + show(entry[1], state, depth + 1) + ']'
    );
  }
  return 'new Map([' + items(parts, size - parts.length) + '])';
}

/**
 * @param {object} value
 * @param {{ seen: unknown[] }} state
 * @param {number} depth
 */
function showSet(value, state, depth) {
  /** @type {string[]} */
  const parts = [];
  const size = P.setSize(value);
  const iterator = P.setValues(value);
  for (let i = 0; i < P.min(size, MAX_ITEMS); i++) {
    const step = P.setIteratorNext(iterator);
    if (step.done) break;
    append(parts, show(step.value, state, depth + 1));
  }
  return 'new Set([' + items(parts, size - parts.length) + '])';
}

/**
 * @param {object} value
 * @param {{ seen: unknown[] }} state
 * @param {number} depth
 */
function showTyped(value, state, depth) {
  /** @type {string[]} */
  const parts = [];
  const length = P.typedArrayLength(value);
  for (let i = 0; i < P.min(length, MAX_ITEMS); i++) {
    append(parts, property(value, P.String(i), state, depth));
  }
  return 'new ' + P.typedArrayTag(value) + '([' + items(parts, length - parts.length) + '])';
}

/**
 * @param {object} value
 * @param {{ seen: unknown[] }} state
 * @param {number} depth
 */
function showPlain(value, state, depth) {
  /** @type {string[]} */
  const parts = [];
  const keys = ownEnumerableKeys(value);
  const shown = P.min(keys.length, MAX_ITEMS);
  for (let i = 0; i < shown; i++) {
    append(parts, keyText(keys[i]) + ': ' + property(value, keys[i], state, depth));
  }
  const name = className(value, P.objectProto);
  const body = parts.length ? '{ ' + items(parts, keys.length - shown) + ' }' : '{}';
  return name ? name + ' ' + body : body;
}

/**
 * A value as JavaScript-looking text (see the file comment), cut to `limit` characters.
 * @param {unknown} value
 * @param {number} [limit]
 * @returns {string}
 */
export function jsRepr(value, limit = REPR_LIMIT) {
  let text;
  try {
    text = show(value, { seen: [] }, 0);
  } catch (error) {
    // A revoked Proxy, or a trap that throws: say so rather than fail the test's report.
    text = '<the value could not be shown: ' + errorName(error) + '>';
  }
  return clip(text, limit);
}

/**
 * @param {string} text
 * @param {number} limit
 */
export function clip(text, limit) {
  if (text.length <= limit) return text;
  return P.slice(text, 0, limit) + '... [' + (text.length - limit) + ' more characters]';
}

/** @param {unknown} error */
function errorName(error) {
  if (typeof error === 'object' && error !== null) {
    const name = findData(error, 'name') ?? P.getOwnPropertyDescriptor(error, 'name');
    if (name && typeof name.value === 'string') return name.value;
  }
  return typeof error;
}
