/**
 * For tests: a real HTTP server on 127.0.0.1 that misbehaves the ways a broken, overloaded or
 * hostile OpenAI-compatible endpoint does, chosen by the requested model name (issue 21): one
 * endless server-sent-events line, a stream that never ends, a server that accepts and never
 * answers, a stream that stalls, a web page with status 200, and 429 with `Retry-After`.
 * Node only (imported by unit tests, by `solve`'s tests and by the e2e spec). It allows
 * cross-origin requests, and exposes `Retry-After` to pages, as a server set up for browsers
 * would.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerCors, readJsonBody } from './fake-endpoint';

/** The behaviours, by the model name a request asks for. */
export type HostileBehaviour =
  /** `data: {"choices":[{"delta":{"content":"xxxx…` for `hugeLineBytes`, with no line end */
  | 'huge-line'
  /** the same line, a small piece every `dripMs` (a page can press Stop while it grows) */
  | 'huge-line-slow'
  /** a JSON reply (`application/json`) whose content is `hugeLineBytes` long */
  | 'huge-json'
  /** well-formed content chunks forever, ignoring `max_tokens`, never a finish reason */
  | 'endless'
  /** accepts the connection and reads the request, then never answers */
  | 'silent'
  /** status, headers and one chunk, then nothing more (the connection stays open) */
  | 'stall'
  /** `200 text/html`: a website's home page, as when the address lacks the API path */
  | 'html'
  /** `429` with `Retry-After: 30` */
  | 'retry-after-seconds'
  /** `429` with `Retry-After` as an HTTP date five minutes ahead */
  | 'retry-after-date';

/** A running hostile endpoint. */
export interface HostileEndpoint {
  /** `http://127.0.0.1:PORT` (no `/v1`: the client adds it) */
  origin: string;
  /** bytes of response body written so far, by behaviour */
  sent: Map<string, number>;
  /** resolves once a client has hung up on a request for this behaviour (at once if one did) */
  closed(behaviour: HostileBehaviour): Promise<void>;
  /** chat requests received, in order, with the model name each asked for */
  requests: { model: string; stream: boolean; maxTokens: unknown }[];
  close(): Promise<void>;
}

/** Options of {@link startHostileEndpoint}. */
export interface HostileOptions {
  /** how long the huge line is (default 50 MB, as in the issue) */
  hugeLineBytes?: number;
  /** the pause between pieces of `huge-line-slow` (default 250 ms) */
  dripMs?: number;
  /**
   * answers a request before the behaviours by name (e.g. a normal reply on turn 1 and a
   * hostile one on turn 2); return null to fall through, or a behaviour's name to use it
   */
  route?: (body: Record<string, unknown>) => HostileBehaviour | { content: string } | null;
}

const MB = 1024 * 1024;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The SSE event of one content delta. */
const delta = (content: string) =>
  `data: ${JSON.stringify({ object: 'chat.completion.chunk', model: 'hostile', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;

/** Start the server. */
export async function startHostileEndpoint(options: HostileOptions = {}): Promise<HostileEndpoint> {
  const hugeLineBytes = options.hugeLineBytes ?? 50 * MB;
  const dripMs = options.dripMs ?? 250;
  const sent = new Map<string, number>();
  const requests: HostileEndpoint['requests'] = [];
  const hangUps = new Set<string>();
  const waiting = new Map<string, (() => void)[]>();
  const hungUp = (name: string) => {
    hangUps.add(name);
    for (const resolve of waiting.get(name) ?? []) resolve();
    waiting.delete(name);
  };

  /** Writes with backpressure; false once the client has gone. */
  const write = (res: ServerResponse, name: string, data: string): Promise<boolean> =>
    new Promise((resolve) => {
      if (res.destroyed || res.writableEnded) return resolve(false);
      sent.set(name, (sent.get(name) ?? 0) + Buffer.byteLength(data));
      const flushed = res.write(data, (error) => {
        if (error) resolve(false);
        else if (flushed) resolve(true);
      });
      if (!flushed) res.once('drain', () => resolve(!res.destroyed));
    });

  const server = createServer(async (req, res) => {
    if (answerCors(req, res)) return;
    const body = (await readJsonBody(req)) ?? {};
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ error: { message: `No route ${req.url}` } }));
    }
    const routed = options.route?.(body) ?? null;
    if (routed !== null && typeof routed === 'object') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(
        JSON.stringify({
          object: 'chat.completion',
          model: 'hostile',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: routed.content },
              finish_reason: 'stop'
            }
          ],
          usage: { prompt_tokens: 50, completion_tokens: 10 }
        })
      );
    }
    const name = routed ?? String(body.model);
    requests.push({ model: name, stream: body.stream === true, maxTokens: body.max_tokens });
    res.on('close', () => hungUp(name));
    const sse = () =>
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });

    switch (name) {
      case 'huge-line':
      case 'huge-line-slow': {
        sse();
        const slow = name === 'huge-line-slow';
        const piece = 'x'.repeat(slow ? 16 * 1024 : 64 * 1024);
        let left = hugeLineBytes;
        if (!(await write(res, name, 'data: {"choices":[{"index":0,"delta":{"content":"'))) return;
        while (left > 0) {
          if (!(await write(res, name, piece))) return;
          left -= piece.length;
          if (slow) await sleep(dripMs);
        }
        return res.end('"}}]}\n\n');
      }
      case 'huge-json': {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const piece = 'x'.repeat(64 * 1024);
        if (!(await write(res, name, '{"choices":[{"index":0,"message":{"content":"'))) return;
        for (let left = hugeLineBytes; left > 0; left -= piece.length) {
          if (!(await write(res, name, piece))) return;
        }
        return res.end('"},"finish_reason":"stop"}]}');
      }
      case 'endless': {
        sse();
        // Each write waits for its flush, so the client's reads interleave with these writes.
        while (await write(res, name, delta('tok ')));
        return;
      }
      case 'silent':
        return; // never answers; the connection stays open until the client gives up
      case 'stall':
        sse();
        await write(res, name, delta('def f('));
        return; // nothing more, ever
      case 'html':
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        return res.end(
          '<!doctype html><html><head><title>Welcome to nginx!</title></head>' +
            '<body><h1>Welcome to nginx!</h1></body></html>'
        );
      case 'retry-after-seconds':
      case 'retry-after-date': {
        const value =
          name === 'retry-after-seconds' ? '30' : new Date(Date.now() + 5 * 60_000).toUTCString();
        res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': value });
        return res.end(
          JSON.stringify({
            error: { message: 'Rate limit reached for requests.', code: 'rate_limit' }
          })
        );
      }
      default:
        res.writeHead(404, { 'Content-Type': 'application/json' });
        return res.end(JSON.stringify({ error: { message: `No behaviour “${name}”.` } }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    sent,
    requests,
    closed: (behaviour) =>
      new Promise<void>((resolve) => {
        if (hangUps.has(behaviour)) return resolve();
        waiting.set(behaviour, [...(waiting.get(behaviour) ?? []), resolve]);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}
