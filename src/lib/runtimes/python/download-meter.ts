/**
 * Counts the bytes of Python's files as the sandbox worker loads them, for the page's progress
 * bar (see `download.ts`). Runs in the worker, before any program, and is stopped before the
 * worker is locked down.
 *
 * Pyodide fetches its big files (the wasm, the standard library, the lock file) with `fetch`:
 * while the meter runs, `fetch` hands back the real response and reads a clone of it, counting
 * each chunk as it arrives. The modules it imports (`pyodide.mjs`, `pyodide.asm.mjs`) do not go
 * through `fetch`: they are counted whole once the Performance API lists them as finished,
 * read at every report (an observer's callback would wait while the thread starts Python).
 * The total is the files' sizes from `sizes.json`, written at build time next to them. A
 * stream that ends is reported at once: right after the last one the thread is busy starting
 * Python, and a timer would not fire until it is done.
 */

/** Bytes received of the bytes expected. */
export type Counted = { loaded: number; total: number };

/** What the meter needs of the worker's global scope (tests pass their own). */
export interface MeterScope {
  fetch: typeof fetch;
  performance?: { getEntriesByType(type: 'resource'): PerformanceEntryList };
}

/** Options of {@link meterDownloads}. */
export interface MeterOptions {
  /** the absolute URL Pyodide's files are served under, ending in '/' */
  base: string;
  /**
   * called with the count every `intervalMs` while the thread is free (so a stalled download
   * shows its time left growing), when a file ends, and once more when the meter stops
   */
  report: (counted: Counted) => void;
  /** default 250 ms */
  intervalMs?: number;
  /** default: the worker's own global */
  scope?: MeterScope;
}

/** A running meter. */
export interface Meter {
  /** Puts `fetch` back, stops watching and sends the last count. */
  stop(): void;
}

/** The files' sizes listed in `sizes.json`; 0 when there is no such list (a dev copy). */
async function expectedBytes(fetchFn: typeof fetch, base: string): Promise<number> {
  try {
    const response = await fetchFn(base + 'sizes.json');
    if (!response.ok) return 0;
    const sizes: unknown = await response.json();
    if (typeof sizes !== 'object' || sizes === null) return 0;
    return Object.values(sizes).reduce<number>(
      (sum, size) => sum + (typeof size === 'number' && size > 0 ? size : 0),
      0
    );
  } catch {
    return 0;
  }
}

/** Starts counting the bytes of files under `base`; see the file comment for how. */
export async function meterDownloads(options: MeterOptions): Promise<Meter> {
  const scope: MeterScope = options.scope ?? (globalThis as unknown as MeterScope);
  const { base, report } = options;
  const intervalMs = options.intervalMs ?? 250;
  const realFetch = scope.fetch;
  const total = await expectedBytes(realFetch.bind(globalThis), base);
  /** bytes per URL: streamed as they arrive, or whole once finished */
  const bytes = new Map<string, number>();
  let stopped = false;

  const finished = () => {
    try {
      return (scope.performance?.getEntriesByType('resource') ?? []) as PerformanceResourceTiming[];
    } catch {
      return []; // no resource timing here: only fetched files are counted
    }
  };
  const send = () => {
    for (const entry of finished()) {
      // A fetched file is counted as it streams; modules are counted here, whole.
      if (!entry.name.startsWith(base) || bytes.has(entry.name)) continue;
      if (entry.name.endsWith('/sizes.json')) continue;
      bytes.set(entry.name, entry.decodedBodySize);
    }
    let loaded = 0;
    for (const count of bytes.values()) loaded += count;
    try {
      report({ loaded, total: Math.max(total, loaded) });
    } catch {
      // a failing listener must not stop Python from loading
    }
  };
  const count = async (url: string, body: ReadableStream<Uint8Array>) => {
    const reader = body.getReader();
    bytes.set(url, 0);
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || stopped) break;
        bytes.set(url, (bytes.get(url) ?? 0) + value.byteLength);
      }
      if (!stopped) send();
    } catch {
      // the real response reports its own failure to Pyodide
    } finally {
      if (stopped) void reader.cancel().catch(() => {});
    }
  };

  scope.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await realFetch.call(globalThis, input, init);
    if (!stopped && response.ok && response.body && response.url.startsWith(base)) {
      void count(response.url, response.clone().body as ReadableStream<Uint8Array>);
    }
    return response;
  };

  if (total > 0) send();
  const heartbeat = setInterval(send, intervalMs);

  return {
    stop() {
      if (stopped) return;
      scope.fetch = realFetch;
      clearInterval(heartbeat);
      send();
      stopped = true;
    }
  };
}
