/**
 * The runtimes of a browser tab: one Python worker pool, one JavaScript runtime and the
 * in-browser model engine, each made on first need and kept while the tab lives. Moving from
 * lesson to lesson is a client-side navigation, so the next lesson finds Python loaded (and a
 * loaded model still loaded) instead of starting it again.
 *
 * Pages never hold these directly: `browserRuntimes()` (browser.ts) is a page's view of them.
 * It listens to their status while the page lives and, when the page goes, stops listening and
 * aborts the page's own runs; the workers stay. The pool keeps its own rules: a program past
 * its time limit still gets its worker terminated and replaced.
 */
import type { Sandbox } from '../core/run/effects';
import type { JsRuntimeState } from './javascript/runtime';
import { WebLLMEngines } from './model/model-for-run';
import { CallQueue } from './model/serial';
import type { SandboxStatus } from './python/client';

/** What the runtimes report as they load, restart or fail; the page turns it into a line. */
export type RuntimeStatus =
  | { runtime: 'python'; status: SandboxStatus; waiting?: boolean }
  | { runtime: 'javascript'; state: JsRuntimeState };

/** The tab's Python: a pool of Pyodide workers (`WorkerPool`), as the tab needs it. */
export interface PythonPool extends Sandbox {
  /** starts loading the first worker; resolves when it settled, either way */
  warm(): Promise<void>;
  /** how many workers are loaded */
  readonly workersReady: number;
  /** how many workers were started: loading cold, and from the memory snapshot */
  readonly started: { cold: number; fromSnapshot: number };
  dispose(): void;
}

/** The tab's JavaScript runtime (`JsRuntime`). */
export type JavaScriptRuntime = Sandbox & { dispose(): void };

/** How the tab makes its runtimes; tests pass fakes. */
export interface TabRuntimesOptions {
  createPython?: (onStatus: (status: SandboxStatus) => void) => Promise<PythonPool>;
  createJavaScript?: (onState: (state: JsRuntimeState) => void) => Promise<JavaScriptRuntime>;
  /** told of every Python status, with the pool (the tab's test hook, see `tabRuntimes`) */
  onPython?: (status: SandboxStatus, pool: PythonPool | null) => void;
}

/** A memoized load that forgets a failure, so the next call tries again. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | null = null;
  return () =>
    (made ??= make().catch((error: unknown) => {
      made = null;
      throw error;
    }));
}

/** The runtimes of one tab; see the file comment. */
export class TabRuntimes {
  /** the in-browser model engine, kept across pages */
  readonly engines = new WebLLMEngines();
  /** one engine serves the tab: its calls take turns (see `SerialModel`) */
  readonly modelQueue = new CallQueue();
  readonly #listeners = new Set<(report: RuntimeStatus) => void>();
  readonly #latest: { python?: RuntimeStatus; javascript?: RuntimeStatus } = {};
  #pool: PythonPool | null = null;
  #js: JavaScriptRuntime | null = null;
  readonly python: () => Promise<PythonPool>;
  readonly javascript: () => Promise<JavaScriptRuntime>;

  constructor(options: TabRuntimesOptions = {}) {
    const createPython =
      options.createPython ??
      (async (onStatus) => {
        const { WorkerPool } = await import('./python/worker-pool');
        return new WorkerPool({ onStatus });
      });
    const createJavaScript =
      options.createJavaScript ??
      (async (onState) => {
        const { JsRuntime } = await import('./javascript/runtime');
        return new JsRuntime({ onState });
      });
    /** Loaded on first need, never with the page; then kept for the tab's life. */
    this.python = once(async () => {
      this.#pool = await createPython((status) => {
        options.onPython?.(status, this.#pool);
        this.#tell({ runtime: 'python', status });
      });
      return this.#pool;
    });
    this.javascript = once(async () => {
      this.#js = await createJavaScript((state) => this.#tell({ runtime: 'javascript', state }));
      return this.#js;
    });
  }

  /** The latest report of `runtime`, if it has reported. */
  latest(runtime: RuntimeStatus['runtime']): RuntimeStatus | undefined {
    return this.#latest[runtime];
  }

  /** Calls `listener` with every report from now on; returns how to stop. */
  listen(listener: (report: RuntimeStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #tell(report: RuntimeStatus): void {
    this.#latest[report.runtime] = report;
    for (const listener of [...this.#listeners]) {
      try {
        listener(report);
      } catch {
        // a failing page must not break another page's status, or a run
      }
    }
  }

  /** Ends every worker (the tab's end, or a test's). */
  dispose(): void {
    this.#pool?.dispose();
    this.#js?.dispose();
    this.engines.dispose();
    this.#listeners.clear();
  }
}

let tab: TabRuntimes | null = null;

/**
 * The tab's runtimes, made on the first call. Browser only: on the server a module-level
 * object would be shared by every request.
 *
 * Test hook: the document's `data-python-cold-loads` and `data-python-workers` attributes
 * count the Python workers this tab started cold and in all, so an end-to-end test can tell
 * that the next lesson did not load Python again without timing anything; `data-python-ready`
 * is "true" while a worker is loaded (a test that times its steps waits for it first).
 */
export function tabRuntimes(): TabRuntimes {
  if (typeof document === 'undefined') {
    throw new Error('The runtimes live in the browser tab; nothing runs them on the server.');
  }
  tab ??= new TabRuntimes({
    onPython: (status, pool) => {
      if (!pool) return;
      const root = document.documentElement;
      root.dataset.pythonColdLoads = String(pool.started.cold);
      root.dataset.pythonWorkers = String(pool.started.cold + pool.started.fromSnapshot);
      // The status says "ready" before the pool counts the worker as loaded: read both.
      const ready = status.state === 'ready' || status.state === 'running';
      root.dataset.pythonReady = String(ready || pool.workersReady > 0);
    }
  });
  return tab;
}
