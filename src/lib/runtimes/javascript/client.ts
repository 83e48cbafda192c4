/**
 * The host side of the JavaScript sandbox, shared by the browser (a module Worker) and Node (a
 * separate process, `node/sandbox.ts`): they differ only in how a "worker" is spawned.
 *
 * Every program gets a fresh worker, so nothing one program does to its realm (globals,
 * prototypes, timers) reaches the next; a spare is started while a program runs, so the next
 * one does not wait. The time limit starts when the harness says the program started. A
 * JavaScript program that never yields (`while (true)`, `for (;;) await null`) cannot be
 * interrupted from outside, so at the limit the worker is terminated and the result is built
 * from the events it streamed: finished tests keep their verdicts, the running one is
 * "timeout", the rest "not-run". Several programs may run at once, up to `maxWorkers`.
 */
import { z } from 'zod';
import {
  ErrorInfoSchema,
  ExecRequestSchema,
  TestOutcomeSchema,
  type ErrorInfo,
  type ExecRequest,
  type ExecResult,
  type Sandbox
} from '../../core/run/effects';
import { RunEventSchema } from '../python/client';
import { abortReason, abortable } from '../abort';
import { RunProgress, toExecResult, type HarnessReport } from '../python/progress.js';

/** Messages to a JS sandbox worker. */
export type JsHostMessage = { type: 'run'; id: number; request: ExecRequest };

/** Callbacks a spawned worker reports to. */
export interface JsWorkerHandlers {
  onMessage(data: unknown): void;
  /** the worker failed to start, threw, ran out of memory, or exited */
  onError(error: Error): void;
}

/** A spawned worker, as the client needs it. */
export interface JsWorkerPort {
  postMessage(message: JsHostMessage): void;
  terminate(): void;
}

/** What the JS sandbox is doing, for a status line. */
export interface JsSandboxStatus {
  state: 'idle' | 'running' | 'failed';
  message: string;
}

/** Options of {@link JsSandboxClient}. */
export interface JsClientOptions {
  /** starts a worker that runs `node/sandbox-process.js`'s or `sandbox-javascript.ts`'s protocol */
  spawn: (handlers: JsWorkerHandlers) => JsWorkerPort;
  /** how many programs may run at once; default 2 */
  maxWorkers?: number;
  /** how long a worker may take to start; default 20 s */
  startTimeoutMs?: number;
  /**
   * how long past the time limit a worker may take to stop the program and report it itself
   * (the QuickJS worker interrupts it) before it is terminated; default 0
   */
  graceMs?: number;
  /** what a crash of the worker means in words, by the error it reported (e.g. out of memory) */
  explainCrash?: (error: Error) => ErrorInfo | null;
  onStatus?: (status: JsSandboxStatus) => void;
}

/** Extra time for the `started` event to arrive before the time limit is enforced anyway. */
const START_SLACK_MS = 5_000;

const HarnessReportSchema = z
  .object({
    status: z.enum(['ok', 'error', 'timeout']),
    loaded: z.boolean(),
    outcomes: z.array(TestOutcomeSchema),
    error: ErrorInfoSchema.nullable(),
    timeoutLine: z.number().int().positive().nullable(),
    trace: z.null(),
    stdout: z.string().max(100_000),
    stderr: z.string().max(100_000)
  })
  .strict();

const WorkerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('event'), id: z.number(), event: RunEventSchema }),
  z.object({ type: z.literal('done'), id: z.number(), report: z.unknown() }),
  z.object({ type: z.literal('failed'), id: z.number(), message: z.string().max(5_000) })
]);
type WorkerMessage = z.infer<typeof WorkerMessageSchema>;

/** A worker started ahead of its program. */
interface Spawned {
  port: JsWorkerPort | null;
  ready: Promise<void>;
  /** where its messages go once a run owns it */
  listener: ((message: WorkerMessage) => void) | null;
  crashed: ((error: Error) => void) | null;
  closed: boolean;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs JavaScript and TypeScript programs against tests; see the file comment. */
export class JsSandboxClient implements Sandbox {
  readonly language = 'javascript';
  readonly #spawn: JsClientOptions['spawn'];
  readonly #maxWorkers: number;
  readonly #startTimeoutMs: number;
  readonly #graceMs: number;
  readonly #explainCrash: NonNullable<JsClientOptions['explainCrash']>;
  readonly #onStatus: (status: JsSandboxStatus) => void;
  #spare: Spawned | null = null;
  #running = 0;
  #waiting: (() => void)[] = [];
  #nextId = 0;
  #disposed = false;

  constructor(options: JsClientOptions) {
    this.#spawn = options.spawn;
    this.#maxWorkers = Math.max(1, options.maxWorkers ?? 2);
    this.#startTimeoutMs = options.startTimeoutMs ?? 20_000;
    this.#graceMs = options.graceMs ?? 0;
    this.#explainCrash = options.explainCrash ?? (() => null);
    this.#onStatus = options.onStatus ?? (() => {});
  }

  /** Starts a worker now, so the first program does not wait for one. */
  warm(): Promise<void> {
    if (this.#disposed) return Promise.reject(new Error('This JavaScript sandbox was shut down.'));
    this.#spare ??= this.#start();
    return this.#spare.ready;
  }

  /** Runs one request in a fresh worker. Rejects if aborted, or if no worker can be started. */
  async execute(request: ExecRequest, options?: { signal?: AbortSignal }): Promise<ExecResult> {
    const parsed = ExecRequestSchema.parse(request);
    if (parsed.language === 'python') {
      throw new Error(
        'The JavaScript sandbox cannot run Python; this request needs the Python one.'
      );
    }
    const signal = options?.signal;
    await this.#slot(signal);
    try {
      return await this.#run(parsed, signal);
    } finally {
      this.#running--;
      this.#waiting.shift()?.();
      if (this.#running === 0 && !this.#disposed) this.#status('idle', 'JavaScript is ready.');
    }
  }

  /** Terminates the spare worker and every running program; later calls reject. */
  dispose(): void {
    this.#disposed = true;
    if (this.#spare) this.#close(this.#spare);
    this.#spare = null;
    for (const wake of this.#waiting.splice(0)) wake();
  }

  #status(state: JsSandboxStatus['state'], message: string): void {
    try {
      this.#onStatus({ state, message });
    } catch {
      // a failing status listener must not break a run
    }
  }

  async #slot(signal?: AbortSignal): Promise<void> {
    while (this.#running >= this.#maxWorkers) {
      signal?.throwIfAborted();
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
    if (this.#disposed) throw new Error('This JavaScript sandbox was shut down.');
    signal?.throwIfAborted();
    this.#running++;
  }

  #start(): Spawned {
    let resolveReady = () => {};
    let rejectReady: (error: Error) => void = () => {};
    const spawned: Spawned = {
      port: null,
      ready: new Promise<void>((resolve, reject) => {
        resolveReady = resolve;
        rejectReady = reject;
      }),
      listener: null,
      crashed: null,
      closed: false
    };
    spawned.ready.catch(() => {}); // whoever awaits it handles the failure
    const timer = setTimeout(
      () =>
        rejectReady(
          new Error(
            `The JavaScript worker did not start within ${Math.round(this.#startTimeoutMs / 1000)} s.`
          )
        ),
      this.#startTimeoutMs
    );
    const onMessage = (data: unknown) => {
      const parsed = WorkerMessageSchema.safeParse(data);
      if (!parsed.success || spawned.closed) return;
      if (parsed.data.type === 'ready') {
        clearTimeout(timer);
        resolveReady();
      } else if (parsed.data.type === 'failed' && parsed.data.id === -1) {
        onError(new Error(parsed.data.message)); // the worker could not get ready
      } else {
        spawned.listener?.(parsed.data);
      }
    };
    const onError = (error: Error) => {
      clearTimeout(timer);
      rejectReady(new Error(`The JavaScript worker could not be started: ${error.message}`));
      spawned.crashed?.(error);
    };
    try {
      spawned.port = this.#spawn({ onMessage, onError });
    } catch (error) {
      onError(error instanceof Error ? error : new Error(String(error)));
    }
    return spawned;
  }

  #close(spawned: Spawned): void {
    spawned.closed = true;
    try {
      spawned.port?.terminate();
    } catch {
      // already gone
    }
  }

  /** A started worker: the spare if there is one (and a new spare behind it). */
  async #take(signal?: AbortSignal): Promise<Spawned> {
    const spawned = this.#spare ?? this.#start();
    this.#spare = this.#disposed ? null : this.#start();
    try {
      await abortable(spawned.ready, signal);
    } catch (error) {
      this.#close(spawned);
      throw error;
    }
    return spawned;
  }

  async #run(request: ExecRequest, signal?: AbortSignal): Promise<ExecResult> {
    const worker = await this.#take(signal);
    this.#status('running', 'Running the program…');
    return new Promise<ExecResult>((resolve, reject) => {
      const id = ++this.#nextId;
      const progress = new RunProgress();
      let startedAt = performance.now();
      let timer: ReturnType<typeof setTimeout> | undefined;
      let settled = false;
      const finish = (result: ExecResult | null, error?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.#close(worker);
        if (result) resolve(result);
        else reject(error);
      };
      const elapsed = () => performance.now() - startedAt;
      const onTimeout = () => finish(toExecResult(request, progress.report('timeout'), elapsed()));
      const onAbort = () => finish(null, abortReason(signal as AbortSignal));
      worker.listener = (message) => {
        if (message.type === 'ready' || message.id !== id) return;
        if (message.type === 'event') {
          progress.add(message.event);
          if (message.event.type === 'started') {
            startedAt = performance.now();
            clearTimeout(timer);
            timer = setTimeout(onTimeout, request.timeoutMs + this.#graceMs);
          }
        } else if (message.type === 'done') {
          finish(checkReport(request, message.report, elapsed()));
        } else {
          finish(crashResult(request, progress, elapsed(), sandboxError(message.message)));
        }
      };
      worker.crashed = (error) => {
        const info =
          this.#explainCrash(error) ??
          sandboxError(`the worker stopped unexpectedly (${messageOf(error).slice(0, 500)})`);
        finish(crashResult(request, progress, elapsed(), info));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      timer = setTimeout(onTimeout, request.timeoutMs + START_SLACK_MS);
      try {
        worker.port?.postMessage({ type: 'run', id, request });
      } catch (error) {
        worker.crashed?.(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }
}

/**
 * A harness's report as an `ExecResult`, checked first: the program ran where the report was
 * made, so it is trusted only once it parses.
 */
export function checkReport(request: ExecRequest, report: unknown, durationMs: number): ExecResult {
  const parsed = HarnessReportSchema.safeParse(report);
  if (parsed.success && parsed.data.outcomes.length <= request.tests.length) {
    return toExecResult(request, parsed.data as HarnessReport, durationMs);
  }
  return toExecResult(
    request,
    {
      status: 'error',
      loaded: false,
      outcomes: [],
      error: sandboxError('the worker returned a malformed result'),
      timeoutLine: null,
      trace: null,
      stdout: '',
      stderr: ''
    },
    durationMs
  );
}

function sandboxError(detail: string): ErrorInfo {
  return {
    type: 'SandboxError',
    message: `The JavaScript sandbox failed: ${detail.replace(/\.+$/, '')}.`,
    line: null
  };
}

/**
 * The result of a run whose worker died: finished tests keep their verdicts and the test that
 * was running gets the error (out of memory, say); the run's status is "error".
 */
function crashResult(
  request: ExecRequest,
  progress: RunProgress,
  durationMs: number,
  info: ErrorInfo
): ExecResult {
  const report = progress.report('error', info);
  const result = toExecResult(request, report, durationMs);
  const running = report.outcomes.length;
  if (report.loaded && running < result.tests.length) {
    result.tests[running] = { ...result.tests[running], status: 'error', error: info };
  }
  return result;
}
