/**
 * For tests: a real HTTP server on 127.0.0.1 that speaks OpenAI's chat-completions wire
 * format, with behaviours chosen by the requested model name. Node only (imported by unit
 * tests and by the e2e tests, which point a page at it). It allows cross-origin requests as a
 * real server set up for browsers does (Ollama's OLLAMA_ORIGINS, vLLM's --allowed-origins).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the server received. */
export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown> | null;
}

/** A running fake endpoint. */
export interface FakeEndpoint {
  /** `http://127.0.0.1:PORT` (no `/v1`: the client adds it) */
  origin: string;
  received: Received[];
  /** resolves when the client closed the connection of a `hang` request */
  hangClosed: Promise<void>;
  close(): Promise<void>;
}

const enc = new TextEncoder();

function chunk(delta: Record<string, unknown>, finish: string | null = null, index = 0) {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'served-model',
    choices: [{ index, delta, finish_reason: finish }]
  };
}

/** The SSE stream of a reply, as one string (content in three pieces, then finish, usage). */
export function sseReply(pieces: string[], options: { usage: boolean; crlf?: boolean }): string {
  const nl = options.crlf ? '\r\n' : '\n';
  const events = [
    chunk({ role: 'assistant', content: '' }),
    ...pieces.map((p) => chunk({ content: p })),
    chunk({}, 'stop')
  ] as unknown[];
  if (options.usage) {
    events.push({
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      model: 'served-model',
      choices: [],
      usage: { prompt_tokens: 17, completion_tokens: 5, total_tokens: 22 }
    });
  }
  return (
    ': keep-alive comment' +
    nl +
    nl +
    events.map((e) => `data: ${JSON.stringify(e)}${nl}${nl}`).join('') +
    `data: [DONE]${nl}${nl}`
  );
}

/** Cut bytes into pieces of 1, 2, 3, 5, 7 … bytes, so boundaries land everywhere. */
function awkwardPieces(bytes: Uint8Array): Uint8Array[] {
  const sizes = [1, 2, 3, 5, 7, 11, 13];
  const out: Uint8Array[] = [];
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const size = sizes[k % sizes.length];
    out.push(bytes.slice(at, at + size));
    at += size;
  }
  return out;
}

function write(res: ServerResponse, data: Uint8Array | string): Promise<void> {
  return new Promise((resolve, reject) =>
    res.write(data, (error) => (error ? reject(error) : resolve()))
  );
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function openaiError(
  res: ServerResponse,
  status: number,
  message: string,
  code: string,
  headers: Record<string, string> = {}
) {
  json(
    res,
    status,
    { error: { message, type: 'invalid_request_error', param: null, code } },
    headers
  );
}

/**
 * What a test's own `chat` handler answers: a reply (sent as one JSON chat completion), an
 * OpenAI-style error with an HTTP status, or a dropped connection.
 */
export type FakeChat =
  | {
      content: string;
      usage?: { prompt_tokens: number; completion_tokens: number };
      /** answer after this many milliseconds (a slow model) */
      delayMs?: number;
    }
  | { status: number; message: string; headers?: Record<string, string> }
  | { drop: true };

/** What the server answers the model named `replies` with. */
export interface FakeEndpointOptions {
  /**
   * Authored replies: a request with k assistant turns in it gets `replies[k]` (so a resumed
   * or forked run gets the same answer at the same turn), streamed in small pieces.
   */
  replies?: readonly string[];
  /** wait this long between streamed pieces of a reply (default 0) */
  pieceDelayMs?: number;
  /** answers chat requests first; null falls through to the behaviours by model name */
  chat?: (body: Record<string, unknown>) => FakeChat | null;
}

/** A reply cut into pieces of about `size` characters (a token is about four). */
export function pieces(text: string, size = 6): string[] {
  const out: string[] = [];
  for (let at = 0; at < text.length; at += size) out.push(text.slice(at, at + size));
  return out;
}

/**
 * Allows cross-origin requests (and a page's reading of `Retry-After`, which is not a
 * safelisted header); answers a preflight. True when the request was a preflight, now answered.
 */
export function answerCors(req: IncomingMessage, res: ServerResponse): boolean {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After, Retry-After-Ms');
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(204);
  res.end();
  return true;
}

/** A request's body as a JSON object, or null when it has none (a GET) or it is not JSON. */
export async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  let raw = '';
  for await (const part of req) raw += String(part);
  try {
    const json: unknown = raw ? JSON.parse(raw) : null;
    return json && typeof json === 'object' ? (json as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Start the server; behaviours by model name are listed in the switch below. */
export async function startFakeEndpoint(options: FakeEndpointOptions = {}): Promise<FakeEndpoint> {
  const received: Received[] = [];
  let hangClosed!: () => void;
  const hangClosedPromise = new Promise<void>((resolve) => (hangClosed = resolve));

  const server = createServer(async (req, res) => {
    if (answerCors(req, res)) return;
    const body = await readJsonBody(req);
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });

    if (req.method === 'GET' && req.url === '/v1/models') {
      return json(res, 200, {
        object: 'list',
        data: [{ id: 'qwen2.5-coder:1.5b' }, { id: 'llama3.2:1b' }]
      });
    }
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      return json(res, 404, { error: { message: `No route ${req.url}`, type: 'not_found' } });
    }
    const model = String(body?.model);
    const custom = body ? options.chat?.(body) : null;
    if (custom && 'drop' in custom) return void res.socket?.destroy();
    if (custom && 'status' in custom) {
      return openaiError(res, custom.status, custom.message, 'fake_error', custom.headers);
    }
    if (custom) {
      if (custom.delayMs) await sleep(custom.delayMs);
      return json(res, 200, {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: custom.content },
            finish_reason: 'stop'
          }
        ],
        ...(custom.usage ? { usage: { ...custom.usage } } : {})
      });
    }
    const sse = () =>
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });

    switch (model) {
      case 'replies': {
        const messages = (body?.messages ?? []) as { role?: string }[];
        const turn = messages.filter((m) => m.role === 'assistant').length;
        const reply = options.replies?.[turn];
        if (reply === undefined) {
          return openaiError(res, 400, `No reply for turn ${turn + 1}.`, 'no_reply');
        }
        const usage = {
          prompt_tokens: JSON.stringify(messages).length >> 2,
          completion_tokens: Math.ceil(reply.length / 4),
          total_tokens: 0
        };
        if (body?.stream !== true) {
          return json(res, 200, {
            object: 'chat.completion',
            model: 'served-model',
            choices: [
              { index: 0, message: { role: 'assistant', content: reply }, finish_reason: 'stop' }
            ],
            usage
          });
        }
        sse();
        const events = [
          chunk({ role: 'assistant', content: '' }),
          ...pieces(reply).map((p) => chunk({ content: p })),
          chunk({}, 'stop')
        ] as unknown[];
        const wantsUsage =
          (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
        if (wantsUsage) events.push({ object: 'chat.completion.chunk', choices: [], usage });
        for (const event of events) {
          if (res.destroyed) return;
          await write(res, `data: ${JSON.stringify(event)}\n\n`).catch(() => {});
          if (options.pieceDelayMs) await sleep(options.pieceDelayMs);
        }
        if (!res.destroyed) res.end('data: [DONE]\n\n');
        return;
      }
      case 'json':
        return json(res, 200, {
          id: 'chatcmpl-1',
          object: 'chat.completion',
          model: 'served-model',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: 'def f():\n    return 1' },
              finish_reason: 'length'
            },
            { index: 1, message: { role: 'assistant', content: 'second' }, finish_reason: 'stop' }
          ],
          usage: { prompt_tokens: 12, completion_tokens: 9, total_tokens: 21 }
        });
      case 'json-no-usage':
        return json(res, 200, {
          choices: [{ index: 0, message: { content: 'abcdefgh' }, finish_reason: 'stop' }]
        });
      case 'stream':
      case 'stream-no-usage':
      case 'stream-crlf': {
        sse();
        const text = sseReply(['déf f', '(): 🙂', ' ok'], {
          usage: model !== 'stream-no-usage',
          crlf: model === 'stream-crlf'
        });
        for (const piece of awkwardPieces(enc.encode(text))) await write(res, piece);
        return res.end();
      }
      case 'cut': {
        // Two pieces of text, then the connection dies: no finish_reason, no [DONE].
        sse();
        await write(res, `data: ${JSON.stringify(chunk({ content: 'def f(' }))}\n\n`);
        await write(res, `data: ${JSON.stringify(chunk({ content: 'x):' }))}\n\nda`);
        res.socket?.destroy();
        return;
      }
      case 'cut-clean': {
        // The server ends the response politely, but the reply was never finished.
        sse();
        await write(res, `data: ${JSON.stringify(chunk({ content: 'def f(' }))}\n\n`);
        return res.end();
      }
      case 'hang': {
        sse();
        res.on('close', () => hangClosed());
        await write(res, `data: ${JSON.stringify(chunk({ content: 'first' }))}\n\n`);
        return; // never finishes: the client must abort
      }
      case 'error-mid-stream': {
        sse();
        await write(res, `data: ${JSON.stringify(chunk({ content: 'a' }))}\n\n`);
        await write(
          res,
          `data: ${JSON.stringify({ error: { message: 'CUDA out of memory' } })}\n\n`
        );
        return res.end();
      }
      case 'needs-key':
        if (req.headers.authorization !== 'Bearer good-key') {
          return openaiError(res, 401, 'Incorrect API key provided: wr***ey.', 'invalid_api_key');
        }
        return json(res, 200, { choices: [{ index: 0, message: { content: 'hi' } }] });
      case 'server-error':
        return openaiError(
          res,
          500,
          'The server had an error while processing your request.',
          'server_error'
        );
      case 'not-json':
        res.writeHead(200, { 'Content-Type': 'text/html' });
        return res.end('<html><body>Welcome to nginx!</body></html>');
      default:
        return openaiError(
          res,
          404,
          `The model \`${model}\` does not exist or you do not have access to it.`,
          'model_not_found'
        );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    hangClosed: hangClosedPromise,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}
