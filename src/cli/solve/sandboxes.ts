/**
 * The CLI's sandboxes: programs go to Pyodide or to the Node JavaScript sandbox by the language
 * of each request, so a problems file may mix HumanEval (Python) and HumanEval-X/MultiPL-E lines.
 */
import type { Sandbox } from '../../lib/core/run/effects';
import type { Problem } from '../../lib/core/problems/problem';

/** One sandbox that hands each request to the one for its language. */
export function byLanguage(python: Sandbox, javascript: Sandbox | null): Sandbox {
  return {
    language: 'python',
    execute(request, options) {
      if (request.language === 'python') return python.execute(request, options);
      if (javascript) return javascript.execute(request, options);
      return Promise.reject(
        new Error(`No ${request.language} sandbox was started: no problem of this run needs one.`)
      );
    }
  };
}

/** Which runtimes the problems need, so a JavaScript-only run never loads Python. */
export function languagesNeeded(problems: readonly (Problem | null)[]) {
  return {
    python: problems.some((p) => p?.language === 'python'),
    javascript: problems.some((p) => p !== null && p.language !== 'python')
  };
}
