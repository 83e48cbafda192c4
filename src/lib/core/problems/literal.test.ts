import { describe, expect, it } from 'vitest';
import {
  LiteralError,
  canonicalRepr,
  parseArguments,
  parseLiteral,
  printArguments,
  printValue,
  tryParseArguments,
  type PyValue
} from './literal';

const round = (text: string) => printValue(parseLiteral(text));

describe('parseLiteral', () => {
  it('reads ints in every base, with signs and underscores, as exact bigints', () => {
    expect(parseLiteral('42')).toEqual({ t: 'int', v: 42n });
    expect(parseLiteral('-7')).toEqual({ t: 'int', v: -7n });
    expect(parseLiteral('+3')).toEqual({ t: 'int', v: 3n });
    expect(parseLiteral('- -3')).toEqual({ t: 'int', v: 3n });
    expect(parseLiteral('1_000')).toEqual({ t: 'int', v: 1000n });
    expect(parseLiteral('0x1F')).toEqual({ t: 'int', v: 31n });
    expect(parseLiteral('0o17')).toEqual({ t: 'int', v: 15n });
    expect(parseLiteral('0b101')).toEqual({ t: 'int', v: 5n });
    expect(parseLiteral('0')).toEqual({ t: 'int', v: 0n });
    expect(parseLiteral('123456789012345678901234567890')).toEqual({
      t: 'int',
      v: 123456789012345678901234567890n
    });
  });

  it('reads floats and prints them so Python reads the same number', () => {
    expect(parseLiteral('1.5')).toEqual({ t: 'float', v: 1.5 });
    expect(parseLiteral('.5')).toEqual({ t: 'float', v: 0.5 });
    expect(parseLiteral('2.')).toEqual({ t: 'float', v: 2 });
    expect(parseLiteral('1e3')).toEqual({ t: 'float', v: 1000 });
    expect(parseLiteral('-2.5E-3')).toEqual({ t: 'float', v: -0.0025 });
    expect(round('3.0')).toBe('3.0');
    expect(round('1e-7')).toBe('1e-7');
    expect(round('0.1')).toBe('0.1');
    expect(round('-0.0')).toBe('-0.0');
  });

  it('reads True, False, None and set()', () => {
    expect(parseLiteral('True')).toEqual({ t: 'bool', v: true });
    expect(parseLiteral('False')).toEqual({ t: 'bool', v: false });
    expect(parseLiteral('None')).toEqual({ t: 'none' });
    expect(parseLiteral('set()')).toEqual({ t: 'set', items: [] });
  });

  it('reads strings with every kind of escape, raw strings and adjacent literals', () => {
    expect(parseLiteral(`'a\\nb'`)).toEqual({ t: 'str', v: 'a\nb' });
    expect(parseLiteral(`"it's"`)).toEqual({ t: 'str', v: "it's" });
    expect(parseLiteral(`'\\x41\\u00e9\\U0001F600\\101\\0'`)).toEqual({
      t: 'str',
      v: 'Aé\u{1F600}A\0'
    });
    expect(parseLiteral(`'\\t\\\\\\'\\"\\a\\b\\f\\v\\r'`)).toEqual({
      t: 'str',
      v: '\t\\\'"\x07\b\f\v\r'
    });
    expect(parseLiteral(`'\\d'`)).toEqual({ t: 'str', v: '\\d' });
    expect(parseLiteral(`r'\\d+\\''`)).toEqual({ t: 'str', v: "\\d+\\'" });
    expect(parseLiteral(`'''two\nlines'''`)).toEqual({ t: 'str', v: 'two\nlines' });
    expect(parseLiteral(`'ab' "cd"`)).toEqual({ t: 'str', v: 'abcd' });
    expect(parseLiteral(`u'x'`)).toEqual({ t: 'str', v: 'x' });
  });

  it('reads nested containers; (x) is x, (x,) a tuple; duplicate keys keep the last value', () => {
    expect(round('[1, (2,), {3}, {"a": [None, True]}, ()]')).toBe(
      "[1, (2,), {3}, {'a': [None, True]}, ()]"
    );
    expect(parseLiteral('(5)')).toEqual({ t: 'int', v: 5n });
    expect(parseLiteral('(5,)')).toEqual({ t: 'tuple', items: [{ t: 'int', v: 5n }] });
    expect(parseLiteral('{}')).toEqual({ t: 'dict', entries: [] });
    expect(round('{1: "a", 1.0: "b", True: "c"}')).toBe("{1: 'c'}");
    expect(round('{1, 1.0, True, 2}')).toBe('{1, 2}');
    expect(round('[\n  1,\n  2,\n]')).toBe('[1, 2]');
    expect(round('{(1, 2): frozen}'.replace('frozen', '3'))).toBe('{(1, 2): 3}');
  });

  it('rejects code and other non-literals, saying why', () => {
    const reasons: [string, RegExp][] = [
      ['__import__("os").system("rm -rf /")', /__import__ is a name/],
      ['os', /os is a name, not a literal/],
      ['print(1)', /print is a name/],
      ['1 + 2', /unexpected "\+" after the value/],
      ['f"{x}"', /f-string is code/],
      ["b'bytes'", /bytes are not supported/],
      ['1j', /complex numbers/],
      ['[1, 2', /expected "," or "\]"|ends where/],
      ["'open", /string is not closed/],
      ['lambda: 1', /lambda is a name/],
      ['[x for x in y]', /x is a name|unexpected/],
      ['{[1]: 2}', /a list cannot be a dict key/],
      ['{[1], 2}', /a list cannot be in a set/],
      ['-"a"', /applies only to numbers/],
      ["'\\N{DASH}'", /named escapes/],
      ["'\\x4'", /needs 2 hex digits/],
      ['1 # comment', /comment/],
      ['007', /leading zeros/],
      ['1e999', /too large/],
      ['set([1])', /only set\(\) with no arguments/],
      ['...', /bad number/],
      ['0x', /bad number/]
    ];
    for (const [text, reason] of reasons) {
      expect(() => parseLiteral(text), text).toThrow(LiteralError);
      expect(() => parseLiteral(text), text).toThrow(reason);
    }
  });

  it('refuses hostile sizes: deep nesting, huge texts and too many items', () => {
    expect(() => parseLiteral('['.repeat(5000) + ']'.repeat(5000))).toThrow(/longer than/);
    expect(() => parseLiteral('['.repeat(100) + ']'.repeat(100))).toThrow(/nested more than/);
    expect(() => parseLiteral(`[${'1,'.repeat(1500)}]`)).toThrow(/more than 1000 values/);
  });
});

describe('arguments', () => {
  it('reads call arguments, with a trailing comma, and prints them back', () => {
    const args = parseArguments(`[1, 2], 'x', None,`);
    expect(args).toHaveLength(3);
    expect(printArguments(args)).toBe("[1, 2], 'x', None");
    expect(parseArguments('')).toEqual([]);
  });

  it('refuses keyword and star arguments with a plain reason', () => {
    expect(tryParseArguments('k=2')).toEqual({
      ok: false,
      reason: 'keyword arguments are not supported; write the values in order'
    });
    expect(tryParseArguments('*[1, 2]')).toMatchObject({ ok: false });
    expect(tryParseArguments('1 2')).toMatchObject({ ok: false, reason: /after argument 1/ });
  });
});

describe('printing', () => {
  it('prints strings as Python repr does', () => {
    const s = (v: string) => printValue({ t: 'str', v });
    expect(s("it's")).toBe(`"it's"`);
    expect(s(`both ' and "`)).toBe(`'both \\' and "'`);
    expect(s('tab\there\n\x01')).toBe(`'tab\\there\\n\\x01'`);
    expect(s('back\\slash')).toBe(`'back\\\\slash'`);
  });

  it('round-trips: printing then parsing gives the same value', () => {
    const values: PyValue[] = [
      { t: 'str', v: `q'"\\\n\t\u0000é` },
      { t: 'tuple', items: [{ t: 'float', v: 1e-9 }] },
      { t: 'set', items: [] },
      {
        t: 'dict',
        entries: [
          [
            { t: 'str', v: 'k' },
            { t: 'list', items: [{ t: 'none' }] }
          ]
        ]
      },
      { t: 'int', v: -(10n ** 30n) }
    ];
    for (const v of values) expect(parseLiteral(printValue(v))).toEqual(v);
  });

  it('canonical repr: equal sets compare equal whatever their order; other reprs stay', () => {
    expect(canonicalRepr("{'b', 'a'}")).toBe(canonicalRepr("{'a', 'b'}"));
    expect(canonicalRepr('<object at 0x1>')).toBe('<object at 0x1>');
    expect(canonicalRepr('[1, 2]')).toBe('[1, 2]');
  });
});
