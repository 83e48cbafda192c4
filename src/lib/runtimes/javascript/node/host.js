/**
 * The harness's host in any Node: programs are compiled with `vm.compileFunction` in this realm
 * (no header lines, so no line offset; no dynamic-import callback, so `import()` fails), and
 * Node names a syntax error's line on the first line of its stack. Shared by the sandbox process
 * (`node/sandbox-process.js`) and the WebContainer runner (`webcontainer/runner.js`).
 *
 * Plain JavaScript because the sandbox process runs without a TypeScript loader.
 */
import vm from 'node:vm';

/**
 * @typedef {import('../harness/harness.js').Host} Host
 * @typedef {import('../../python/progress.js').RunEvent} RunEvent
 */

/** @param {unknown} error */
function syntaxLine(error) {
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
  const match = /^program\.js:(\d+)/.exec(stack);
  return match ? Number(match[1]) : null;
}

/**
 * @param {(event: RunEvent) => void} report
 * @returns {Host}
 */
export function nodeHost(report) {
  return {
    lineOffset: 0,
    compile: (params, body, file) =>
      /** @type {(...args: unknown[]) => unknown} */ (
        vm.compileFunction(body, params, { filename: file })
      ),
    syntaxLine,
    report
  };
}
