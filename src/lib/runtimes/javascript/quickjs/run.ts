/**
 * One QuickJS run's result, as the harness reports it or as the host ends it: the harness's
 * events go through here (to the client, and into a `RunProgress`), and so does how the run
 * ended when the harness could not say it itself: at the time limit (`timeout`), out of memory,
 * or out of the host's stack. QuickJS's own `out of memory` becomes an `OutOfMemory` verdict and
 * ends the run, as a V8 worker's death by out-of-memory does in Node.
 */
import type { ErrorInfo, ExecRequest } from '../../../core/run/effects';
import {
  RunProgress,
  describeTest,
  type HarnessReport,
  type RunEvent
} from '../../python/progress.js';
import { QUICKJS_MEMORY_MB } from './limits';

/** The ErrorInfo of a program that hit {@link QUICKJS_MEMORY_MB}. */
export function outOfMemory(line: number | null): ErrorInfo {
  return {
    type: 'OutOfMemory',
    message: `The program ran out of memory (the limit is ${QUICKJS_MEMORY_MB} MB) and was stopped.`,
    line
  };
}

/** True for QuickJS's own error when an allocation fails. */
export function isOutOfMemory(error: ErrorInfo | null | undefined): error is ErrorInfo {
  return error?.type === 'InternalError' && error.message === 'out of memory';
}

export function sandboxError(detail: string): ErrorInfo {
  return {
    type: 'SandboxError',
    message: `The JavaScript sandbox failed: ${detail.replace(/\.+$/, '')}.`,
    line: null
  };
}

/** See the file comment. `halt` stops the engine (the run ended before the harness did). */
export class QuickJsRun {
  readonly #request: ExecRequest;
  readonly #emit: (event: RunEvent) => void;
  readonly #halt: () => void;
  readonly #progress = new RunProgress();
  #result: HarnessReport | null = null;
  /** when the time limit ends, once the harness said the program started */
  deadline: number | null = null;
  /** the program's line that was running when time ran out, when the engine said */
  timeoutLine: number | null = null;

  constructor(request: ExecRequest, emit: (event: RunEvent) => void, halt: () => void) {
    this.#request = request;
    this.#emit = emit;
    this.#halt = halt;
  }

  get ended(): boolean {
    return this.#result !== null;
  }

  /** The result: the harness's report, or what is known at the time limit. */
  report(): HarnessReport {
    return this.#result ?? { ...this.#progress.report('timeout'), timeoutLine: this.timeoutLine };
  }

  /** An event from the harness (JSON). */
  event(json: string): void {
    if (this.ended) return;
    const event = JSON.parse(json) as RunEvent;
    const oom = event.type === 'test' && isOutOfMemory(event.outcome.error);
    if (event.type === 'test' && oom) {
      event.outcome = { ...event.outcome, error: outOfMemory(event.outcome.error?.line ?? null) };
    }
    if (event.type === 'started') this.deadline = performance.now() + this.#request.timeoutMs;
    this.#progress.add(event);
    this.#emit(event);
    if (oom) this.end(outOfMemory(null));
  }

  /** The harness's own report (JSON). */
  done(json: string): void {
    if (this.ended) return;
    const report = JSON.parse(json) as HarnessReport;
    if (isOutOfMemory(report.error)) report.error = outOfMemory(report.error.line);
    this.#result = report;
  }

  /** The harness itself threw. */
  failed(message: string): void {
    this.end(message === 'out of memory' ? outOfMemory(null) : sandboxError(message));
  }

  /**
   * Ends the run with `error` (it stays the first one given). With `running`, the test that was
   * running when it happened gets the error too (when the harness could not record it).
   */
  end(error: ErrorInfo, running = false): void {
    if (this.ended) return;
    this.#halt();
    const sofar = this.#progress.report('error');
    const index = sofar.outcomes.length;
    const test = this.#request.tests[index];
    if (running && sofar.loaded && test) {
      const outcome = { ...describeTest(test), status: 'error' as const, actual: null, error };
      const event: RunEvent = { type: 'test', index, outcome, stdout: '', stderr: '' };
      this.#progress.add(event);
      this.#emit(event);
    }
    this.#result = this.#progress.report('error', error);
  }
}
