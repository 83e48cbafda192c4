/**
 * How a run's partial results become an `ExecResult`. Shared by the engine (inside a worker)
 * and by the hosts, which rebuild a result from streamed events when they had to kill a worker.
 *
 * Plain JavaScript with JSDoc types because Node 20's worker_threads cannot load TypeScript: the
 * Node worker imports this file as is, the browser worker and the hosts import it through Vite.
 */

/**
 * @typedef {import('../../core/run/effects').ExecRequest} ExecRequest
 * @typedef {import('../../core/run/effects').ExecResult} ExecResult
 * @typedef {import('../../core/run/effects').TestOutcome} TestOutcome
 * @typedef {import('../../core/run/effects').ErrorInfo} ErrorInfo
 * @typedef {import('../../core/run/effects').ExecTrace} ExecTrace
 * @typedef {ExecRequest['tests'][number]} AnyTest
 */

/** What a check case's outcome shows as its input (it has no arguments of its own). */
export const CHECK_INPUT = 'check(candidate)';
/** What a check case's outcome shows as its expected value. */
export const CHECK_EXPECTED = 'every assertion holds';

/**
 * The input and expected value an outcome shows for a test: a call's own, or the fixed
 * description of a HumanEval check.
 * @param {AnyTest} test
 * @returns {{ input: string, expected: string }}
 */
export function describeTest(test) {
  return 'check' in test
    ? { input: CHECK_INPUT, expected: CHECK_EXPECTED }
    : { input: test.input, expected: 'expected' in test ? test.expected : '' };
}

/**
 * What the harness returns for one run (and what a host can rebuild from events): the outcomes
 * of the tests that finished, in order, and how the run ended.
 * @typedef {object} HarnessReport
 * @property {'ok' | 'error' | 'timeout'} status
 * @property {boolean} loaded the program loaded and the tests started
 * @property {TestOutcome[]} outcomes the finished tests, in order
 * @property {ErrorInfo | null} error why the program could not load (status 'error')
 * @property {number | null} timeoutLine the program line that was running when time ran out
 * @property {ExecTrace | null} trace the requested trace, once the traced test started
 * @property {string} stdout
 * @property {string} stderr
 */

/**
 * Progress of a run, reported as it happens. `started`: the program is about to run (the time
 * limit starts now); `loaded`: the program loaded; `trace`: the requested trace is complete;
 * `test`: one test finished. `stdout`/`stderr` hold the output written since the previous event.
 * @typedef {{ type: 'started' }
 *   | { type: 'loaded', stdout: string, stderr: string }
 *   | { type: 'trace', trace: ExecTrace, stdout: string, stderr: string }
 *   | { type: 'test', index: number, outcome: TestOutcome, stdout: string,
 *       stderr: string }} RunEvent
 */

/**
 * Turns a harness report into an `ExecResult`: one outcome per requested test, the running test
 * marked "timeout" when time ran out, the rest "not-run"; `trace` only when one was requested
 * (null if the traced test never ran, or the worker died before the trace was complete).
 * @param {ExecRequest} request
 * @param {HarnessReport} report
 * @param {number} durationMs
 * @returns {ExecResult}
 */
export function toExecResult(request, report, durationMs) {
  const limit = `the time limit of ${request.timeoutMs} ms`;
  const finished = report.outcomes.slice(0, request.tests.length);
  const timedOut = report.status === 'timeout';
  /** @type {TestOutcome[]} */
  const tests = request.tests.map((test, index) => {
    const done = finished[index];
    if (done) return done;
    const running = timedOut && report.loaded && index === finished.length;
    return {
      ...describeTest(test),
      status: running ? 'timeout' : 'not-run',
      actual: null,
      error: running
        ? {
            type: 'TimeoutError',
            message: `The call did not return within ${limit}.`,
            line: report.timeoutLine
          }
        : null
    };
  });
  let error = report.error;
  if (timedOut && !error) {
    error = {
      type: 'TimeoutError',
      message: report.loaded
        ? `The tests did not finish within ${limit}.`
        : `The program did not finish loading within ${limit}; ` +
          'check for endless loops or waits at the top level.',
      line: report.timeoutLine
    };
  }
  /** @type {ExecResult} */
  const result = {
    status: report.status,
    tests,
    error,
    stdout: report.stdout,
    stderr: report.stderr,
    durationMs: Math.max(0, durationMs)
  };
  if (request.trace) result.trace = report.trace ?? null;
  return result;
}

/** Collects a run's events, so a result can be built even if the worker never answers. */
export class RunProgress {
  /** @type {TestOutcome[]} */
  #outcomes = [];
  #loaded = false;
  #started = false;
  /** @type {ExecTrace | null} */
  #trace = null;
  #stdout = '';
  #stderr = '';

  /** True once the program has started running. */
  get started() {
    return this.#started;
  }

  /** @param {RunEvent} event */
  add(event) {
    if (event.type === 'started') {
      this.#started = true;
      return;
    }
    this.#stdout += event.stdout;
    this.#stderr += event.stderr;
    if (event.type === 'loaded') this.#loaded = true;
    else if (event.type === 'trace') this.#trace = event.trace;
    else if (event.index === this.#outcomes.length) this.#outcomes.push(event.outcome);
  }

  /**
   * A report of what is known so far, for a run that ended without the harness's own report.
   * @param {'error' | 'timeout'} status
   * @param {ErrorInfo | null} [error] why, when status is 'error'
   * @returns {HarnessReport}
   */
  report(status, error = null) {
    return {
      status,
      loaded: this.#loaded,
      outcomes: [...this.#outcomes],
      error,
      timeoutLine: null,
      trace: this.#trace,
      stdout: this.#stdout,
      stderr: this.#stderr
    };
  }
}
