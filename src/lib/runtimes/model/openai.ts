/**
 * A chat model behind an OpenAI-compatible HTTP endpoint: vLLM, Ollama, llama.cpp's server,
 * LM Studio, or a hosted API. Streams tokens over server-sent events when the caller wants
 * them, and otherwise asks for one JSON reply.
 *
 * Wire format: OpenAI's Chat Completions API (`POST /chat/completions`; with `stream: true`
 * the reply is `text/event-stream` of `chat.completion.chunk` objects ending in
 * `data: [DONE]`; with `stream_options: { include_usage: true }` one more chunk with empty
 * `choices` carries the token counts).
 */
import type { ChatRequest, ChatResult, LanguageModel } from '$lib/core/run/effects';
import {
  chatBody,
  headers,
  mapFinish,
  parseJson,
  parseReply,
  replyError,
  resolveEndpoint,
  serverMessage,
  usageOf,
  type EndpointUrls,
  type TokenField,
  type WireReply
} from './endpoint';
import {
  EndpointHttpError,
  EndpointNetworkError,
  EndpointResponseError,
  EndpointWebPageError,
  parseRetryAfter,
  ReplyTooLargeError,
  StreamInterruptedError
} from './errors';
import {
  CallClock,
  limitsWith,
  readBodyCapped,
  replyByteLimit,
  streamTokenCap,
  type ModelCallLimits
} from './limits';
import { SseDecoder } from './sse';

/** How to reach an endpoint. */
export interface OpenAICompatibleOptions {
  /** the API root, e.g. `http://localhost:11434/v1` (see `resolveEndpoint` for the rule) */
  baseUrl: string;
  /** the model name the server knows, e.g. `qwen2.5-coder:1.5b` */
  model: string;
  /** sent as `Authorization: Bearer …` when given; local servers usually need none */
  apiKey?: string;
  /** a fetch to use instead of the global one (tests, or a proxy) */
  fetch?: typeof fetch;
  /**
   * ask for token counts at the end of a stream (`stream_options.include_usage`); default
   * true. Turn it off for a server that rejects the field: counts are then estimated.
   */
  streamUsage?: boolean;
  /** timeouts and size caps of each call; unset ones keep `DEFAULT_LIMITS` */
  limits?: Partial<ModelCallLimits>;
  /** the field that caps a reply: `max_tokens` (default) or `max_completion_tokens` */
  tokenField?: TokenField;
  /** how a call waits when the server asks it to (429 or 503 with a wait); see `RetryPolicy` */
  retry?: Partial<RetryPolicy>;
}

/**
 * When the server says "too many requests" or "unavailable" (429, 503) and how long to wait
 * (`retry-after-ms`, OpenAI's, or `Retry-After`), the call waits that long and asks again, at
 * most `attempts` times in all. A wait longer than `maxWaitSeconds`, or none given, ends the
 * call with the server's error, explained, as before.
 */
export interface RetryPolicy {
  /** tries in all, the first included (default 4) */
  attempts: number;
  /** the longest wait honoured, in seconds (default 60) */
  maxWaitSeconds: number;
  /** waits `ms` unless the signal aborts first (tests pass one that records instead) */
  sleep: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const done = () => {
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', stop, { once: true });
  });
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 4, maxWaitSeconds: 60, sleep };

/**
 * Chat URLs whose server refused `stream_options`: asked without it from then on, for the rest
 * of the page's (or the CLI's) life, by every model object that talks to it.
 */
const refusesStreamOptions = new Set<string>();

/** A 400/422 that names `stream_options`: a server that does not know the field. */
function refusedStreamOptions(error: unknown): boolean {
  return (
    error instanceof EndpointHttpError &&
    (error.status === 400 || error.status === 422) &&
    /stream_options|include_usage/i.test(error.serverMessage)
  );
}

/** Options of one call, as in `LanguageModel.complete`. */
export interface CallOptions {
  signal?: AbortSignal;
  onToken?: (token: string) => void;
  /** told before each wait the server asked for (ms), so a page can say so */
  onWait?: (ms: number) => void;
}

/** Every sample of a call with `n > 1`, sharing one usage (the whole call's). */
export interface ChatChoices {
  choices: { text: string; finishReason: ChatResult['finishReason'] }[];
  modelId: string;
  usage: ChatResult['usage'];
}

/** The most of an error body or a web page that is read: enough for its message or title. */
const ERROR_BODY_BYTES = 64 * 1024;

/** A `LanguageModel` answered by an OpenAI-compatible endpoint. */
export class OpenAICompatibleModel implements LanguageModel {
  /** the model name, as recorded in runs */
  readonly id: string;
  /** where requests go */
  readonly endpoint: EndpointUrls;
  /** the limits every call keeps to */
  readonly limits: Readonly<ModelCallLimits>;
  readonly #apiKey: string | undefined;
  readonly #fetch: typeof fetch;
  readonly #streamUsage: boolean;
  readonly #tokenField: TokenField;
  readonly #retry: RetryPolicy;

  /** Throws `EndpointConfigError` when `baseUrl` is not an http(s) address. */
  constructor(options: OpenAICompatibleOptions) {
    this.id = options.model;
    this.endpoint = resolveEndpoint(options.baseUrl);
    this.limits = Object.freeze(limitsWith(options.limits));
    this.#apiKey = options.apiKey || undefined;
    // Bound to globalThis: a bare `fetch` stored on an object throws "Illegal invocation".
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#streamUsage = options.streamUsage ?? true;
    this.#tokenField = options.tokenField ?? 'max_tokens';
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  /**
   * Runs one call, again after the wait a 429 or 503 asks for (see `RetryPolicy`); an attempt
   * that fails any other way ends the call.
   */
  async #withRetries<T>(
    { signal, onWait }: Pick<CallOptions, 'signal' | 'onWait'>,
    attempt: () => Promise<T>
  ): Promise<T> {
    for (let tries = 1; ; tries++) {
      try {
        return await attempt();
      } catch (error) {
        const wait = waitAskedFor(error);
        if (
          wait === undefined ||
          tries >= this.#retry.attempts ||
          wait > this.#retry.maxWaitSeconds * 1000
        ) {
          throw error;
        }
        onWait?.(wait);
        await this.#retry.sleep(wait, signal);
      }
    }
  }

  /**
   * One completion. Streams (and calls `onToken` with each piece of text) when `onToken` is
   * given and `n` is 1; otherwise one JSON reply. With `n > 1` the result is the first sample
   * and `usage` counts all of them (use `completeChoices` to get every sample).
   *
   * Rejects with the signal's reason (an `AbortError` by default) when aborted,
   * `EndpointHttpError` for an HTTP error status, `EndpointNetworkError` when no answer came,
   * `EndpointWebPageError` for a web page instead of the API, `StreamInterruptedError` when a
   * stream ended before the reply was complete, `ModelTimeoutError` when a limit of time
   * passed, `ReplyTooLargeError` for a reply past its size cap, and `EndpointResponseError`
   * for a reply that is not a chat completion. Partial text is never returned as a result,
   * except a reply that ran past its token cap: that is kept, cut there, with `finishReason`
   * `length` (as the server itself marks a reply cut at `max_tokens`).
   */
  async complete(request: ChatRequest, options: CallOptions = {}): Promise<ChatResult> {
    const { signal, onToken } = options;
    if (onToken && (request.n ?? 1) === 1) {
      return this.#withRetries(options, async () => {
        try {
          return await this.#streamOnce(request, onToken, signal, this.#asksUsage());
        } catch (error) {
          if (!this.#asksUsage() || !refusedStreamOptions(error)) throw error;
          // The server does not know `stream_options`: ask again without it (counts are then
          // estimated, and marked so), and never send it to this server again.
          refusesStreamOptions.add(this.endpoint.chat);
          return await this.#streamOnce(request, onToken, signal, false);
        }
      });
    }
    const all = await this.completeChoices(request, { signal, onWait: options.onWait });
    const first = all.choices[0];
    return {
      text: first.text,
      finishReason: first.finishReason,
      modelId: all.modelId,
      usage: all.usage
    };
  }

  /** whether a stream asks for its token counts (`stream_options`) */
  #asksUsage(): boolean {
    return this.#streamUsage && !refusesStreamOptions.has(this.endpoint.chat);
  }

  /** One streamed call, with or without `stream_options`. */
  async #streamOnce(
    request: ChatRequest,
    onToken: (token: string) => void,
    signal: AbortSignal | undefined,
    streamUsage: boolean
  ): Promise<ChatResult> {
    const clock = new CallClock(this.limits, signal);
    try {
      const body = chatBody(this.id, request, true, streamUsage, this.#tokenField);
      const response = await this.#post(body, clock);
      if (/application\/json/i.test(response.headers.get('content-type') ?? '')) {
        // A server that ignores `stream: true` answers with one JSON reply: use it whole.
        const result = await this.#fromJson(response, request, clock);
        const first = result.choices[0];
        if (first.text) onToken(first.text);
        return { ...first, modelId: result.modelId, usage: result.usage };
      }
      return await this.#fromStream(response, request, onToken, clock);
    } finally {
      clock.done();
    }
  }

  /**
   * Every sample of one non-streaming call (`n` of them). Servers that ignore `n` return one;
   * the caller sees how many came back. A server that streams although asked not to is read
   * as a stream (one sample).
   */
  async completeChoices(
    request: ChatRequest,
    options: Pick<CallOptions, 'signal' | 'onWait'> = {}
  ): Promise<ChatChoices> {
    return this.#withRetries(options, async () => {
      const clock = new CallClock(this.limits, options.signal);
      try {
        const body = chatBody(this.id, request, false, false, this.#tokenField);
        const response = await this.#post(body, clock);
        if (/text\/event-stream/i.test(response.headers.get('content-type') ?? '')) {
          const result = await this.#fromStream(response, request, () => {}, clock);
          return {
            choices: [{ text: result.text, finishReason: result.finishReason }],
            modelId: result.modelId,
            usage: result.usage
          };
        }
        return await this.#fromJson(response, request, clock);
      } finally {
        clock.done();
      }
    });
  }

  async #fromJson(
    response: Response,
    request: ChatRequest,
    clock: CallClock
  ): Promise<ChatChoices> {
    const limit = replyByteLimit(this.limits, request.maxTokens, request.n);
    let body: string;
    try {
      body = await readBodyCapped(response, limit, clock, request.maxTokens);
    } catch (error) {
      if (error instanceof ReplyTooLargeError) throw error;
      throw clock.failure(new EndpointNetworkError(this.endpoint.chat, error));
    }
    // Some proxies send their HTML pages without saying so.
    if (/^\s*</.test(body) && parseJson(body) === null) {
      throw new EndpointWebPageError(this.endpoint.chat, pageTitle(body));
    }
    const reply = parseReply(body);
    if (reply.error !== undefined) throw replyError(reply.error);
    const cap = streamTokenCap(request.maxTokens).chars;
    const choices = (reply.choices ?? [])
      .slice()
      .sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
      .map((c) => {
        const text = typeof c.message?.content === 'string' ? c.message.content : '';
        // Longer than max_tokens allows: kept up to the cap, and marked cut off there.
        return text.length > cap
          ? { text: text.slice(0, cap), finishReason: 'length' as const }
          : { text, finishReason: mapFinish(c.finish_reason) };
      });
    if (choices.length === 0) {
      throw new EndpointResponseError('The endpoint’s reply has no choices in it.');
    }
    return {
      choices,
      modelId: this.#modelId(reply.model),
      usage: usageOf(reply.usage, request, choices.map((c) => c.text).join(''))
    };
  }

  /** The model names the server offers (`GET /models`), sorted. */
  async listModels(options: { signal?: AbortSignal } = {}): Promise<string[]> {
    return fetchModelList(this.endpoint.models, this.#fetch, this.#apiKey, {
      signal: options.signal,
      limits: this.limits
    });
  }

  /**
   * Reads a server-sent-events reply. Bounded four ways: a line (or event) past
   * `maxLineChars` and a reply past its byte limit end the call with `ReplyTooLargeError`;
   * a reply past its token cap (events or characters) is cut there and kept, marked
   * `length`; the clock's idle limit ends a reply that stalls.
   */
  async #fromStream(
    response: Response,
    request: ChatRequest,
    onToken: (token: string) => void,
    clock: CallClock
  ): Promise<ChatResult> {
    if (!response.body) throw new EndpointResponseError('The endpoint sent a reply with no body.');
    const reader = response.body.getReader();
    const decoder = new SseDecoder({ maxLineChars: this.limits.maxLineChars });
    const byteLimit = replyByteLimit(this.limits, request.maxTokens);
    const cap = streamTokenCap(request.maxTokens);
    let bytes = 0;
    let events = 0;
    let text = '';
    let finish: unknown = null;
    let usage: WireReply['usage'] = null;
    let model: unknown;
    let done = false;
    /** the reply went past its token cap: what came is kept, marked cut off */
    let capped = false;

    const handle = (data: string) => {
      if (data === '[DONE]') {
        done = true;
        return;
      }
      if (++events > cap.events) {
        capped = true;
        return;
      }
      const chunk = parseReply(data);
      if (chunk.error !== undefined) throw replyError(chunk.error);
      model ??= chunk.model;
      if (chunk.usage) usage = chunk.usage;
      // Only the first sample streams here (n is 1); other indexes would be a server's quirk.
      const choice = chunk.choices?.find((c) => (c.index ?? 0) === 0);
      const content = choice?.delta?.content;
      if (typeof content === 'string' && content !== '') {
        let piece = content;
        if (text.length + piece.length > cap.chars) {
          piece = piece.slice(0, cap.chars - text.length);
          capped = true;
        }
        text += piece;
        if (piece !== '') onToken(piece);
      }
      if (choice?.finish_reason != null) finish = choice.finish_reason;
    };

    try {
      while (!done && !capped) {
        let next: ReadableStreamReadResult<Uint8Array>;
        try {
          next = await clock.race(reader.read());
        } catch (error) {
          throw clock.failure(new StreamInterruptedError(text.length, error));
        }
        if (next.done) {
          for (const data of decoder.end()) if (!done && !capped) handle(data);
          break;
        }
        bytes += next.value.byteLength;
        if (bytes > byteLimit) throw new ReplyTooLargeError('reply', byteLimit, request.maxTokens);
        for (const data of decoder.push(next.value)) if (!done && !capped) handle(data);
        clock.awaitMore(text.length);
      }
    } finally {
      // Stop the download when we leave early (an error, the cap, or `[DONE]` before the
      // socket closed).
      reader.cancel().catch(() => {});
    }
    const stoppedBy = clock.failure(null);
    if (stoppedBy !== null) throw stoppedBy;
    // A stream that closed without `[DONE]` is still complete when the server gave a finish
    // reason (some servers close right after it); without either, the text is a fragment.
    if (!capped && !done && finish === null) throw new StreamInterruptedError(text.length);
    return {
      text,
      finishReason: capped ? 'length' : mapFinish(finish),
      modelId: this.#modelId(model),
      usage: usageOf(usage, request, text)
    };
  }

  /**
   * POST a JSON body to the chat URL; rejects unless the status is 2xx and the reply is not
   * a web page. The clock's first-byte limit starts here.
   */
  async #post(body: Record<string, unknown>, clock: CallClock): Promise<Response> {
    if (clock.signal.aborted) throw clock.failure(clock.signal.reason);
    const url = this.endpoint.chat;
    clock.awaitFirstByte();
    let response: Response;
    try {
      response = await clock.race(
        this.#fetch(url, {
          method: 'POST',
          headers: headers(this.#apiKey, body.stream === true),
          body: JSON.stringify(body),
          signal: clock.signal
        })
      );
    } catch (error) {
      throw clock.failure(new EndpointNetworkError(url, error));
    }
    if (!response.ok) throw await httpError(response, url, clock);
    if (/html/i.test(response.headers.get('content-type') ?? '')) {
      const page = await readBodyCapped(response, ERROR_BODY_BYTES, clock, 0, 'truncate').catch(
        (error: unknown) => {
          throw clock.failure(new EndpointNetworkError(url, error));
        }
      );
      throw new EndpointWebPageError(url, pageTitle(page));
    }
    return response;
  }

  #modelId(reported: unknown): string {
    // The server's own name for the model when it gives one (Ollama resolves tags, hosted
    // APIs add dates), so the log says what actually answered.
    const id = typeof reported === 'string' && reported !== '' ? reported : this.id;
    return id.slice(0, 300);
  }
}

/**
 * The model names an endpoint offers (`GET /models`, `{ data: [{ id }] }`), sorted. Rejects
 * like `complete` does.
 */
export async function listModels(options: {
  baseUrl: string;
  apiKey?: string;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  limits?: Partial<ModelCallLimits>;
}): Promise<string[]> {
  const f = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return fetchModelList(resolveEndpoint(options.baseUrl).models, f, options.apiKey, {
    signal: options.signal,
    limits: limitsWith(options.limits)
  });
}

async function fetchModelList(
  url: string,
  f: typeof fetch,
  apiKey: string | undefined,
  options: { signal: AbortSignal | undefined; limits: ModelCallLimits }
): Promise<string[]> {
  const clock = new CallClock(options.limits, options.signal);
  let body: string;
  try {
    if (clock.signal.aborted) throw clock.failure(clock.signal.reason);
    clock.awaitFirstByte();
    const response = await clock.race(
      f(url, { headers: headers(apiKey, false), signal: clock.signal })
    );
    if (!response.ok) throw await httpError(response, url, clock);
    body = await readBodyCapped(response, options.limits.minReplyBytes, clock, 0);
  } catch (error) {
    if (error instanceof EndpointHttpError || error instanceof ReplyTooLargeError) throw error;
    throw clock.failure(new EndpointNetworkError(url, error));
  } finally {
    clock.done();
  }
  const json = parseJson(body) as { data?: { id?: unknown }[] } | null;
  if (!json || !Array.isArray(json.data)) {
    if (/^\s*</.test(body)) throw new EndpointWebPageError(url, pageTitle(body));
    throw new EndpointResponseError('The endpoint’s model list is not in the OpenAI format.');
  }
  return json.data
    .map((m) => m.id)
    .filter((id): id is string => typeof id === 'string')
    .sort();
}

/** The error for a non-2xx answer: status, what the server said, and its Retry-After. */
async function httpError(response: Response, url: string, clock: CallClock): Promise<unknown> {
  let body = '';
  try {
    body = await readBodyCapped(response, ERROR_BODY_BYTES, clock, 0, 'truncate');
  } catch {
    // An unreadable body: the status alone still says what happened, unless the call ended.
    const stopped = clock.failure(null);
    if (stopped !== null) return stopped;
  }
  // OpenAI's own header counts milliseconds; the standard one, seconds or a date.
  const ms = /^\s*\d+(\.\d+)?\s*$/.exec(response.headers.get('retry-after-ms') ?? '');
  const retryAfter = ms
    ? Math.ceil(Number(ms[0]) / 1000)
    : parseRetryAfter(response.headers.get('retry-after'));
  const error = new EndpointHttpError(response.status, url, serverMessage(body), retryAfter);
  return ms ? Object.assign(error, { retryAfterMs: Number(ms[0]) }) : error;
}

/** How long a 429 or 503 asked to wait, in ms; undefined for any other error or no wait. */
function waitAskedFor(error: unknown): number | undefined {
  if (!(error instanceof EndpointHttpError) || (error.status !== 429 && error.status !== 503)) {
    return undefined;
  }
  const exact = (error as { retryAfterMs?: number }).retryAfterMs;
  if (exact !== undefined) return exact;
  return error.retryAfterSeconds === undefined ? undefined : error.retryAfterSeconds * 1000;
}

/**
 * What a web page is, in a few words for one line of text: its title, or else the start of
 * its text (at most 80 characters), or '' for neither.
 */
function pageTitle(html: string): string {
  const title = /<title[^>]*>([^<]*)/i.exec(html)?.[1];
  const words = (title?.trim() ? title : html.replace(/<[^>]*>/g, ' '))
    // Controls and bidirectional overrides could make the sentence read as something else.
    .replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return words.length > 80 ? `${words.slice(0, 80)}…` : words;
}
