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
 * A stream that ends is reported at once: right after the last one the thread is busy starting
 * Python, and a timer would not fire until it is done.
 *
 * The counts are bytes over the wire, what a learner on a metered link pays: the server sends
 * the files compressed (9.6 MB of wasm as 2.7 MB), and a stream hands over decoded bytes, so a
 * compressed file's count is scaled by its `Content-Length` over its size in `sizes.json`
 * (written at build time next to the files). A file not seen yet counts its listed size times
 * the ratio of those seen, and nothing is reported before the first file starts to arrive,
 * when there is no ratio to go by.
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

/** The files' sizes listed in `sizes.json` by name; empty when there is no list (a dev copy). */
async function listedSizes(fetchFn: typeof fetch, base: string): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  try {
    const response = await fetchFn(base + 'sizes.json');
    if (!response.ok) return sizes;
    const listed: unknown = await response.json();
    if (typeof listed !== 'object' || listed === null) return sizes;
    for (const [name, size] of Object.entries(listed))
      if (typeof size === 'number' && size > 0) sizes.set(name, size);
  } catch {
    // no list: only what arrives is counted
  }
  return sizes;
}

/** One file's count: decoded bytes so far, and what they cost over the wire. */
interface FileCount {
  decoded: number;
  /** bytes over the wire per decoded byte (1 for a file sent as it is) */
  scale: number;
  /** the whole file over the wire, when known */
  wire: number | null;
}

/** A response's bytes over the wire per decoded byte, from its headers and listed size. */
function scaleOf(response: Response, listed: number | undefined): FileCount {
  const length = Number(response.headers.get('content-length'));
  const encoding = response.headers.get('content-encoding') ?? 'identity';
  const known = Number.isFinite(length) && length > 0;
  if (encoding === 'identity' || !known || !listed)
    return { decoded: 0, scale: 1, wire: known ? length : (listed ?? null) };
  return { decoded: 0, scale: length / listed, wire: length };
}

/** Starts counting the bytes of files under `base`; see the file comment for how. */
export async function meterDownloads(options: MeterOptions): Promise<Meter> {
  const scope: MeterScope = options.scope ?? (globalThis as unknown as MeterScope);
  const { base, report } = options;
  const intervalMs = options.intervalMs ?? 250;
  const realFetch = scope.fetch;
  const listed = await listedSizes(realFetch.bind(globalThis), base);
  /** per file name (the part of its URL after `base`): streamed as it arrives, or whole */
  const files = new Map<string, FileCount>();
  let stopped = false;

  const finished = () => {
    try {
      return (scope.performance?.getEntriesByType('resource') ?? []) as PerformanceResourceTiming[];
    } catch {
      return []; // no resource timing here: only fetched files are counted
    }
  };
  /** what the files seen so far cost over the wire per listed byte */
  const ratio = () => {
    let wire = 0;
    let raw = 0;
    for (const [name, file] of files) {
      const size = listed.get(name);
      if (size && file.wire !== null) {
        wire += file.wire;
        raw += size;
      }
    }
    return raw > 0 ? wire / raw : 1;
  };
  const send = () => {
    for (const entry of finished()) {
      // A fetched file is counted as it streams; modules are counted here, whole.
      if (!entry.name.startsWith(base)) continue;
      const name = entry.name.slice(base.length);
      if (files.has(name) || name === 'sizes.json') continue;
      const decoded = entry.decodedBodySize;
      const wire = entry.encodedBodySize || decoded;
      files.set(name, { decoded, scale: decoded > 0 ? wire / decoded : 1, wire });
    }
    if (files.size === 0) return;
    const seen = ratio();
    let loaded = 0;
    let total = 0;
    for (const file of files.values()) {
      const wire = Math.round(file.decoded * file.scale);
      loaded += file.wire === null ? wire : Math.min(wire, file.wire);
      total += file.wire ?? wire;
    }
    for (const [name, size] of listed) if (!files.has(name)) total += Math.round(size * seen);
    try {
      report({ loaded, total: Math.max(total, loaded) });
    } catch {
      // a failing listener must not stop Python from loading
    }
  };
  const count = async (name: string, body: ReadableStream<Uint8Array>) => {
    const reader = body.getReader();
    const file = files.get(name);
    if (!file) return;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || stopped) break;
        file.decoded += value.byteLength;
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
      const name = response.url.slice(base.length);
      files.set(name, scaleOf(response, listed.get(name)));
      void count(name, response.clone().body as ReadableStream<Uint8Array>);
    }
    return response;
  };

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
