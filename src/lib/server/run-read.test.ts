/**
 * `GET /api/runs/<id>` answered by the production server's fast path and by the Kit endpoint,
 * through the production server's own request chain (`request-chain.js`: security headers,
 * static files, compression), over real HTTP: the two must answer the same status, headers and
 * body for a stored run, a missing one, a malformed id and a store that is down. SvelteKit's
 * handler is stood in for by its own Node adapters (`getRequest`/`setResponse`, what
 * adapter-node uses) around the endpoint's real `GET`; the store is the test's input.
 */
import { getRequest, setResponse } from '@sveltejs/kit/node';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { IMMUTABLE } from './cache-headers.js';
import { requestListener } from './request-chain.js';
import {
  NO_STORE,
  NOT_FOUND,
  RUN_READER,
  registerRunReader,
  registeredRunReader,
  runReadAnswer,
  type RunReader
} from './run-read.js';

/** The store the Kit endpoint sees: `runStore()` answers a store over `read`, or rejects. */
const store = vi.hoisted(() => ({
  read: null as null | ((id: string) => Promise<string | null>),
  open: true
}));
vi.mock('$lib/server/store', () => ({
  runStore: async () => {
    if (!store.open || !store.read) throw new Error('The database could not be opened.');
    return { get: store.read };
  }
}));
const { GET } = await import('../../routes/api/runs/[id]/+server');

const ID = 'abcdefghijkl';
/** A stored run long enough to be compressed (over `compression`'s 1 KB threshold). */
const RUN = JSON.stringify({ v: 1, title: 'a run', events: 'x'.repeat(3000) });
const SMALL = JSON.stringify({ v: 1, title: 'small' });

const runs = new Map([
  [ID, RUN],
  ['small2345672', SMALL]
]);
const reads: string[] = [];
const fromStore: RunReader = async (id) => {
  reads.push(id);
  return runs.get(id) ?? null;
};
const storeDown: RunReader = async () => {
  throw new Error('connection refused');
};

/** Kit stood in: adapter-node's conversion around the endpoint's GET, for its one route. */
async function kit(
  req: IncomingMessage,
  res: import('node:http').ServerResponse,
  next: () => void
) {
  const web = await getRequest({ request: req, base: 'http://localhost' });
  const match = /^\/api\/runs\/([^/?]*)$/.exec(new URL(web.url).pathname);
  if (!match) return next();
  const params = { id: decodeURIComponent(match[1]) };
  // @ts-expect-error a RequestEvent with the two fields the endpoint reads
  const response = await GET({ params, request: web });
  await setResponse(res, response);
}
/** Which path answered: the stand-in counts the requests that reached Kit. */
let kitCalls = 0;
const countedKit: typeof kit = (req, res, next) => {
  kitCalls++;
  return kit(req, res, next);
};

let server: Server;
let client: string;
let port: number;

beforeAll(async () => {
  client = mkdtempSync(join(tmpdir(), 'acl-run-read-'));
  server = createServer(requestListener(countedKit, client));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(client, { recursive: true, force: true });
});
afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[RUN_READER];
  store.read = null;
  store.open = true;
  reads.length = 0;
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const { date, connection, 'keep-alive': _, ...rest } = res.headers;
        void date;
        void connection;
        resolve({ status: res.statusCode ?? 0, headers: rest, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** The same request answered by the fast path (reader registered) and by Kit (none). */
async function bothPaths(read: RunReader, path: string, headers: Record<string, string> = {}) {
  registerRunReader(read);
  kitCalls = 0;
  const fast = await get(path, headers);
  const fastReachedKit = kitCalls > 0;
  delete (globalThis as Record<symbol, unknown>)[RUN_READER];
  store.read = read;
  kitCalls = 0;
  const viaKit = await get(path, headers);
  expect(kitCalls).toBe(1);
  return { fast, viaKit, fastReachedKit };
}

const GZIP = { 'accept-encoding': 'gzip' };

describe('GET /api/runs/<id>: the fast path answers as the Kit endpoint does', () => {
  it('a stored run: the payload, compressed, immutable, with the id as ETag', async () => {
    const { fast, viaKit, fastReachedKit } = await bothPaths(fromStore, `/api/runs/${ID}`, GZIP);
    expect(fastReachedKit).toBe(false);
    expect(fast).toEqual(viaKit);
    expect(fast.status).toBe(200);
    expect(fast.headers['content-encoding']).toBe('gzip');
    expect(fast.headers['cache-control']).toBe(IMMUTABLE);
    expect(fast.headers.etag).toBe(`"${ID}"`);
    expect(fast.headers['content-type']).toBe('application/json');
    expect(fast.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(fast.headers['x-content-type-options']).toBe('nosniff');
    expect(fast.headers['content-security-policy']).toMatch(/default-src 'self'/);
    const { gunzipSync } = await import('node:zlib');
    expect(gunzipSync(fast.body).toString()).toBe(RUN);
  });

  it('a small run: sent as it is, with its length', async () => {
    const { fast, viaKit } = await bothPaths(fromStore, '/api/runs/small2345672', GZIP);
    expect(fast).toEqual(viaKit);
    expect(fast.headers['content-encoding']).toBeUndefined();
    expect(fast.headers['content-length']).toBe(String(SMALL.length));
    expect(fast.body.toString()).toBe(SMALL);
  });

  it('an id in capitals is the same run, under the lower-case ETag', async () => {
    const { fast, viaKit, fastReachedKit } = await bothPaths(
      fromStore,
      `/api/runs/${ID.toUpperCase()}?x=1`
    );
    expect(fastReachedKit).toBe(false);
    expect(fast).toEqual(viaKit);
    expect(fast.headers.etag).toBe(`"${ID}"`);
    expect(fast.body.toString()).toBe(RUN);
  });

  it.each([[`"${ID}"`], [`W/"${ID}"`], [`"other", "${ID}"`], ['*']])(
    'If-None-Match %s: 304, no body, no read, no page policy',
    async (tag) => {
      const { fast, viaKit, fastReachedKit } = await bothPaths(fromStore, `/api/runs/${ID}`, {
        'if-none-match': tag
      });
      expect(fastReachedKit).toBe(false);
      expect(fast).toEqual(viaKit);
      expect(fast.status).toBe(304);
      expect(fast.body.length).toBe(0);
      expect(fast.headers.etag).toBe(`"${ID}"`);
      expect(fast.headers['cache-control']).toBe(IMMUTABLE);
      // a 304 keeps the stored response's policy (security-headers.js)
      expect(fast.headers['content-security-policy']).toBeUndefined();
      expect(reads).toEqual([]);
    }
  );

  it('another ETag is answered in full', async () => {
    const { fast, viaKit } = await bothPaths(fromStore, `/api/runs/${ID}`, {
      'if-none-match': '"abcdefghijkm"'
    });
    expect(fast).toEqual(viaKit);
    expect(fast.status).toBe(200);
  });

  it('a missing run: 404 with the sentence, never kept', async () => {
    const { fast, viaKit, fastReachedKit } = await bothPaths(fromStore, '/api/runs/aaaaaaaaaaaa');
    expect(fastReachedKit).toBe(false);
    expect(fast).toEqual(viaKit);
    expect(fast.status).toBe(404);
    expect(JSON.parse(fast.body.toString())).toEqual({ message: NOT_FOUND });
    expect(fast.headers['cache-control']).toBe('no-store');
    expect(fast.headers.etag).toBeUndefined();
  });

  it('the store down after it opened: 503 with the sentence, never kept', async () => {
    const { fast, viaKit, fastReachedKit } = await bothPaths(storeDown, `/api/runs/${ID}`);
    expect(fastReachedKit).toBe(false);
    expect(fast).toEqual(viaKit);
    expect(fast.status).toBe(503);
    expect(JSON.parse(fast.body.toString())).toEqual({ message: NO_STORE });
    expect(fast.headers['cache-control']).toBe('no-store');
  });

  it('the store never opened: no reader, Kit answers 503', async () => {
    store.open = false;
    kitCalls = 0;
    const answer = await get(`/api/runs/${ID}`);
    expect(kitCalls).toBe(1);
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body.toString())).toEqual({ message: NO_STORE });
  });

  it.each([
    ['a path out', '..%2F..%2Fetc%2Fpasswd'],
    ['dots', '%2E%2Ebcdefghijkl'],
    ['too short', 'abcdefghijk'],
    ['too long', 'abcdefghijklm'],
    ['5000 characters', 'a'.repeat(5000)],
    ['a digit outside base32', 'abcdefghijk1'],
    ['unicode first', '%C3%A9bcdefghijk'],
    ['unicode last', 'abcdefghijk%C3%A9'],
    ['a NUL', '%00bcdefghijk']
  ])('a hostile id (%s): 404 with the sentence, the store never asked', async (_, id) => {
    const { fast, viaKit } = await bothPaths(fromStore, `/api/runs/${id}`);
    expect(fast).toEqual(viaKit);
    expect(fast.status).toBe(404);
    expect(JSON.parse(fast.body.toString())).toEqual({ message: NOT_FOUND });
    expect(reads).toEqual([]);
  });

  it('an id percent-encoded goes to Kit, which decodes it: the same run', async () => {
    registerRunReader(fromStore);
    store.read = fromStore;
    kitCalls = 0;
    const answer = await get(`/api/runs/%61${ID.slice(1)}`);
    expect(kitCalls).toBe(1);
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe(RUN);
  });

  it('only GET takes the fast path', async () => {
    registerRunReader(fromStore);
    store.read = fromStore;
    kitCalls = 0;
    await new Promise<void>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: `/api/runs/${ID}`, method: 'HEAD', agent: false },
        (res) => {
          res.resume();
          res.on('end', resolve);
        }
      );
      req.on('error', reject);
      req.end();
    });
    expect(kitCalls).toBe(1);
  });
});

describe('the run reader on its process-wide symbol', () => {
  it('is found under Symbol.for, as a separate copy of the module would look it up', () => {
    expect(registeredRunReader()).toBeUndefined();
    (globalThis as Record<symbol, unknown>)[Symbol.for('acl.runReader')] = fromStore;
    expect(registeredRunReader()).toBe(fromStore);
  });

  it('is ignored when something else sits there', () => {
    (globalThis as Record<symbol, unknown>)[RUN_READER] = { get: fromStore };
    expect(registeredRunReader()).toBeUndefined();
  });
});

describe('runReadAnswer', () => {
  it('never throws, whatever the reader does', async () => {
    const odd: RunReader = () => {
      throw new Error('synchronous');
    };
    expect((await runReadAnswer(ID, odd, null)).status).toBe(503);
  });
});
