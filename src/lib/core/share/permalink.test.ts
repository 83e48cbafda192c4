/**
 * Permalinks round-trip a run, and every way a link can go wrong (cut, altered, from another
 * version, invalid, oversized, a deflate bomb) ends in one plain sentence instead of a throw.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RunSchema, type Run } from '../run/run';
import {
  MAX_DEPTH,
  MAX_HASH_CHARS,
  MAX_UNPACKED_BYTES,
  decodeShareHash,
  encodeRun,
  parseShareHash,
  shareHash
} from './permalink';

const DAMAGED_BASE64 =
  'This link is damaged: it is not valid base64url text (it may have been cut or altered when it was copied).';
const DAMAGED_DEFLATE = 'This link is damaged: its data does not decompress (it may be truncated).';
const NO_RUN = 'This link is incomplete: it has no run in it.';

const problem: Run['problem'] = {
  id: 'sum-evens',
  language: 'python',
  title: 'Somme des pairs',
  prompt:
    'def sum_evens(xs: list[int]) -> int:\n    """Return the sum of the even numbers in xs."""\n',
  entryPoint: 'sum_evens',
  visibleTests: [{ input: '[1, 2, 3, 4]', expected: '6' }],
  hiddenTests: [
    { input: '[]', expected: '0' },
    { input: '[-2, 5]', expected: '-2' }
  ]
};
const buggy = 'def sum_evens(xs):\n    return sum(x for x in xs if x % 2)\n';
const fixed = 'def sum_evens(xs):\n    return sum(x for x in xs if x % 2 == 0)\n';
const usage = { promptTokens: 60, completionTokens: 20, estimated: true };

function modelEvent(seq: number, t: number, text: string): Run['events'][number] {
  return {
    kind: 'model',
    seq,
    t,
    dur: 800,
    label: seq === 0 ? 'write a first program' : 'repair the program',
    request: {
      messages: [{ role: 'user', content: problem.prompt }],
      temperature: 0,
      maxTokens: 512
    },
    result: { text, finishReason: 'stop', modelId: 'scripted-1', usage }
  };
}

function executeEvent(seq: number, t: number, passed: boolean): Run['events'][number] {
  const outcome = passed
    ? { status: 'pass' as const, actual: '6', error: null }
    : { status: 'fail' as const, actual: '4', error: null };
  return {
    kind: 'execute',
    seq,
    t,
    dur: 120,
    label: 'run the visible tests',
    request: {
      language: 'python',
      code: passed ? fixed : buggy,
      entryPoint: 'sum_evens',
      tests: problem.visibleTests,
      timeoutMs: 5000,
      suite: 'visible'
    },
    result: {
      status: 'ok',
      tests: [{ input: '[1, 2, 3, 4]', expected: '6', ...outcome }],
      error: null,
      stdout: '',
      stderr: '',
      durationMs: 120
    }
  };
}

const run: Run = {
  version: 1,
  technique: 'self-debug',
  params: { maxTurns: 3 },
  problem,
  model: { kind: 'scripted', id: 'scripted-1', label: 'Scripted ✨', responses: [buggy, fixed] },
  seed: 42,
  events: [
    modelEvent(0, 0, '```python\n' + buggy + '```'),
    { kind: 'note', seq: 1, t: 800, note: { type: 'program', turn: 1, code: buggy } },
    executeEvent(2, 800, false),
    modelEvent(3, 920, '```python\n' + fixed + '```'),
    { kind: 'note', seq: 4, t: 1720, note: { type: 'feedback', turn: 2, text: 'é, 🧪 ok' } },
    executeEvent(5, 1720, true),
    {
      kind: 'note',
      seq: 6,
      t: 1840,
      note: {
        type: 'outcome',
        status: 'solved',
        code: fixed,
        visiblePassed: true,
        hiddenPassed: 2,
        hiddenTotal: 2,
        message: 'Solved on turn 2.'
      }
    }
  ]
};

/** Packs any text the way encodeRun does, so tests can build links the app would never make. */
async function pack(text: string | Uint8Array<ArrayBuffer>[]): Promise<string> {
  const parts = typeof text === 'string' ? [new TextEncoder().encode(text)] : text;
  const compressor = new CompressionStream('deflate-raw');
  const writer = compressor.writable.getWriter();
  const out = new Response(compressor.readable).arrayBuffer();
  for (const part of parts) await writer.write(part);
  await writer.close();
  const bytes = new Uint8Array(await out);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A deep copy of the fixture with one value replaced (undefined: removed, as JSON drops it). */
function withValue(path: (string | number)[], value: unknown): unknown {
  const copy: unknown = structuredClone(run);
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
  return copy;
}

async function failure(hash: string): Promise<string> {
  const result = await decodeShareHash(hash);
  if (result.ok) throw new Error(`expected ${hash.slice(0, 40)}… to fail`);
  // One plain sentence: no stack, no zod dump, no second line.
  expect(result.message).toMatch(/^This link[^\n]{10,220}\.$/);
  expect(result.message).not.toMatch(/Error|at .*:\d+|\{|"code"/);
  return result.message;
}

/** A small deterministic generator, so "random garbage" is the same garbage on every run. */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

afterEach(() => vi.unstubAllGlobals());

it('the fixture is a valid run', () => {
  expect(RunSchema.safeParse(run).success).toBe(true);
});

describe('round trip', () => {
  it('decodes exactly the run that was encoded, with the step of the hash', async () => {
    const payload = await encodeRun(run);
    expect(payload).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(payload.length).toBeLessThan(JSON.stringify(run).length);
    const hash = shareHash(payload, 3);
    expect(hash).toMatch(new RegExp(`^#step=3&sum=[0-9a-f]{8}&run=${payload}$`));
    expect(await decodeShareHash(hash)).toEqual({ ok: true, run, step: 3 });
  });

  it('reads the params in any order, with or without #', async () => {
    const payload = await encodeRun(run);
    expect(parseShareHash(`run=${payload}&step=2`)).toEqual({ payload, step: '2', sum: null });
    expect(parseShareHash('#step=5')).toEqual({ payload: null, step: '5', sum: null });
    expect(await decodeShareHash(`run=${payload}&step=2`)).toMatchObject({ ok: true, step: 2 });
  });

  it('opens at the end without a step, clamps a step past the end, rejects a non-number', async () => {
    const payload = await encodeRun(run);
    expect(await decodeShareHash(`#run=${payload}`)).toMatchObject({ ok: true, step: 7 });
    expect(await decodeShareHash(`#step=99999999999999999999&run=${payload}`)).toMatchObject({
      ok: true,
      step: 7
    });
    expect(await failure(`#step=-1&run=${payload}`)).toBe(
      'This link is damaged: its step "-1" is not a whole number.'
    );
    expect(await failure(`#step=two&run=${payload}`)).toContain('its step "two"');
    expect(() => shareHash(payload, 1.5)).toThrow(RangeError);
  });
});

describe('damaged links', () => {
  it('catches every single-character change and every cut of a shared link', async () => {
    const hash = shareHash(await encodeRun(run), 2);
    const start = hash.indexOf('&run=') + 5;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const opened: number[] = [];
    for (let i = start; i < hash.length; i++) {
      const swap = alphabet[(alphabet.indexOf(hash[i]) + 17) % 64];
      const changed = hash.slice(0, i) + swap + hash.slice(i + 1);
      if ((await decodeShareHash(changed)).ok) opened.push(i);
    }
    expect(opened).toEqual([]);
    for (const keep of [0.9, 0.5, 0.1]) {
      const cut = hash.slice(0, start + Math.floor((hash.length - start) * keep));
      expect(await failure(cut)).toMatch(/^This link is damaged: its checksum does not match/);
    }
  });

  it('says a link without a run is incomplete', async () => {
    for (const hash of ['', '#', '#step=3', '#run=', 'step=1&run']) {
      expect(await failure(hash)).toBe(NO_RUN);
    }
  });

  it('rejects characters outside base64url, padding, and impossible lengths', async () => {
    const payload = await encodeRun(run);
    for (const bad of ['hello world!', payload.replace(/-|_/, '+'), `${payload}==`, 'AAAAA']) {
      expect(await failure(`#run=${bad}`)).toBe(DAMAGED_BASE64);
    }
  });

  it('rejects a payload cut in half', async () => {
    const payload = await encodeRun(run);
    const half = Math.floor(payload.length / 8) * 4;
    expect(await failure(shareHash(payload.slice(0, half), 0))).toBe(DAMAGED_DEFLATE);
    expect(await failure(shareHash(payload.slice(0, half + 1), 0))).toBe(DAMAGED_BASE64);
  });

  it('rejects a payload with a character changed in the middle', async () => {
    const payload = await encodeRun(run);
    const mid = Math.floor(payload.length / 2);
    const flipped =
      payload.slice(0, mid) + (payload[mid] === 'A' ? 'B' : 'A') + payload.slice(mid + 1);
    expect(await failure(shareHash(flipped, 0))).toMatch(/^This link is damaged: its data /);
  });

  it('rejects random base64url garbage', async () => {
    const random = mulberry32(7);
    for (let i = 0; i < 20; i++) {
      const length = 8 + Math.floor(random() * 400);
      let garbage = '';
      for (let j = 0; j < length; j++) garbage += ALPHABET[Math.floor(random() * 64)];
      if (garbage.length % 4 === 1) garbage += 'A';
      expect(await failure(`#run=${garbage}`)).toMatch(/^This link is damaged: its data /);
    }
  });

  it('rejects data that decompresses but is not JSON', async () => {
    expect(await failure(`#run=${await pack('not json at all')}`)).toBe(
      'This link is damaged: its data is not a readable run (it may have been altered).'
    );
  });
});

describe('versions and schema', () => {
  it('names the format of a link from a newer or older app', async () => {
    const newer = await pack(JSON.stringify({ ...run, version: 7, events: 'whatever' }));
    expect(await failure(`#run=${newer}`)).toBe(
      'This link was made by a newer version of the app (format 7); this app reads format 1.'
    );
    const v2 = await pack(JSON.stringify({ ...run, version: 2 }));
    expect(await failure(`#run=${v2}`)).toContain('a newer version of the app (format 2)');
    const v0 = await pack(JSON.stringify({ ...run, version: 0 }));
    expect(await failure(`#run=${v0}`)).toContain('an older version of the app (format 0)');
  });

  it('names the path and the reason of the first schema problem', async () => {
    const cases: [(string | number)[], unknown, string][] = [
      [['events', 3, 'result', 'text'], 42, 'events[3].result.text should be text'],
      [
        ['events', 0, 'kind'],
        'dance',
        'events[0].kind is unknown (allowed: "model", "execute", "ask", "note")'
      ],
      [['events', 1, 'colour'], 'red', 'events[1].colour is an unknown field'],
      [['seed'], undefined, 'seed is missing'],
      [['problem', 'title'], 'x'.repeat(201), 'problem.title is too long (at most 200 characters)'],
      [['problem', 'visibleTests'], [], 'problem.visibleTests has too few items (at least 1)'],
      [['events', 2, 't'], -5, 'events[2].t is too small (at least 0)'],
      [['technique'], 'Self Debug', 'technique is not in the expected format'],
      [['events', 1, 'k'.repeat(500)], 1, `events[1]["${'k'.repeat(40)}…"] is an unknown field`],
      [
        ['events', 0, 'result', 'finishReason'],
        'done',
        'events[0].result.finishReason has an invalid value (allowed: "stop", "length", "abort")'
      ],
      [['events', 1, 'bad key'], 1, 'events[1]["bad key"] is an unknown field']
    ];
    for (const [path, value, reason] of cases) {
      expect(await failure(`#run=${await pack(JSON.stringify(withValue(path, value)))}`)).toBe(
        `This link's run is not valid: ${reason}.`
      );
    }
    expect(await failure(`#run=${await pack(JSON.stringify([run]))}`)).toBe(
      "This link's run is not valid: the run should be an object."
    );
  });
});

describe('size limits', () => {
  it('refuses JSON nested deeper than the app can walk, even in free-form params', async () => {
    const depth = 1_000_000;
    const json = JSON.stringify({ ...run, params: { deep: 0 } });
    const deep = json.replace('{"deep":0}', `{"deep":${'['.repeat(depth)}${']'.repeat(depth)}}`);
    const payload = await pack(deep);
    expect(payload.length).toBeLessThan(10_000);
    expect(await failure(`#run=${payload}`)).toBe(
      `This link's run is not valid: it is nested more than ${MAX_DEPTH} levels deep.`
    );
    // Brackets inside strings (after an escaped quote, too) are text, not nesting.
    const nested = { a: [{ b: `${'['.repeat(100)} \\" ${'{'.repeat(100)}` }] };
    const fine = await encodeRun({ ...run, params: nested });
    expect(await decodeShareHash(`#run=${fine}`)).toMatchObject({
      ok: true,
      run: { params: nested }
    });
  });

  it('refuses an oversized link before decoding it', async () => {
    const payload = 'A'.repeat(MAX_HASH_CHARS + 100_000);
    const started = performance.now();
    expect(await failure(`#run=${payload}`)).toBe(
      'This link is too large to open safely (2.2 MB, the limit is 2 MB).'
    );
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('stops a deflate bomb early, without inflating it all', async () => {
    // 50 MB of one character, fed in 1 MB slices: the same bytes as one 50 MB string.
    const slice = new TextEncoder().encode('a'.repeat(1_000_000));
    const bomb = await pack(Array.from({ length: 50 }, () => slice));
    expect(bomb.length).toBeLessThan(100_000);

    // Count what the inflater really produces, to prove it was stopped, not drained.
    const Real = globalThis.DecompressionStream;
    let produced = 0;
    class Counting {
      readonly writable: WritableStream<BufferSource>;
      readonly readable: ReadableStream<Uint8Array<ArrayBuffer>>;
      constructor(format: CompressionFormat) {
        const inner = new Real(format);
        const count = new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
          transform(chunk, controller) {
            produced += chunk.byteLength;
            controller.enqueue(chunk);
          }
        });
        this.writable = inner.writable;
        this.readable = inner.readable.pipeThrough(count);
      }
    }
    vi.stubGlobal('DecompressionStream', Counting);

    const started = performance.now();
    expect(await failure(`#run=${bomb}`)).toBe(
      'This link is too large to open safely (over 8 MB once unpacked, the limit is 8 MB).'
    );
    expect(performance.now() - started).toBeLessThan(2_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(produced).toBeGreaterThan(MAX_UNPACKED_BYTES);
    expect(produced).toBeLessThan(MAX_UNPACKED_BYTES + 2_000_000);
  });
});
