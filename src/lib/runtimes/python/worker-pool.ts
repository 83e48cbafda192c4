/**
 * Several Python sandbox workers behind one `Sandbox`, for running many programs at once (a
 * batch of samples, a benchmark). Each worker is a `SandboxClient` (see `client.ts`), which owns
 * the time limit, the interrupt and terminate-and-respawn; the pool only decides which worker
 * takes which request.
 *
 * - Workers start lazily: the first request (or `warm()`) starts one; another starts only when a
 *   request is waiting and every worker is busy or loading, up to `size`. Requests never wait
 *   for the whole pool: each runs on the first worker that is free.
 * - The first worker makes a memory snapshot of its freshly loaded Python (`snapshots.ts`), and
 *   every later worker, including a replacement, starts from it (a fraction of a cold load).
 *   So while the first is loading no second cold load starts; growth resumes once it is ready.
 * - A request goes to an idle, loaded worker, or waits in a first-in, first-out queue. The time
 *   limit counts from when its program starts, not while it waits.
 * - A worker that was terminated (time limit, crash, abort) is restarted at once in the
 *   background, so the next request does not wait for Pyodide to load. A crash affects only the
 *   request that worker was running.
 * - If Python cannot be loaded and no worker is left, waiting requests reject with the reason;
 *   the next request tries again. After a failed load the pool starts no more workers until the
 *   next request, so a broken network does not turn into a loop of doomed workers.
 *
 * Each worker holds its own Pyodide (tens of MB): keep `size` small.
 */
import {
  ExecRequestSchema,
  type ExecRequest,
  type ExecResult,
  type Sandbox
} from '../../core/run/effects';
import { abortReason } from '../abort';
import { adaptWorker, createSandboxWorker } from './browser-worker';
import { SandboxClient, type ClientOptions, type SandboxStatus } from './client';
import { SnapshotStore } from './snapshots';

/** Options of {@link WorkerPool}. */
export interface WorkerPoolOptions {
  /**
   * How many workers at most; default one less than the CPU's cores, between 1 and 4
   * (`navigator.hardwareConcurrency`, 2 when unknown).
   */
  size?: number;
  /** where Pyodide's files are served, ending in '/'; default: the worker's (`PYODIDE_BASE`) */
  indexURL?: string;
  /** called whenever the pool's state changes, with a sentence to show */
  onStatus?: (status: SandboxStatus) => void;
  /** makes a browser worker; default: the `sandbox-python.ts` module worker */
  createWorker?: () => Worker;
  /** starts a worker speaking the protocol of `serve.js`; overrides `createWorker` (tests) */
  spawn?: ClientOptions['spawn'];
  /** how long an interrupted program may take to stop before its worker is terminated */
  graceMs?: number;
  /** how long loading Pyodide may take; default 120 s */
  loadTimeoutMs?: number;
  /** what to tell people when Python cannot be loaded; default: the browser's advice */
  failureHint?: string;
  /** the workers' memory snapshot (see `snapshots.ts`); default: a new, empty store */
  snapshots?: SnapshotStore;
}

/** The default pool size: one less than the cores, between 1 and 4. */
export function defaultPoolSize(): number {
  const cores = typeof navigator === 'undefined' ? 0 : navigator.hardwareConcurrency;
  return Math.max(1, Math.min(4, (cores || 2) - 1));
}

interface Job {
  request: ExecRequest;
  signal?: AbortSignal;
  resolve(result: ExecResult): void;
  reject(error: unknown): void;
  /** stops listening for an abort while queued */
  detach(): void;
}

interface Slot {
  client: SandboxClient;
  /** loading: starting (or restarting) its worker; idle: loaded, free; busy: running a job */
  phase: 'loading' | 'idle' | 'busy';
  /** the client's latest status */
  status: SandboxStatus;
  /** settles when the current load finished, either way */
  loading: Promise<void>;
}

const FAILURE_HINT =
  'Reload the page to try again; if it keeps failing, check your connection and that your ' +
  'browser allows WebAssembly.';

/** Runs Python programs against tests on up to `size` workers at once. */
export class WorkerPool implements Sandbox {
  readonly language = 'python';
  /** the most workers this pool starts */
  readonly size: number;
  readonly #options: WorkerPoolOptions;
  readonly #spawn: ClientOptions['spawn'];
  readonly #onStatus: (status: SandboxStatus) => void;
  #slots: Slot[] = [];
  #queue: Job[] = [];
  readonly #snapshots: SnapshotStore;
  #failure: SandboxStatus | null = null;
  /** set when a worker failed to load: no new workers until the next request, or it loops */
  #noGrowth = false;
  #lastStatus = '';
  #disposed = false;

  constructor(options: WorkerPoolOptions = {}) {
    this.#options = options;
    this.size = Math.max(1, Math.floor(options.size ?? defaultPoolSize()));
    const createWorker = options.createWorker ?? createSandboxWorker;
    this.#spawn = options.spawn ?? ((handlers) => adaptWorker(createWorker(), handlers));
    this.#onStatus = options.onStatus ?? (() => {});
    this.#snapshots = options.snapshots ?? new SnapshotStore();
  }

  /** Starts loading the first worker only, so the first run does not wait; never rejects. */
  warm(): Promise<void> {
    if (this.#disposed) return Promise.resolve();
    return (this.#slots[0] ?? this.#addSlot()).loading;
  }

  /**
   * Like `warm()`, but rejects with a plain sentence if Python cannot be loaded (a CLI stops
   * there). Resolves once one worker is ready; the others start as requests need them.
   */
  load(): Promise<void> {
    if (this.#disposed) return Promise.reject(new Error('This Python sandbox has been shut down.'));
    return (this.#slots[0] ?? this.#addSlot()).client.load();
  }

  /** How many workers were started so far: loading cold, and from the snapshot. */
  get started(): { cold: number; fromSnapshot: number } {
    return { ...this.#snapshots.started };
  }

  /** How many workers are loaded (idle or running a program). */
  get workersReady(): number {
    return this.#slots.filter((slot) => slot.phase !== 'loading').length;
  }

  /**
   * Runs the program against the tests on the next free worker. Resolves with the result,
   * including runs that fail or time out; rejects if aborted, or with a plain-sentence Error if
   * Python cannot be loaded.
   */
  execute(request: ExecRequest, options?: { signal?: AbortSignal }): Promise<ExecResult> {
    if (this.#disposed) return Promise.reject(new Error('This Python sandbox has been shut down.'));
    const signal = options?.signal;
    const parsed = ExecRequestSchema.safeParse(request);
    if (!parsed.success) return Promise.reject(parsed.error);
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    this.#noGrowth = false;
    return new Promise<ExecResult>((resolve, reject) => {
      const job: Job = { request: parsed.data, signal, resolve, reject, detach: () => {} };
      if (signal) {
        const onAbort = () => {
          this.#queue = this.#queue.filter((queued) => queued !== job);
          reject(abortReason(signal));
          this.#report();
        };
        signal.addEventListener('abort', onAbort, { once: true });
        job.detach = () => signal.removeEventListener('abort', onAbort);
      }
      this.#queue.push(job);
      this.#pump();
    });
  }

  /** Terminates every worker; runs in progress, waiting requests and later calls reject. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    const slots = this.#slots;
    this.#slots = [];
    for (const slot of slots) slot.client.dispose();
    const error = new Error('The Python sandbox was shut down.');
    for (const job of this.#queue.splice(0)) {
      job.detach();
      job.reject(error);
    }
    this.#emit({ state: 'idle', message: 'Python was shut down.' });
  }

  // ---- workers -------------------------------------------------------------------------

  #addSlot(): Slot {
    const slot: Slot = {
      client: new SandboxClient({
        spawn: this.#spawn,
        indexURL: this.#options.indexURL,
        graceMs: this.#options.graceMs,
        loadTimeoutMs: this.#options.loadTimeoutMs,
        failureHint: this.#options.failureHint ?? FAILURE_HINT,
        snapshots: this.#snapshots,
        onStatus: (status) => {
          slot.status = status;
          this.#report();
          // An idle worker that died (it crashed, or the browser killed it) is restarted now.
          if (slot.phase === 'idle' && !slot.client.ready) queueMicrotask(() => this.#revive(slot));
        }
      }),
      phase: 'loading',
      status: { state: 'loading', message: 'Loading Python…' },
      loading: Promise.resolve()
    };
    this.#slots.push(slot);
    this.#load(slot);
    return slot;
  }

  #load(slot: Slot): void {
    slot.phase = 'loading';
    slot.loading = slot.client.load().then(
      () => {
        if (this.#disposed || !this.#slots.includes(slot)) return;
        this.#failure = null;
        slot.phase = 'idle';
        this.#pump();
      },
      (error: unknown) => {
        if (this.#disposed) return;
        // Dropped: a later request starts a fresh one. Its worker is already terminated.
        this.#slots = this.#slots.filter((other) => other !== slot);
        this.#noGrowth = true;
        this.#failure = slot.status.state === 'failed' ? slot.status : null;
        if (this.#slots.length === 0) {
          for (const job of this.#queue.splice(0)) {
            job.detach();
            job.reject(error);
          }
        }
        this.#pump();
      }
    );
  }

  #revive(slot: Slot): void {
    if (this.#disposed || slot.phase !== 'idle' || slot.client.ready) return;
    if (this.#slots.includes(slot)) this.#load(slot);
  }

  /** Hands waiting jobs to idle workers, and starts workers while jobs wait and room is left. */
  #pump(): void {
    for (;;) {
      const slot = this.#slots.find((candidate) => candidate.phase === 'idle');
      const job = slot ? this.#queue.shift() : undefined;
      if (!slot || !job) break;
      this.#run(slot, job);
    }
    const loading = this.#slots.filter((slot) => slot.phase === 'loading').length;
    // While the first worker loads cold to make the snapshot, another cold load would only
    // slow it down; the next workers start from the snapshot once it exists.
    const room = this.#noGrowth || this.#snapshots.pending ? 0 : this.size - this.#slots.length;
    const wanted = Math.min(this.#queue.length - loading, room);
    for (let i = 0; i < wanted; i++) this.#addSlot();
    this.#report();
  }

  #run(slot: Slot, job: Job): void {
    slot.phase = 'busy';
    job.detach(); // from now on the client handles an abort
    slot.client
      .execute(job.request, { signal: job.signal })
      .then(job.resolve, job.reject)
      .finally(() => {
        if (this.#disposed || !this.#slots.includes(slot)) return;
        if (slot.client.ready) {
          slot.phase = 'idle';
          this.#pump();
        } else {
          // Its worker was terminated (time limit, crash, abort): restart it now, in the
          // background, rather than when the next request arrives.
          this.#load(slot);
          this.#report();
        }
      });
  }

  // ---- status --------------------------------------------------------------------------

  #report(): void {
    if (!this.#disposed) this.#emit(this.#aggregate());
  }

  #emit(status: SandboxStatus): void {
    const key = `${status.state}\n${status.message}`;
    if (key === this.#lastStatus) return;
    this.#lastStatus = key;
    try {
      this.#onStatus(status);
    } catch {
      // a failing status listener must not break a run
    }
  }

  #aggregate(): SandboxStatus {
    const slots = this.#slots;
    if (slots.length === 0) {
      return this.#failure ?? { state: 'idle', message: 'Python is not loaded yet.' };
    }
    // One worker says best what it is doing ("Downloading Python (about 5 MB…)").
    if (slots.length === 1) return slots[0].status;
    const total = slots.length;
    const ready = slots.filter((slot) => slot.phase !== 'loading').length;
    const busy = slots.filter((slot) => slot.phase === 'busy').length;
    const counts = `${ready} of ${total} workers ready`;
    if (ready === 0) {
      const restarting = slots.every((slot) => slot.status.state === 'restarting');
      return restarting
        ? { state: 'restarting', message: `Restarting Python (${counts})…` }
        : { state: 'loading', message: `Loading Python (${counts})…` };
    }
    if (busy > 0) {
      const programs = busy === 1 ? '1 program' : `${busy} programs`;
      return { state: 'running', message: `Running ${programs} (${counts})…` };
    }
    if (ready < total) return { state: 'loading', message: `Loading Python (${counts})…` };
    return { state: 'ready', message: `Python is ready (${total} workers).` };
  }
}
