/**
 * Getting a program's source ready to run as a function body, keeping every line where it was
 * (so an error's line is a line of what the learner or model wrote): module syntax the body
 * cannot hold is taken out, and TypeScript is transpiled with sucrase, which keeps lines.
 *
 * Plain JavaScript with JSDoc types because Node's sandbox process runs it without a TypeScript
 * loader.
 */

/**
 * `export` in front of a declaration is dropped (the declaration stays, so the entry point is
 * found by its name); `export { … }` and `export default name;` lines are emptied. Imports
 * stay: a program here is a script, and the error says so.
 * @param {string} code
 */
export function stripExports(code) {
  return code
    .replace(
      /^([ \t]*)export[ \t]+(?:default[ \t]+)?(?=(?:async[ \t]+)?function\b|class\b|const\b|let\b|var\b|type\b|interface\b|enum\b|abstract\b|declare\b|namespace\b)/gm,
      '$1'
    )
    .replace(/^[ \t]*export[ \t]*\{[^}\n]*\}[ \t]*;?[ \t]*$/gm, '')
    .replace(/^[ \t]*export[ \t]+default[ \t]+[A-Za-z_$][\w$]*[ \t]*;?[ \t]*$/gm, '');
}

/**
 * TypeScript to JavaScript, lines kept. Sucrase is loaded on first use only, so a worker that
 * runs JavaScript never downloads it.
 * @param {string} code
 * @returns {Promise<string>}
 * @throws {SyntaxError & { loc?: { line: number } }} when sucrase cannot parse the program
 */
export async function transpileTypeScript(code) {
  const { transform } = await import('sucrase');
  return transform(code, { transforms: ['typescript'], disableESTransforms: true }).code;
}

/**
 * The 1-based line of a syntax error, found by parsing with sucrase (engines say what is wrong
 * but not where, for code compiled with `new Function`); null when sucrase finds nothing wrong.
 * @param {string} code
 * @param {boolean} typescript
 * @returns {Promise<number | null>}
 */
export async function syntaxErrorLine(code, typescript) {
  try {
    const { transform } = await import('sucrase');
    transform(code, { transforms: typescript ? ['typescript'] : [], disableESTransforms: true });
    return null;
  } catch (error) {
    const loc = /** @type {{ loc?: { line?: unknown } }} */ (error).loc;
    return typeof loc?.line === 'number' && loc.line > 0 ? loc.line : null;
  }
}
