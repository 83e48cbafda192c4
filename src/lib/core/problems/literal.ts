/**
 * A small parser for Python literals, written in TypeScript so that text from a model (test
 * inputs) is only ever read as data here, never executed outside the sandbox. It accepts what
 * `ast.literal_eval` accepts for the types ClarifyGPT mutates — int, float, bool, None, str
 * (with escapes), list, tuple, set, dict, nested — plus `set()` for the empty set, and rejects
 * everything else (names, calls, operators, f-strings, bytes, complex numbers) with a reason.
 *
 * Invariant: `printValue(parse(x))` is Python source that evaluates to an equal value, and
 * parses back to the same value here.
 */

/** A Python value as data. Ints are bigints because Python's ints have no size limit. */
export type PyValue =
  | { t: 'int'; v: bigint }
  | { t: 'float'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'none' }
  | { t: 'str'; v: string }
  | { t: 'list'; items: PyValue[] }
  | { t: 'tuple'; items: PyValue[] }
  | { t: 'set'; items: PyValue[] }
  | { t: 'dict'; entries: [PyValue, PyValue][] };

/** Why a text is not a literal, with the 0-based offset where reading stopped. */
export class LiteralError extends Error {
  constructor(
    message: string,
    readonly offset: number
  ) {
    super(message);
    this.name = 'LiteralError';
  }
}

/** Limits that keep a hostile text from costing much: size, nesting and element count. */
const LITERAL_LIMITS = { chars: 5_000, depth: 20, items: 1_000 } as const;

const KEYWORDS: Record<string, PyValue> = {
  True: { t: 'bool', v: true },
  False: { t: 'bool', v: false },
  None: { t: 'none' }
};

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v'
};

class Reader {
  pos = 0;
  counted = 0;
  constructor(readonly src: string) {}

  fail(message: string, at = this.pos): never {
    throw new LiteralError(message, at);
  }

  skipSpace(): void {
    // Newlines are fine inside brackets; a comment is not data.
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.pos++;
      else if (c === '\\' && this.src[this.pos + 1] === '\n') this.pos += 2;
      else if (c === '#') this.fail('a comment is not part of a value');
      else break;
    }
  }

  peek(): string {
    this.skipSpace();
    return this.src[this.pos] ?? '';
  }

  eat(char: string): boolean {
    if (this.peek() !== char) return false;
    this.pos++;
    return true;
  }

  count(): void {
    if (++this.counted > LITERAL_LIMITS.items)
      this.fail(`more than ${LITERAL_LIMITS.items} values in one input`);
  }

  value(depth: number): PyValue {
    if (depth > LITERAL_LIMITS.depth)
      this.fail(`nested more than ${LITERAL_LIMITS.depth} levels deep`);
    this.count();
    const c = this.peek();
    if (c === '') this.fail('the text ends where a value should be');
    if (c === '[') return this.list(depth);
    if (c === '(') return this.parenthesised(depth);
    if (c === '{') return this.braces(depth);
    if (c === '-' || c === '+') return this.signed(depth);
    if (/[0-9.]/.test(c)) return this.number();
    if (c === '"' || c === "'") return this.strings();
    if (/[A-Za-z_]/.test(c)) return this.word();
    return this.fail(`unexpected ${JSON.stringify(c)}`);
  }

  signed(depth: number): PyValue {
    const start = this.pos;
    const sign = this.src[this.pos++];
    const operand = this.value(depth + 1);
    if (operand.t === 'int') return { t: 'int', v: sign === '-' ? -operand.v : operand.v };
    if (operand.t === 'float') return { t: 'float', v: sign === '-' ? -operand.v : operand.v };
    return this.fail(`"${sign}" applies only to numbers here`, start);
  }

  number(): PyValue {
    const start = this.pos;
    const rest = this.src.slice(start);
    const based = /^0([xXoObB])([0-9a-fA-F_]+)/.exec(rest);
    let text: string;
    let value: PyValue;
    if (based) {
      text = based[0];
      const digits = based[2].replace(/_/g, '');
      const base = { x: 16, o: 8, b: 2 }[based[1].toLowerCase() as 'x' | 'o' | 'b'];
      const valid = base === 16 ? /^[0-9a-fA-F]+$/ : base === 8 ? /^[0-7]+$/ : /^[01]+$/;
      if (!valid.test(digits) || /__|_$/.test(based[2])) this.fail(`bad number ${text}`, start);
      const prefix = { 16: '0x', 8: '0o', 2: '0b' }[base];
      value = { t: 'int', v: BigInt(prefix + digits) };
    } else {
      const m = /^(?:\d(?:_?\d)*)?(?:\.(?:\d(?:_?\d)*)?)?(?:[eE][+-]?\d(?:_?\d)*)?/.exec(rest);
      text = m?.[0] ?? '';
      if (text === '' || text === '.' || !/\d/.test(text.replace(/[eE].*$/, '')))
        this.fail('bad number', start);
      const plain = text.replace(/_/g, '');
      if (/[.eE]/.test(plain)) value = { t: 'float', v: Number(plain) };
      else {
        if (/^0\d/.test(plain) && /[1-9]/.test(plain))
          this.fail(`${text} is not a Python number (leading zeros)`, start);
        value = { t: 'int', v: BigInt(plain) };
      }
    }
    this.pos += text.length;
    const next = this.src[this.pos] ?? '';
    if (next === 'j' || next === 'J') this.fail('complex numbers are not supported', start);
    if (/[\w.]/.test(next)) this.fail(`bad number ${text}${next}`, start);
    if (value.t === 'float' && !Number.isFinite(value.v))
      this.fail(`${text} is too large for a float`, start);
    return value;
  }

  word(): PyValue {
    const start = this.pos;
    const m = /^[A-Za-z_]\w*/.exec(this.src.slice(start)) as RegExpExecArray;
    const name = m[0];
    const quote = this.src[start + name.length];
    if ((quote === '"' || quote === "'") && /^[rRuUbBfF]{1,2}$/.test(name)) {
      if (/[bB]/.test(name)) this.fail('bytes are not supported', start);
      if (/[fF]/.test(name)) this.fail('an f-string is code, not a literal', start);
      return this.strings();
    }
    this.pos += name.length;
    if (Object.hasOwn(KEYWORDS, name)) return KEYWORDS[name];
    if (name === 'set' && this.eat('(')) {
      if (this.eat(')')) return { t: 'set', items: [] };
      this.fail('only set() with no arguments is a literal', start);
    }
    return this.fail(`${name} is a name, not a literal`, start);
  }

  /** One or more adjacent string literals, joined as Python joins them. */
  strings(): PyValue {
    let text = this.string();
    for (;;) {
      const save = this.pos;
      const c = this.peek();
      const prefixed = /^[rRuU]['"]/.test(this.src.slice(this.pos, this.pos + 2));
      if (c === '"' || c === "'" || prefixed) text += this.string();
      else {
        this.pos = save;
        return { t: 'str', v: text };
      }
    }
  }

  string(): string {
    const start = this.pos;
    let raw = false;
    while (/[rRuU]/.test(this.src[this.pos])) {
      if (/[rR]/.test(this.src[this.pos])) raw = true;
      this.pos++;
    }
    const q = this.src[this.pos];
    const triple = this.src.slice(this.pos, this.pos + 3) === q.repeat(3);
    const close = triple ? q.repeat(3) : q;
    this.pos += close.length;
    let out = '';
    for (;;) {
      if (this.pos >= this.src.length) this.fail('a string is not closed', start);
      if (this.src.startsWith(close, this.pos)) {
        this.pos += close.length;
        return out;
      }
      const c = this.src[this.pos];
      if (c === '\n' && !triple) this.fail('a string is not closed on its line', start);
      if (c !== '\\') {
        out += c;
        this.pos++;
        continue;
      }
      if (raw) {
        // A raw string keeps the backslash; it still cannot end the string.
        out += c + (this.src[this.pos + 1] ?? '');
        this.pos += 2;
        continue;
      }
      out += this.escape();
    }
  }

  escape(): string {
    const at = this.pos;
    const e = this.src[this.pos + 1] ?? '';
    this.pos += 2;
    if (e === '\n') return '';
    if (Object.hasOwn(SIMPLE_ESCAPES, e)) return SIMPLE_ESCAPES[e];
    const hex = (n: number): string => {
      const digits = this.src.slice(this.pos, this.pos + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(digits))
        this.fail(`\\${e} needs ${n} hex digits`, at);
      this.pos += n;
      const code = parseInt(digits, 16);
      if (code > 0x10ffff) this.fail(`\\${e}${digits} is not a character`, at);
      return String.fromCodePoint(code);
    };
    if (e === 'x') return hex(2);
    if (e === 'u') return hex(4);
    if (e === 'U') return hex(8);
    if (e === 'N') this.fail('named escapes (\\N{...}) are not supported', at);
    if (/[0-7]/.test(e)) {
      let digits = e;
      while (digits.length < 3 && /[0-7]/.test(this.src[this.pos] ?? '')) {
        digits += this.src[this.pos++];
      }
      return String.fromCodePoint(parseInt(digits, 8));
    }
    // Python keeps an unknown escape as it is (with a warning).
    return '\\' + e;
  }

  /**
   * Items up to `close`, separated by commas; a trailing comma is allowed. `done` items were
   * read already (so a comma comes first).
   */
  items(close: string, item: () => void, done = 0): void {
    for (let n = done; ; n++) {
      if (this.eat(close)) return;
      if (n > 0 && !this.eat(',')) this.fail(`expected "," or "${close}"`);
      if (n > 0 && this.eat(close)) return;
      item();
    }
  }

  list(depth: number): PyValue {
    this.pos++; // the opening bracket
    const items: PyValue[] = [];
    this.items(']', () => items.push(this.value(depth + 1)));
    return { t: 'list', items };
  }

  parenthesised(depth: number): PyValue {
    this.pos++;
    if (this.eat(')')) return { t: 'tuple', items: [] };
    const first = this.value(depth + 1);
    if (this.eat(')')) return first; // (x) is x, not a tuple
    if (!this.eat(',')) this.fail('expected "," or ")"');
    const items = [first];
    this.items(')', () => items.push(this.value(depth + 1)));
    return { t: 'tuple', items };
  }

  braces(depth: number): PyValue {
    this.pos++;
    if (this.eat('}')) return { t: 'dict', entries: [] };
    const start = this.pos;
    const first = this.value(depth + 1);
    if (this.eat(':')) {
      const entries: [PyValue, PyValue][] = [];
      const add = (key: PyValue, value: PyValue, at: number) => {
        if (!isHashable(key)) this.fail(`a ${key.t} cannot be a dict key`, at);
        const k = valueKey(key);
        const i = entries.findIndex(([other]) => valueKey(other) === k);
        if (i >= 0) entries[i] = [entries[i][0], value];
        else entries.push([key, value]);
      };
      add(first, this.value(depth + 1), start);
      this.items(
        '}',
        () => {
          const at = this.pos;
          const key = this.value(depth + 1);
          if (!this.eat(':')) this.fail('expected ":" in a dict');
          add(key, this.value(depth + 1), at);
        },
        1
      );
      return { t: 'dict', entries };
    }
    const items: PyValue[] = [];
    const add = (item: PyValue, at: number) => {
      if (!isHashable(item)) this.fail(`a ${item.t} cannot be in a set`, at);
      if (!items.some((other) => valueKey(other) === valueKey(item))) items.push(item);
    };
    add(first, start);
    this.items(
      '}',
      () => {
        const at = this.pos;
        add(this.value(depth + 1), at);
      },
      1
    );
    return { t: 'set', items };
  }
}

/** Whether Python could hash the value (a set element or dict key). */
export function isHashable(value: PyValue): boolean {
  if (value.t === 'list' || value.t === 'set' || value.t === 'dict') return false;
  return value.t !== 'tuple' || value.items.every(isHashable);
}

/**
 * A key equal for values Python considers equal as set elements or dict keys: `1`, `1.0` and
 * `True` are the same key.
 */
export function valueKey(value: PyValue): string {
  switch (value.t) {
    case 'int':
      return `n${value.v}`;
    case 'bool':
      return value.v ? 'n1' : 'n0';
    case 'float':
      return Number.isInteger(value.v) ? `n${BigInt(value.v)}` : `f${value.v}`;
    case 'none':
      return 'None';
    case 'str':
      return `s${JSON.stringify(value.v)}`;
    case 'tuple':
      return `(${value.items.map(valueKey).join(',')})`;
    default:
      return printValue(value);
  }
}

function checkSize(text: string): void {
  if (text.length > LITERAL_LIMITS.chars)
    throw new LiteralError(`longer than ${LITERAL_LIMITS.chars} characters`, 0);
}

/** Parses one literal; throws LiteralError saying why the text is not one. */
export function parseLiteral(text: string): PyValue {
  checkSize(text);
  const r = new Reader(text);
  const value = r.value(0);
  if (r.peek() !== '') r.fail(`unexpected ${JSON.stringify(r.peek())} after the value`);
  return value;
}

/**
 * Parses call arguments, `1, 'a', [2]`: literals separated by commas (positional only).
 * Throws LiteralError saying why not.
 */
export function parseArguments(text: string): PyValue[] {
  checkSize(text);
  const r = new Reader(text);
  const args: PyValue[] = [];
  if (r.peek() === '') return args;
  for (;;) {
    const at = r.pos;
    if (/^\s*[A-Za-z_]\w*\s*=[^=]/.test(text.slice(at)))
      r.fail('keyword arguments are not supported; write the values in order', at);
    if (/^\s*\*/.test(text.slice(at))) r.fail('* and ** are code, not literals', at);
    args.push(r.value(0));
    if (r.peek() === '') return args;
    if (!r.eat(',')) r.fail(`unexpected ${JSON.stringify(r.peek())} after argument ${args.length}`);
    if (r.peek() === '') return args;
  }
}

/** `{ ok, value }` or `{ ok: false, reason }`: parseArguments without exceptions. */
export function tryParseArguments(
  text: string
): { ok: true; args: PyValue[] } | { ok: false; reason: string } {
  try {
    return { ok: true, args: parseArguments(text) };
  } catch (error) {
    if (error instanceof LiteralError) return { ok: false, reason: error.message };
    throw error;
  }
}

// ---- printing ------------------------------------------------------------------------------

/** Python source for a float that reads back as the same number (e.g. 3.0, 0.1, 1e-07). */
function printFloat(v: number): string {
  if (Number.isNaN(v)) return "float('nan')";
  if (!Number.isFinite(v)) return v > 0 ? "float('inf')" : "-float('inf')";
  if (Object.is(v, -0)) return '-0.0';
  const s = String(v);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

/** Python's repr of a str: single quotes unless the text has ' and no ". */
function printString(v: string): string {
  const q = v.includes("'") && !v.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of v) {
    const code = ch.codePointAt(0) as number;
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += '\\' + q;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).padStart(2, '0');
    else if (code >= 0xd800 && code <= 0xdfff) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + q;
}

/**
 * Python source for a value, as repr() writes it. With `sorted`, set items are printed in a
 * fixed order, so two sets that are equal print alike (Python's set order depends on hashing,
 * which differs between interpreters).
 */
export function printValue(value: PyValue, sorted = false): string {
  const p = (v: PyValue) => printValue(v, sorted);
  switch (value.t) {
    case 'int':
      return String(value.v);
    case 'float':
      return printFloat(value.v);
    case 'bool':
      return value.v ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'str':
      return printString(value.v);
    case 'list':
      return `[${value.items.map(p).join(', ')}]`;
    case 'tuple':
      return value.items.length === 1
        ? `(${p(value.items[0])},)`
        : `(${value.items.map(p).join(', ')})`;
    case 'set': {
      if (value.items.length === 0) return 'set()';
      const items = value.items.map(p);
      if (sorted) items.sort();
      return `{${items.join(', ')}}`;
    }
    case 'dict':
      return `{${value.entries.map(([k, v]) => `${p(k)}: ${p(v)}`).join(', ')}}`;
  }
}

/** Call arguments as Python source: `1, 'a', [2]`. */
export function printArguments(args: readonly PyValue[]): string {
  return args.map((a) => printValue(a)).join(', ');
}

/**
 * A program's output in a form that compares equal when the values are equal: the repr
 * re-printed with set items in a fixed order, or the repr as it is when it is not a literal
 * (an object's repr, a truncated repr).
 */
export function canonicalRepr(repr: string): string {
  try {
    return printValue(parseLiteral(repr), true);
  } catch {
    return repr;
  }
}
