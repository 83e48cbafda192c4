/**
 * The host side of the Python sandbox, shared by the browser (`WorkerSandbox`) and Node
 * (`createNodeSandbox`): they differ only in how a worker is spawned.
 *
 * It owns one worker at a time, spawned lazily, and runs requests one after another. The time
 * limit starts when the worker says the program started (so loading Pyodide does not count).
 * When it expires the client writes SIGINT into the shared interrupt buffer (if there is one),
 * again every few milliseconds, and waits a short grace period for the harness's own "timeout"
 * answer, which knows the line that was running. If none comes (`time.sleep`, a program swallowing the interrupt, no
 * SharedArrayBuffer), it terminates the worker and builds the result from the events streamed
 * so far; the next request spawns a fresh worker.
 */
import { z } from 'zod';
import {
  ExecRequestSchema,
  ExecResultSchema,
  ExecTraceSchema,
  TestOutcomeSchema,
  type ErrorInfo,
  type ExecRequest,
  type ExecResult
} from '../../core/run/effects';
import { HARNESS_SOURCE, SEAL_SOURCE } from './harness';
import { RunProgress, toExecResult, type RunEvent } from './progress.js';
import type { HostMessage } from './serve.js';
import { SnapshotStore } from './snapshots';
import { DownloadClock, describeDownload, type DownloadProgress } from './download';
import { abortReason, abortable } from '../abort';

/** What the sandbox is doing, for a status line. */
export type SandboxStatus = {
  state: 'idle' | 'loading' | 'ready' | 'running' | 'restarting' | 'failed';
  /** a plain sentence for people */
  message: string;
  /** while Python's files download: how far, for a progress bar */
  download?: DownloadProgress;
};

/** Callbacks a spawned worker reports to. */
export interface WorkerHandlers {
  onMessage(data: unknown): void;
  /** the worker failed to start, threw, or exited */
  onError(error: Error): void;
}

/** A spawned worker, as the client needs it. */
export interface WorkerPort {
  postMessage(message: HostMessage): void;
  terminate(): void;
}

/** Options of {@link SandboxClient}. */
export interface ClientOptions {
  /** starts a worker that serves the protocol of `serve.js` */
  spawn: (handlers: WorkerHandlers) => WorkerPort;
  /** where the worker finds Pyodide (browser); null lets the worker decide */
  indexURL?: string | null;
  onStatus?: (status: SandboxStatus) => void;
  /** how long to wait for an interrupted program to stop before terminating; default 300 ms */
  graceMs?: number;
  /** how long loading Pyodide may take; default 120 s */
  loadTimeoutMs?: number;
  /** what to tell people when Python cannot be loaded: a sentence saying what to try */
  failureHint?: string;
  /**
   * The memory snapshot later workers start from (see `snapshots.ts`); a pool shares one among
   * its clients. Default: this client's own, so a worker replaced after a time limit starts
   * quickly.
   */
  snapshots?: SnapshotStore;
}

const SIGINT = 2;
/**
 * How often SIGINT is written again while waiting for an interrupted program. Pyodide clears the
 * buffer with a plain read-then-write, which loses a write landing in between (a real race in a
 * tight loop), so one write is not enough.
 */
const INTERRUPT_REPEAT_MS = 25;
/** Extra time for the `started` event to arrive before the time limit is enforced anyway. */
const START_SLACK_MS = 5_000;

/** A harness's progress event, checked (the JavaScript host reads the same events). */
export const RunEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started') }),
  z.object({ type: z.literal('loaded'), stdout: z.string(), stderr: z.string() }),
  z.object({
    type: z.literal('trace'),
    trace: ExecTraceSchema,
    stdout: z.string(),
    stderr: z.string()
  }),
  z.object({
    type: z.literal('test'),
    index: z.number().int().nonnegative(),
    outcome: TestOutcomeSchema,
    stdout: z.string(),
    stderr: z.string()
  })
]);

/** Messages from the worker, checked: user code runs in there. */
const WorkerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), message: z.string().max(1_000) }),
  z.object({
    type: z.literal('ready'),
    snapshot: z.instanceof(Uint8Array).optional(),
    refused: z.boolean().optional()
  }),
  z.object({ type: z.literal('failed'), message: z.string() }),
  z.object({
    type: z.literal('download'),
    loaded: z.number().nonnegative(),
    total: z.number().nonnegative()
  }),
  z.object({ type: z.literal('event'), id: z.number(), event: RunEventSchema }),
  z.object({ type: z.literal('done'), id: z.number(), result: z.unknown(), restart: z.boolean() })
]);

interface ActiveRun {
  id: number;
  onEvent(event: RunEvent): void;
  onDone(result: unknown, restart: boolean): void;
  /** the worker died or was shut down under this run */
  onCrash(error: Error): void;
}

interface Live {
  port: WorkerPort | null;
  interrupt: Int32Array | null;
  ready: Promise<void>;
  loaded: boolean;
  closed: boolean;
  /** this worker was asked to make the snapshot */
  makesSnapshot: boolean;
  run: ActiveRun | null;
  /** rejects `ready` (no effect once it settled) */
  rejectReady(error: Error): void;
  fail(detail: string): void;
}

function canShareMemory(): boolean {
  // Without cross-origin isolation browsers hide SharedArrayBuffer or refuse to post it.
  return (
    typeof SharedArrayBuffer === 'function' &&
    Reflect.get(globalThis, 'crossOriginIsolated') !== false
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs requests in a worker with a time limit; see the file comment for how. */
export class SandboxClient {
  readonly #spawn: ClientOptions['spawn'];
  readonly #indexURL: string | null;
  readonly #onStatus: (status: SandboxStatus) => void;
  readonly #graceMs: number;
  readonly #loadTimeoutMs: number;
  readonly #failureHint: string;
  readonly #snapshots: SnapshotStore;
  #live: Live | null = null;
  #tail: Promise<unknown> = Promise.resolve();
  #nextId = 0;
  #restarting = false;
  #disposed = false;

  constructor(options: ClientOptions) {
    this.#spawn = options.spawn;
    this.#indexURL = options.indexURL ?? null;
    this.#onStatus = options.onStatus ?? (() => {});
    this.#graceMs = options.graceMs ?? 300;
    this.#loadTimeoutMs = options.loadTimeoutMs ?? 120_000;
    this.#failureHint = options.failureHint ?? 'Try again; if it keeps failing, reload the page.';
    this.#snapshots = options.snapshots ?? new SnapshotStore();
  }

  /** True when a worker is loaded and idle or running: a request would not wait for loading. */
  get ready(): boolean {
    const live = this.#live;
    return !this.#disposed && live !== null && live.loaded && !live.closed;
  }

  /** Starts loading Python if it is not loaded; resolves when ready, rejects if it fails. */
  load(): Promise<void> {
    if (this.#disposed) return Promise.reject(new Error('This Python sandbox has been shut down.'));
    return this.#ensureLive().ready;
  }

  /** Runs one request after the ones already queued. Rejects if aborted or Python fails to load. */
  execute(request: ExecRequest, options?: { signal?: AbortSignal }): Promise<ExecResult> {
    const signal = options?.signal;
    let parsed: ExecRequest;
    try {
      parsed = ExecRequestSchema.parse(request);
    } catch (error) {
      return Promise.reject(error);
    }
    const task = this.#tail.then(() => this.#runOne(parsed, signal));
    this.#tail = task.catch(() => {});
    return abortable(task, signal);
  }

  /** Terminates the worker; runs in progress reject, later calls reject. */
  dispose(): void {
    this.#disposed = true;
    if (this.#live) this.#close(this.#live, new Error('The Python sandbox was shut down.'));
    this.#setStatus('idle', 'Python was shut down.');
  }

  #setStatus(state: SandboxStatus['state'], message: string, download?: DownloadProgress): void {
    try {
      this.#onStatus(download ? { state, message, download } : { state, message });
    } catch {
      // a failing status listener must not break a run
    }
  }

  #ensureLive(): Live {
    return this.#live && !this.#live.closed ? this.#live : this.#spawnLive();
  }

  #spawnLive(): Live {
    const shared = canShareMemory() ? new SharedArrayBuffer(4) : null;
    const loadingState = this.#restarting ? 'restarting' : 'loading';
    let resolveReady = () => {};
    let rejectReady: (error: Error) => void = () => {};
    const ready = new Promise<void>((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    });
    ready.catch(() => {}); // the caller that awaits it handles the failure
    const plan = this.#snapshots.plan();
    const live: Live = {
      port: null,
      interrupt: shared ? new Int32Array(shared) : null,
      ready,
      loaded: false,
      closed: false,
      makesSnapshot: plan.makeSnapshot,
      run: null,
      rejectReady,
      fail: (detail) => {
        if (live.closed) return;
        const reason = detail.trim().replace(/\.+$/, '');
        const error = new Error(`Python could not be started: ${reason}. ${this.#failureHint}`);
        this.#close(live, error);
        this.#setStatus('failed', error.message);
      }
    };
    const loadTimer = setTimeout(
      () =>
        live.fail(`it did not finish loading within ${Math.round(this.#loadTimeoutMs / 1000)} s`),
      this.#loadTimeoutMs
    );
    const stopLoadTimer = () => clearTimeout(loadTimer);
    ready.then(stopLoadTimer, stopLoadTimer);
    this.#live = live;
    this.#setStatus(
      loadingState,
      this.#restarting
        ? 'Restarting Python…'
        : 'Loading Python (the first time takes a few seconds)…'
    );
    const clock = new DownloadClock();
    const onMessage = (data: unknown) => {
      if (live.closed) return;
      const parsed = WorkerMessageSchema.safeParse(data);
      if (!parsed.success) return;
      const message = parsed.data;
      switch (message.type) {
        case 'status':
          if (!live.loaded) this.#setStatus(loadingState, message.message);
          break;
        case 'download': {
          if (live.loaded) break;
          const progress = clock.update(message.loaded, message.total);
          if (progress.loaded < progress.total) {
            const text = `Downloading Python: ${describeDownload(progress)}…`;
            this.#setStatus(loadingState, text, progress);
          } else this.#setStatus(loadingState, 'Starting Python…');
          break;
        }
        case 'ready':
          if (live.makesSnapshot) this.#snapshots.made(message.snapshot);
          if (message.refused && plan.snapshot) this.#snapshots.refused(plan.snapshot);
          live.loaded = true;
          this.#restarting = false;
          resolveReady();
          this.#setStatus('ready', 'Python is ready.');
          break;
        case 'failed':
          live.fail(message.message);
          break;
        case 'event':
          if (live.run?.id === message.id) live.run.onEvent(message.event);
          break;
        case 'done':
          if (live.run?.id === message.id) live.run.onDone(message.result, message.restart);
          break;
      }
    };
    const onError = (error: Error) => {
      if (live.closed) return;
      if (!live.loaded) live.fail(error.message || 'the worker could not be started');
      else if (live.run) live.run.onCrash(error);
      else
        this.#close(live, error, 'Python stopped unexpectedly; it will restart for the next run.');
    };
    try {
      live.port = this.#spawn({ onMessage, onError });
      live.port.postMessage({
        type: 'init',
        harness: HARNESS_SOURCE,
        seal: SEAL_SOURCE,
        indexURL: this.#indexURL,
        interruptBuffer: shared,
        snapshot: plan.snapshot,
        makeSnapshot: plan.makeSnapshot
      });
    } catch (error) {
      live.fail(messageOf(error) || 'the worker could not be started');
    }
    return live;
  }

  /** Terminates a worker for good; the next request spawns another. */
  #close(live: Live, error: Error, status?: string): void {
    if (live.closed) return;
    live.closed = true;
    if (live.makesSnapshot && !live.loaded) this.#snapshots.abandoned();
    live.rejectReady(error);
    const run = live.run;
    live.run = null;
    try {
      live.port?.terminate();
    } catch {
      // already gone
    }
    if (this.#live === live) this.#live = null;
    if (live.loaded) this.#restarting = true;
    run?.onCrash(error);
    if (status) this.#setStatus('idle', status);
  }

  async #runOne(request: ExecRequest, signal?: AbortSignal): Promise<ExecResult> {
    if (this.#disposed) throw new Error('This Python sandbox has been shut down.');
    signal?.throwIfAborted();
    let live = this.#ensureLive();
    await abortable(live.ready, signal);
    if (live.closed) {
      // It died between loading and this run (e.g. shut down by a crash): one fresh try.
      live = this.#ensureLive();
      await abortable(live.ready, signal);
    }
    return this.#send(live, request, signal);
  }

  #send(live: Live, request: ExecRequest, signal?: AbortSignal): Promise<ExecResult> {
    return new Promise<ExecResult>((resolve, reject) => {
      const id = ++this.#nextId;
      const progress = new RunProgress();
      let startedAt = performance.now();
      let timer: ReturnType<typeof setTimeout> | undefined;
      let settled = false;

      const arm = (ms: number, then: () => void) => {
        clearTimeout(timer);
        timer = setTimeout(then, ms);
      };
      const settle = (): boolean => {
        if (settled) return false;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (live.run?.id === id) live.run = null;
        return true;
      };
      const fromProgress = (status: 'timeout' | 'error', error: ErrorInfo | null = null) =>
        toExecResult(request, progress.report(status, error), performance.now() - startedAt);
      const kill = () => {
        if (!settle()) return;
        resolve(fromProgress('timeout'));
        this.#close(
          live,
          new Error('The program ran out of time.'),
          'Python was stopped because the program ran out of time; it will restart for the next run.'
        );
      };
      const onTimeout = () => {
        const interrupt = live.interrupt;
        if (!interrupt) return kill();
        const deadline = performance.now() + this.#graceMs;
        const poke = () => {
          const left = deadline - performance.now();
          if (left <= 0) return kill();
          Atomics.store(interrupt, 0, SIGINT);
          arm(Math.min(INTERRUPT_REPEAT_MS, left), poke);
        };
        poke();
      };
      const onAbort = () => {
        if (!settle()) return;
        reject(abortReason(signal as AbortSignal));
        this.#close(
          live,
          new Error('The run was aborted.'),
          'Python was stopped; it will restart for the next run.'
        );
      };

      live.run = {
        id,
        onEvent: (event) => {
          progress.add(event);
          if (event.type === 'started') {
            startedAt = performance.now();
            arm(request.timeoutMs, onTimeout);
          }
        },
        onDone: (result, restart) => {
          if (!settle()) return;
          resolve(this.#check(request, result, performance.now() - startedAt));
          if (restart) {
            this.#close(
              live,
              new Error('Python failed.'),
              'Python failed; it will restart for the next run.'
            );
          } else {
            this.#setStatus('ready', 'Python is ready.');
          }
        },
        onCrash: (error) => {
          if (!settle()) return;
          if (this.#disposed) return reject(error);
          resolve(
            fromProgress('error', {
              type: 'SandboxError',
              message:
                `The Python sandbox stopped unexpectedly (${messageOf(error).slice(0, 500)}); ` +
                'it will restart for the next run.',
              line: null
            })
          );
          this.#close(
            live,
            error,
            'Python stopped unexpectedly; it will restart for the next run.'
          );
        }
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      arm(request.timeoutMs + START_SLACK_MS, onTimeout);
      this.#setStatus('running', 'Running the program…');
      try {
        live.port?.postMessage({ type: 'run', id, request });
      } catch (error) {
        live.run?.onCrash(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /** The worker's result, checked: user code runs in that worker, so trust it once parsed. */
  #check(request: ExecRequest, result: unknown, durationMs: number): ExecResult {
    const parsed = ExecResultSchema.safeParse(result);
    if (
      parsed.success &&
      parsed.data.tests.length === request.tests.length &&
      (parsed.data.trace === undefined) === (request.trace === undefined)
    ) {
      return parsed.data;
    }
    return toExecResult(
      request,
      {
        status: 'error',
        loaded: false,
        outcomes: [],
        error: {
          type: 'SandboxError',
          message: 'The Python sandbox returned a malformed result.',
          line: null
        },
        timeoutLine: null,
        trace: null,
        stdout: '',
        stderr: ''
      },
      durationMs
    );
  }
}
