/**
 * POST /api/runs over a store in a Map (the store's own contract is tested on PGlite): valid
 * runs get a stable short id; every kind of bad input gets a 4xx sentence and stores nothing.
 */
import { describe, expect, it } from 'vitest';
import { lessonBySlug } from '$lib/testing/lesson-support';
import { lessonRuns } from '$lib/core/lessons/runs';
import { encodeRun } from '$lib/core/share/permalink';
import type { Run } from '$lib/core/run/run';
import { rateLimiter } from './rate-limit';
import { createShortLink, MAX_BODY_CHARS, NO_STORE } from './short-links';
import { runId, type RunStore } from './store/run-store';

function mapStore(): RunStore & { rows: Map<string, string> } {
  const rows = new Map<string, string>();
  return {
    rows,
    async put(payload) {
      const id = runId(payload);
      const created = !rows.has(id);
      if (created) rows.set(id, payload);
      return { id, created };
    },
    async get(id) {
      return rows.get(id) ?? null;
    },
    async close() {}
  };
}

const run: Run = lessonRuns(lessonBySlug('sampling'))[0].run;

function post(
  body: string,
  options: { store?: RunStore; limiter?: ReturnType<typeof rateLimiter>; type?: string } = {}
) {
  const store = options.store ?? mapStore();
  return createShortLink({
    contentType: options.type ?? 'application/json',
    contentLength: String(body.length),
    readText: async () => body,
    client: '203.0.113.7',
    origin: 'https://lab.example',
    limiter: options.limiter ?? rateLimiter(30, 60_000),
    store: async () => store
  });
}

describe('POST /api/runs', () => {
  it('stores a run once under its content id: 201, then 200 with the same link', async () => {
    const store = mapStore();
    const body = JSON.stringify({ run: await encodeRun(run) });
    const first = await post(body, { store });
    expect(first.status).toBe(201);
    const { id } = first.body as { id: string };
    expect(first.body).toEqual({ id, url: `https://lab.example/r/${id}` });
    expect(await post(body, { store })).toEqual({ status: 200, body: first.body });
    expect(JSON.parse(store.rows.get(id) ?? '')).toEqual(run);
  });

  it('gives the same id to the same run however its fields were ordered', async () => {
    const store = mapStore();
    const reordered = Object.fromEntries(Object.entries(run).reverse()) as Run;
    const a = await post(JSON.stringify({ run: await encodeRun(run) }), { store });
    const b = await post(JSON.stringify({ run: await encodeRun(reordered) }), { store });
    expect(b.body).toEqual(a.body);
    expect(store.rows.size).toBe(1);
  });

  it('refuses a field the schema does not know, so none is ever stored', async () => {
    const store = mapStore();
    const extra = { ...run, note: '<script>alert(1)</script>' };
    const answer = await post(JSON.stringify({ run: await encodeRun(extra as Run) }), { store });
    expect(answer.status).toBe(422);
    expect(store.rows.size).toBe(0);
  });

  const bad: [string, () => Promise<string>, number, RegExp][] = [
    ['not JSON', async () => 'run=abc', 400, /not JSON/],
    ['no run', async () => '{"payload": "x"}', 400, /has no run/],
    ['a damaged payload', async () => JSON.stringify({ run: 'not*base64' }), 422, /damaged/],
    [
      'another version',
      async () =>
        JSON.stringify({ run: await encodeRun({ ...run, version: 999 } as unknown as Run) }),
      422,
      /newer version of the app \(format 999\)/
    ],
    [
      'a schema violation',
      async () =>
        JSON.stringify({ run: await encodeRun({ ...run, events: 'x' } as unknown as Run) }),
      422,
      /not valid/
    ],
    [
      'over the size cap',
      async () => JSON.stringify({ run: 'A'.repeat(MAX_BODY_CHARS) }),
      413,
      /too large/
    ]
  ];
  for (const [what, body, status, message] of bad) {
    it(`refuses ${what} with ${status} and one sentence, storing nothing`, async () => {
      const store = mapStore();
      const answer = await post(await body(), { store });
      expect(answer.status).toBe(status);
      expect((answer.body as { message: string }).message).toMatch(message);
      expect(store.rows.size).toBe(0);
    });
  }

  it("refuses a body over the server's own body limit with 413", async () => {
    const answer = await createShortLink({
      contentType: 'application/json',
      contentLength: null,
      readText: () =>
        Promise.reject(Object.assign(new Error('Payload Too Large'), { status: 413 })),
      client: 'x',
      origin: 'https://lab.example',
      limiter: rateLimiter(30, 60_000),
      store: () => Promise.reject(new Error('not reached'))
    });
    expect(answer).toEqual({
      status: 413,
      body: { message: 'The run is too large to store on this server.' },
      headers: undefined
    });
  });

  it('refuses a body that is not sent as JSON', async () => {
    const answer = await post('{}', { type: 'text/plain' });
    expect(answer.status).toBe(415);
  });

  it('answers 429 with Retry-After past 30 links a minute from one address', async () => {
    const limiter = rateLimiter(30, 60_000, () => 0);
    const body = JSON.stringify({ run: await encodeRun(run) });
    for (let i = 0; i < 30; i++) expect((await post(body, { limiter })).status).toBeLessThan(300);
    const refused = await post(body, { limiter });
    expect(refused.status).toBe(429);
    expect(refused.headers).toEqual({ 'retry-after': '2' });
  });

  it('says so in a sentence when the store is down', async () => {
    const answer = await createShortLink({
      contentType: 'application/json',
      contentLength: null,
      readText: async () => JSON.stringify({ run: await encodeRun(run) }),
      client: 'x',
      origin: 'https://lab.example',
      limiter: rateLimiter(30, 60_000),
      store: () => Promise.reject(new Error('connection refused'))
    });
    expect(answer).toEqual({ status: 503, body: { message: NO_STORE }, headers: undefined });
  });
});
