/**
 * Stands in for `sucrase` inside QuickJS: `source.js` imports `sucrase` to transpile TypeScript
 * and to find a syntax error's line, and the QuickJS host answers that import with this module.
 * The host runs the real sucrase outside QuickJS (a parser: it never runs the code it reads)
 * and sends back the code or the error with its line. Loaded by `entry.js` before any
 * program runs, so it keeps the host's function and `JSON` as they were.
 *
 * Plain JavaScript with JSDoc types, like the harness.
 */
const bridge = Reflect.get(globalThis, '__quickjsHost');
/** @type {(code: string, optionsJson: string) => string} */
const transpile = Reflect.get(bridge, 'transpile');
const { parse, stringify } = JSON;

/**
 * What `source.js` uses of sucrase's `transform`.
 * @param {string} code
 * @param {object} options
 * @returns {{ code: string }}
 * @throws {SyntaxError & { loc?: { line: number, column: number } }}
 */
export function transform(code, options) {
  /** @type {{ code?: string, error?: string, line?: number }} */
  const answer = parse(transpile(code, stringify(options)));
  if (typeof answer.code === 'string') return { code: answer.code };
  const error = /** @type {SyntaxError & { loc?: { line: number, column: number } }} */ (
    new SyntaxError(answer.error ?? 'the TypeScript could not be read')
  );
  if (typeof answer.line === 'number') error.loc = { line: answer.line, column: 0 };
  throw error;
}
