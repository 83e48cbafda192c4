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
 * (written at build time next to the files). The build lists each file's size as it is and as
 * its brotli and gzip copies (`{ identity, br, gzip }`; a dev copy lists plain numbers, its
 * files as they are). A file not seen yet counts its listed size in the encoding the files
 * seen so far came in (the browser asks every file with the same `Accept-Encoding`); only
 * when that encoding is not listed (a server that compresses some other way) is it estimated
 * at the ratio of the files seen. Nothing is reported before the first file starts to arrive,
 * when there is no encoding to go by.
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

/** How a file may come over the wire: as it is, or as the build's brotli or gzip copy. */
export type Encoding = 'identity' | 'br' | 'gzip';

/**
 * One file's sizes in `sizes.json`: as it is (`identity`), and what the server sends a browser
 * that accepts brotli (`br`) or only gzip (`gzip`): the compressed copy, or the file itself
 * where the build kept no copy (not smaller).
 */
export type ListedSizes = Partial<Record<Encoding, number>> & { identity: number };

const ENCODINGS: readonly Encoding[] = ['identity', 'br', 'gzip'];

/** One entry of `sizes.json`: a plain number (a dev copy: the size as it is) or the sizes by encoding. */
function listedEntry(value: unknown): ListedSizes | null {
  if (typeof value === 'number') return value > 0 ? { identity: value } : null;
  if (typeof value !== 'object' || value === null) return null;
  const sizes: Partial<Record<Encoding, number>> = {};
  for (const encoding of ENCODINGS) {
    const size: unknown = Reflect.get(value, encoding);
    if (typeof size === 'number' && size > 0) sizes[encoding] = size;
  }
  return sizes.identity ? { ...sizes, identity: sizes.identity } : null;
}

/** The files' sizes listed in `sizes.json` by name; empty when there is no list. */
async function listedSizes(fetchFn: typeof fetch, base: string): Promise<Map<string, ListedSizes>> {
  const sizes = new Map<string, ListedSizes>();
  try {
    const response = await fetchFn(base + 'sizes.json');
    if (!response.ok) return sizes;
    const listed: unknown = await response.json();
    if (typeof listed !== 'object' || listed === null) return sizes;
    for (const [name, value] of Object.entries(listed)) {
      const entry = listedEntry(value);
      if (entry) sizes.set(name, entry);
    }
  } catch {
    // no list: only what arrives is counted
  }
  return sizes;
}

/**
 * What a file listed at `sizes` costs over the wire when the files come in `encoding`; null
 * when the list does not say (a dev copy lists only the size as it is).
 */
function sizeOver(sizes: ListedSizes, encoding: string): number | null {
  return ENCODINGS.includes(encoding as Encoding) ? (sizes[encoding as Encoding] ?? null) : null;
}

/** One file's count: decoded bytes so far, and what they cost over the wire. */
interface FileCount {
  decoded: number;
  /** bytes over the wire per decoded byte (1 for a file sent as it is) */
  scale: number;
  /** the whole file over the wire, when known */
  wire: number | null;
  /** how it came (`Content-Encoding`), when known */
  encoding: string | null;
}

/** A response's bytes over the wire per decoded byte, from its headers and listed size. */
function scaleOf(response: Response, listed: ListedSizes | undefined): FileCount {
  const length = Number(response.headers.get('content-length'));
  const encoding = response.headers.get('content-encoding') ?? 'identity';
  const known = Number.isFinite(length) && length > 0;
  if (encoding === 'identity' || !known || !listed)
    return {
      decoded: 0,
      scale: 1,
      wire: known ? length : (listed?.identity ?? null),
      encoding
    };
  return { decoded: 0, scale: length / listed.identity, wire: length, encoding };
}

/**
 * How a module listed at `sizes` came, from its resource timing: as it is when nothing was
 * saved, else the listed copy of the size that arrived.
 */
function encodingOf(sizes: ListedSizes | undefined, wire: number, decoded: number): string | null {
  if (wire === decoded) return 'identity';
  if (!sizes) return null;
  return ENCODINGS.find((encoding) => encoding !== 'identity' && sizes[encoding] === wire) ?? null;
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
  /** what the files seen so far cost over the wire per listed byte (the fallback) */
  const ratio = () => {
    let wire = 0;
    let raw = 0;
    for (const [name, file] of files) {
      const size = listed.get(name);
      if (size && file.wire !== null) {
        wire += file.wire;
        raw += size.identity;
      }
    }
    return raw > 0 ? wire / raw : 1;
  };
  /** the encoding of the first file seen that says how it came */
  const encoding = () => {
    for (const file of files.values()) if (file.encoding !== null) return file.encoding;
    return null;
  };
  /** what a file not seen yet will cost over the wire */
  const expected = (sizes: ListedSizes, seen: string | null, fallback: number) =>
    (seen === null ? null : sizeOver(sizes, seen)) ?? Math.round(sizes.identity * fallback);
  const send = () => {
    for (const entry of finished()) {
      // A fetched file is counted as it streams; modules are counted here, whole.
      if (!entry.name.startsWith(base)) continue;
      const name = entry.name.slice(base.length);
      if (files.has(name) || name === 'sizes.json') continue;
      const decoded = entry.decodedBodySize;
      const wire = entry.encodedBodySize || decoded;
      files.set(name, {
        decoded,
        scale: decoded > 0 ? wire / decoded : 1,
        wire,
        encoding: encodingOf(listed.get(name), wire, decoded)
      });
    }
    if (files.size === 0) return;
    const seen = encoding();
    const fallback = ratio();
    let loaded = 0;
    let total = 0;
    for (const file of files.values()) {
      const wire = Math.round(file.decoded * file.scale);
      loaded += file.wire === null ? wire : Math.min(wire, file.wire);
      total += file.wire ?? wire;
    }
    for (const [name, sizes] of listed)
      if (!files.has(name)) total += expected(sizes, seen, fallback);
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
