import { describe, expect, it } from 'vitest';
import { DownloadClock, describeDownload } from './download';
import { meterDownloads, type Counted } from './download-meter';

describe('DownloadClock', () => {
  it('says nothing of the time left until a rate has been observed', () => {
    let now = 0;
    const clock = new DownloadClock(() => now);
    expect(clock.update(0, 10_000_000).secondsLeft).toBeNull();
    now = 200;
    expect(clock.update(1_000_000, 10_000_000).secondsLeft).toBeNull();
  });

  it('predicts the time left from the rate observed since the first count', () => {
    let now = 0;
    const clock = new DownloadClock(() => now);
    clock.update(0, 10_000_000);
    now = 2_000; // 2 MB in 2 s: 1 MB/s, 8 MB to go
    expect(clock.update(2_000_000, 10_000_000)).toEqual({
      loaded: 2_000_000,
      total: 10_000_000,
      secondsLeft: 8
    });
  });

  it('never reports more received than expected', () => {
    const clock = new DownloadClock(() => 0);
    expect(clock.update(12, 10).total).toBe(12);
  });
});

describe('describeDownload', () => {
  it('gives megabytes and the time left in words', () => {
    expect(describeDownload({ loaded: 4_210_000, total: 13_500_000, secondsLeft: 2.2 })).toBe(
      '4.2 of 13.5 MB, about 3 s left'
    );
    expect(describeDownload({ loaded: 0, total: 13_500_000, secondsLeft: null })).toBe(
      '0.0 of 13.5 MB'
    );
    expect(describeDownload({ loaded: 1e6, total: 13_500_000, secondsLeft: 300 })).toBe(
      '1.0 of 13.5 MB, about 5 min left'
    );
  });
});

/**
 * A response whose body arrives in the given chunks (decoded bytes), one per macrotask;
 * `headers` as a server sends them (`Content-Length` is the size over the wire).
 */
function chunked(url: string, chunks: number[], headers: Record<string, string> = {}): Response {
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const size of chunks) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        controller.enqueue(new Uint8Array(size));
      }
      controller.close();
    }
  });
  const response = new Response(body, { status: 200, headers });
  Object.defineProperty(response, 'url', { value: url });
  return response;
}

describe('meterDownloads', () => {
  const base = 'https://app.test/pyodide/1.0/';

  /** A meter over `scope` that keeps every report (at once, or on its own timer). */
  async function metered(scope: Parameters<typeof meterDownloads>[0]['scope'], timer = false) {
    const counts: Counted[] = [];
    const meter = await meterDownloads({
      base,
      report: (c) => counts.push(c),
      ...(timer ? {} : { intervalMs: 0 }),
      scope
    });
    return { counts, meter };
  }

  function fakeScope() {
    const real = async (input: RequestInfo | URL): Promise<Response> => {
      const url = String(input);
      if (url === base + 'sizes.json') {
        const response = Response.json({ 'pyodide.asm.wasm': 600, 'python_stdlib.zip': 400 });
        Object.defineProperty(response, 'url', { value: url });
        return response;
      }
      if (url === base + 'pyodide.asm.wasm') return chunked(url, [100, 200, 300]);
      return chunked(url, [50]);
    };
    return { fetch: real as typeof fetch };
  }

  it('counts the bytes of Python’s files as they stream, of the listed total', async () => {
    const scope = fakeScope();
    const real = scope.fetch;
    const { counts, meter } = await metered(scope);
    // Nothing to say before a file arrives.
    expect(counts).toEqual([]);
    const response = await scope.fetch(base + 'pyodide.asm.wasm');
    // The caller gets the whole file, untouched by the counting.
    expect((await response.arrayBuffer()).byteLength).toBe(600);
    await new Promise((resolve) => setTimeout(resolve, 10));
    meter.stop();
    expect(counts.at(-1)).toEqual({ loaded: 600, total: 1000 });
    const loaded = counts.map((c) => c.loaded);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b)); // never goes back
    expect(scope.fetch).toBe(real); // put back for the lockdown
  });

  it('counts the modules Pyodide imports once resource timing lists them', async () => {
    const entries: { name: string; decodedBodySize: number }[] = [];
    const scope = {
      ...fakeScope(),
      performance: { getEntriesByType: () => entries as unknown as PerformanceEntryList }
    };
    const { counts, meter } = await metered(scope, true);
    entries.push(
      { name: base + 'sizes.json', decodedBodySize: 60 },
      { name: base + 'pyodide.asm.mjs', decodedBodySize: 250 },
      { name: 'https://app.test/_app/other.js', decodedBodySize: 999 }
    );
    await (await scope.fetch(base + 'pyodide.asm.wasm')).arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 10));
    // Reported as soon as the wasm's stream ended, without waiting for the timer; the module,
    // not in the fake's list, adds its own size to the total.
    expect(counts.at(-1)).toEqual({ loaded: 850, total: 1250 });
    meter.stop();
  });

  it('counts a compressed file’s bytes over the wire; with no compressed sizes listed, estimates the rest at its ratio', async () => {
    // The wasm, listed at 600 bytes, comes as brotli in 150 (a quarter); the zip in 400, sent
    // as it is. Its 600 decoded bytes arrive in three chunks.
    const scope = {
      fetch: (async (input: RequestInfo | URL) => {
        const url = String(input);
        if (url === base + 'sizes.json') {
          const response = Response.json({ 'pyodide.asm.wasm': 600, 'python_stdlib.zip': 400 });
          Object.defineProperty(response, 'url', { value: url });
          return response;
        }
        if (url === base + 'pyodide.asm.wasm')
          return chunked(url, [100, 200, 300], {
            'content-encoding': 'br',
            'content-length': '150'
          });
        return chunked(url, [400], { 'content-length': '400' });
      }) as typeof fetch
    };
    const { counts, meter } = await metered(scope);
    const wasm = await scope.fetch(base + 'pyodide.asm.wasm');
    expect((await wasm.arrayBuffer()).byteLength).toBe(600); // Pyodide gets the decoded file
    await new Promise((resolve) => setTimeout(resolve, 10));
    // The zip is not seen yet: its 400 listed bytes at the wasm's ratio (1/4) make 100.
    expect(counts.at(-1)).toEqual({ loaded: 150, total: 250 });
    expect(counts.every((c) => c.total === 250)).toBe(true);
    expect(counts.map((c) => c.loaded)).toContain(25); // 100 decoded bytes of 600
    await (await scope.fetch(base + 'python_stdlib.zip')).arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 10));
    meter.stop();
    expect(counts.at(-1)).toEqual({ loaded: 550, total: 550 });
  });

  it('does not count files from elsewhere', async () => {
    const scope = fakeScope();
    const { counts, meter } = await metered(scope, true);
    await (await scope.fetch('https://app.test/other.bin')).arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 10));
    meter.stop();
    expect(counts).toEqual([]);
  });

  /**
   * A server as `node build` is: sizes.json lists each file as it is and as the server sends
   * it in each encoding; every file comes in the encoding the browser accepts, `Content-Length`
   * its compressed size.
   */
  function encodingServer(encoding: 'br' | 'gzip' | null) {
    const listed = {
      'pyodide.asm.wasm': { identity: 600, br: 150, gzip: 200 },
      'python_stdlib.zip': { identity: 400, br: 40, gzip: 100 },
      'pyodide-lock.json': { identity: 100, br: 100, gzip: 100 } // no copy: sent as it is
    };
    const scope = {
      fetch: (async (input: RequestInfo | URL) => {
        const url = String(input);
        const name = url.slice(base.length);
        if (name === 'sizes.json') {
          const response = Response.json(listed);
          Object.defineProperty(response, 'url', { value: url });
          return response;
        }
        const sizes = listed[name as keyof typeof listed];
        const sent = encoding ? sizes[encoding] : sizes.identity;
        const headers: Record<string, string> = { 'content-length': String(sent) };
        if (encoding && sent < sizes.identity) headers['content-encoding'] = encoding;
        return chunked(url, [sizes.identity / 2, sizes.identity / 2], headers);
      }) as typeof fetch
    };
    return { listed, scope };
  }

  for (const encoding of ['br', 'gzip', null] as const)
    it(`totals the listed sizes in the encoding the files come in (${encoding ?? 'none'})`, async () => {
      const { listed, scope } = encodingServer(encoding);
      const { counts, meter } = await metered(scope);
      const sum = Object.values(listed).reduce(
        (total, sizes) => total + (encoding ? sizes[encoding] : sizes.identity),
        0
      );
      // The first file to arrive says how the others will come: the total is exact at once.
      await (await scope.fetch(base + 'python_stdlib.zip')).arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(counts.length).toBeGreaterThan(0);
      expect(counts.every((c) => c.total === sum)).toBe(true);
      for (const name of ['pyodide.asm.wasm', 'pyodide-lock.json'])
        await (await scope.fetch(base + name)).arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, 10));
      meter.stop();
      expect(counts.at(-1)).toEqual({ loaded: sum, total: sum });
    });
});
