/**
 * `jsRepr` and `deepEqual` on their own (they are pure): the text a value is shown as, and when
 * two values count as equal, including after a program has polluted the built-ins.
 */
/* eslint-disable no-sparse-arrays -- arrays with holes are part of what is tested */
import { describe, expect, it } from 'vitest';
import { deepEqual, looseDeepEqual } from './equal.js';
import { jsRepr } from './repr.js';

describe('jsRepr', () => {
  it.each([
    ['a string with quotes', "it's \\ \n", "'it\\'s \\\\ \\n'"],
    ['minus zero', -0, '-0'],
    ['NaN', NaN, 'NaN'],
    ['a bigint', 10n, '10n'],
    ['undefined', undefined, 'undefined'],
    ['a symbol', Symbol('s'), 'Symbol(s)'],
    ['an array with a hole', [1, , 3], '[1, , 3]'],
    ['an array ending in a hole', [1, ,], '[1, ,]'],
    ['nested plain objects', { a: 1, 'b-c': [true, null] }, "{ a: 1, 'b-c': [true, null] }"],
    ['an empty object', {}, '{}'],
    ['number-like keys unquoted, others quoted', { 2: 'x', '01': 'y' }, "{ 2: 'x', '01': 'y' }"],
    ['a Map', new Map([['a', 1]]), "new Map([['a', 1]])"],
    ['a Set', new Set([1, 2]), 'new Set([1, 2])'],
    ['a Date', new Date(0), "new Date('1970-01-01T00:00:00.000Z')"],
    ['a RegExp', /a+/g, '/a+/g'],
    ['a typed array', new Uint8Array([1, 2]), 'new Uint8Array([1, 2])'],
    ['a named function', function f() {}, '[Function f]'],
    ['an error', new RangeError('too far'), "new RangeError('too far')"],
    [
      'an object of a class',
      new (class Point {
        x = 1;
      })(),
      'Point { x: 1 }'
    ],
    [
      'a null-prototype object',
      Object.assign(Object.create(null), { a: 1 }),
      '[Object: null prototype] { a: 1 }'
    ]
  ])('shows %s', (_name, value, text) => {
    expect(jsRepr(value)).toBe(text);
  });

  it('never calls a getter, marks cycles and cuts deep and long values', () => {
    let called = false;
    const tricky = {
      get secret() {
        called = true;
        return 1;
      }
    };
    expect(jsRepr(tricky)).toBe('{ secret: [Getter] }');
    expect(called).toBe(false);
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    expect(jsRepr(cycle)).toBe('{ a: 1, self: [Circular] }');
    expect(jsRepr([[[[[[[[1]]]]]]]])).toBe('[[[[[[[Array]]]]]]]');
    const long = jsRepr('x'.repeat(5_000));
    expect(long.length).toBeLessThan(2_100);
    expect(long).toMatch(/\.\.\. \[3002 more characters\]$/);
    expect(jsRepr(Array.from({ length: 150 }, (_, i) => i))).toMatch(
      /, 99, \.\.\. 50 more items\]$/
    );
  });

  it('is written so that it evaluates back to an equal value', () => {
    const values = [[1, , 3], { a: [1, 'x'], b: null }, new Map([[1, new Set(['a'])]]), -0, 10n];
    for (const value of values) {
      const back: unknown = new Function(`return (${jsRepr(value)});`)();
      expect(deepEqual(back, value), jsRepr(value)).toBe(true);
    }
  });
});

describe('deepEqual (deepStrictEqual rules)', () => {
  it.each([
    ['NaN and NaN', NaN, NaN, true],
    ['0 and -0', 0, -0, false],
    ['1 and "1"', 1, '1', false],
    ['arrays by element', [1, [2, 3]], [1, [2, 3]], true],
    ['arrays of another length', [1, 2], [1, 2, 3], false],
    ['a hole and undefined', [1, , 3], [1, undefined, 3], false],
    ['objects in any key order', { a: 1, b: 2 }, { b: 2, a: 1 }, true],
    ['an array and an object', [1], { 0: 1 }, false],
    [
      'a class instance and a plain object',
      new (class P {
        x = 1;
      })(),
      { x: 1 },
      false
    ],
    [
      'Maps with object keys, in any order',
      new Map([
        [[1], 'a'],
        [[2], 'b']
      ]),
      new Map([
        [[2], 'b'],
        [[1], 'a']
      ]),
      true
    ],
    ['Sets of different values', new Set([1, 2]), new Set([1, 3]), false],
    ['Dates by time', new Date(5), new Date(5), true],
    ['RegExps by flags', /a/g, /a/i, false],
    ['errors by message', new Error('a'), new Error('b'), false],
    ['typed arrays by element', new Uint8Array([1, 2]), new Uint8Array([1, 3]), false]
  ])('%s', (_name, a, b, equal) => {
    expect(deepEqual(a, b)).toBe(equal);
  });

  it('handles cycles', () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = a;
    const b: Record<string, unknown> = { x: 1 };
    b.self = b;
    expect(deepEqual(a, b)).toBe(true);
    b.x = 2;
    expect(deepEqual(a, b)).toBe(false);
  });

  it('has a loose form for assert.deepEqual', () => {
    expect(looseDeepEqual([1, '2'], ['1', 2])).toBe(true);
    expect(looseDeepEqual({ a: 1 }, { a: 2 })).toBe(false);
  });
});
