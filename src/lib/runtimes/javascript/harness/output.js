/**
 * What a program prints: a capture that keeps the first `OUTPUT_LIMIT` characters (like the
 * Python harness), and the `console` and `process` a program sees, writing into it.
 *
 * Plain JavaScript with JSDoc types because Node's sandbox process runs it without a TypeScript
 * loader.
 */
import { P, append } from './primordials.js';
import { jsRepr } from './repr.js';

/** How much of stdout (and of stderr) is kept. */
export const OUTPUT_LIMIT = 20_000;

/** Text written to one stream: the first OUTPUT_LIMIT characters, then a note. */
export class Capture {
  /** @type {string[]} */
  #parts = [];
  #size = 0;
  #taken = 0;
  #full = false;

  /** @param {string} text */
  write(text) {
    if (this.#full) return;
    const room = OUTPUT_LIMIT - this.#size;
    if (text.length > room) {
      append(this.#parts, P.slice(text, 0, room));
      append(
        this.#parts,
        '\n[output truncated: only the first ' + OUTPUT_LIMIT + ' characters are kept]\n'
      );
      this.#size = OUTPUT_LIMIT;
      this.#full = true;
    } else {
      append(this.#parts, text);
      this.#size += text.length;
    }
  }

  /** True once the limit is reached: whatever is written now is dropped. */
  get full() {
    return this.#full;
  }

  /** The text written since the previous `take()`. */
  take() {
    let out = '';
    for (let i = this.#taken; i < this.#parts.length; i++) out += this.#parts[i];
    this.#taken = this.#parts.length;
    return out;
  }

  /** Everything kept. */
  value() {
    let out = '';
    for (let i = 0; i < this.#parts.length; i++) out += this.#parts[i];
    return out;
  }
}

/**
 * `console.log`'s text for its arguments, like Node's `util.format`: a first string argument
 * may hold %s %d %i %f %j %o %O %c %%; strings print as they are, other values as `jsRepr`.
 * @param {unknown[]} args
 */
export function format(args) {
  let out = '';
  let next = 0;
  if (typeof args[0] === 'string') {
    const template = args[0];
    next = 1;
    for (let i = 0; i < template.length; i++) {
      const ch = P.slice(template, i, i + 1);
      const spec = P.slice(template, i + 1, i + 2);
      if (ch !== '%' || i + 1 >= template.length) {
        out += ch;
        continue;
      }
      if (spec === '%') {
        out += '%';
        i++;
        continue;
      }
      if (P.indexOf('sdifjoOc', spec) < 0 || next >= args.length) {
        out += ch;
        continue;
      }
      const value = args[next++];
      i++;
      if (spec === 's') out += typeof value === 'string' ? value : jsRepr(value);
      else if (spec === 'd' || spec === 'i' || spec === 'f') out += numberText(value, spec);
      else if (spec === 'j') out += jsonText(value);
      else if (spec !== 'c') out += jsRepr(value);
    }
  }
  for (let i = next; i < args.length; i++) {
    const value = args[i];
    if (out !== '' || i > 0) out += ' ';
    out += typeof value === 'string' ? value : jsRepr(value);
  }
  return out;
}

/**
 * @param {unknown} value
 * @param {string} spec
 */
function numberText(value, spec) {
  if (typeof value === 'bigint') return P.bigintToString(value) + 'n';
  if (typeof value === 'symbol' || (typeof value === 'object' && value !== null)) return 'NaN';
  const n = P.Number(value);
  return P.numberToString(spec === 'f' ? n : n < 0 ? -P.floor(-n) : P.floor(n));
}

/** @param {unknown} value */
function jsonText(value) {
  try {
    return P.String(P.stringify(value));
  } catch {
    return '[Circular]';
  }
}

/**
 * The `console` a program sees: log/info/debug/dir/table/trace to stdout, warn/error to
 * stderr, `assert` printing like Node's; counters and timers work; groups indent.
 * @param {Capture} stdout
 * @param {Capture} stderr
 */
export function makeConsole(stdout, stderr) {
  let indent = '';
  /** @type {Record<string, number>} */
  const counts = P.create(null);
  /** @type {Record<string, number>} */
  const timers = P.create(null);
  /**
   * @param {Capture} stream
   * @param {string} text
   */
  const line = (stream, text) => {
    stream.write(indent ? indent + P.join(P.split(text, '\n'), '\n' + indent) + '\n' : text + '\n');
  };
  // Output past the limit is dropped, so it is not formatted either: a program printing in a
  // loop runs as fast as it can after the first 20,000 characters (QuickJS formats slowly).
  /** @param {unknown[]} args */
  const out = (...args) => {
    if (!stdout.full) line(stdout, format(args));
  };
  /** @param {unknown[]} args */
  const err = (...args) => {
    if (!stderr.full) line(stderr, format(args));
  };
  return {
    log: out,
    info: out,
    debug: out,
    trace: out,
    /** @param {unknown} value */
    dir: (value) => line(stdout, jsRepr(value)),
    /** @param {unknown} value */
    table: (value) => line(stdout, jsRepr(value)),
    warn: err,
    error: err,
    /**
     * @param {unknown} condition
     * @param {unknown[]} args
     */
    assert: (condition, ...args) => {
      if (!condition) line(stderr, 'Assertion failed' + (args.length ? ': ' + format(args) : ''));
    },
    /** @param {unknown[]} args */
    group: (...args) => {
      if (args.length) line(stdout, format(args));
      indent += '  ';
    },
    groupEnd: () => {
      indent = P.slice(indent, 2);
    },
    count: (label = 'default') => {
      const key = P.String(label);
      counts[key] = (counts[key] ?? 0) + 1;
      line(stdout, key + ': ' + counts[key]);
    },
    countReset: (label = 'default') => {
      counts[P.String(label)] = 0;
    },
    time: (label = 'default') => {
      timers[P.String(label)] = P.now();
    },
    timeEnd: (label = 'default') => {
      const key = P.String(label);
      const start = timers[key];
      if (start !== undefined) line(stdout, key + ': ' + (P.now() - start) + 'ms');
    },
    clear: () => {}
  };
}
