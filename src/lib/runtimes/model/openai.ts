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
  type WireReply
} from './endpoint';
import {
  EndpointHttpError,
  EndpointNetworkError,
  EndpointResponseError,
  StreamInterruptedError
} from './errors';
import { SseDecoder } from './sse';
import { abortReason } from '../abort';

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
}

/** Options of one call, as in `LanguageModel.complete`. */
export interface CallOptions {
  signal?: AbortSignal;
  onToken?: (token: string) => void;
}

/** Every sample of a call with `n > 1`, sharing one usage (the whole call's). */
export interface ChatChoices {
  choices: { text: string; finishReason: ChatResult['finishReason'] }[];
  modelId: string;
  usage: ChatResult['usage'];
}

/** A `LanguageModel` answered by an OpenAI-compatible endpoint. */
export class OpenAICompatibleModel implements LanguageModel {
  /** the model name, as recorded in runs */
  readonly id: string;
  /** where requests go */
  readonly endpoint: EndpointUrls;
  readonly #apiKey: string | undefined;
  readonly #fetch: typeof fetch;
  readonly #streamUsage: boolean;

  /** Throws `EndpointConfigError` when `baseUrl` is not an http(s) address. */
  constructor(options: OpenAICompatibleOptions) {
    this.id = options.model;
    this.endpoint = resolveEndpoint(options.baseUrl);
    this.#apiKey = options.apiKey || undefined;
    // Bound to globalThis: a bare `fetch` stored on an object throws "Illegal invocation".
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#streamUsage = options.streamUsage ?? true;
  }

  /**
   * One completion. Streams (and calls `onToken` with each piece of text) when `onToken` is
   * given and `n` is 1; otherwise one JSON reply. With `n > 1` the result is the first sample
   * and `usage` counts all of them (use `completeChoices` to get every sample).
   *
   * Rejects with the signal's reason (an `AbortError` by default) when aborted,
   * `EndpointHttpError` for an HTTP error status, `EndpointNetworkError` when no answer came,
   * `StreamInterruptedError` when a stream ended before the reply was complete, and
   * `EndpointResponseError` for a reply that is not a chat completion. Partial text is never
   * returned as a result.
   */
  async complete(request: ChatRequest, options: CallOptions = {}): Promise<ChatResult> {
    const { signal, onToken } = options;
    if (onToken && (request.n ?? 1) === 1) return this.#stream(request, onToken, signal);
    const all = await this.completeChoices(request, { signal });
    const first = all.choices[0];
    return {
      text: first.text,
      finishReason: first.finishReason,
      modelId: all.modelId,
      usage: all.usage
    };
  }

  /**
   * Every sample of one non-streaming call (`n` of them). Servers that ignore `n` return one;
   * the caller sees how many came back.
   */
  async completeChoices(
    request: ChatRequest,
    options: { signal?: AbortSignal } = {}
  ): Promise<ChatChoices> {
    const { signal } = options;
    const response = await this.#post(chatBody(this.id, request, false, false), signal);
    return this.#fromJson(response, request, signal);
  }

  async #fromJson(
    response: Response,
    request: ChatRequest,
    signal: AbortSignal | undefined
  ): Promise<ChatChoices> {
    let body: string;
    try {
      body = await response.text();
    } catch (error) {
      throw signal?.aborted ? stopped(signal) : new EndpointNetworkError(this.endpoint.chat, error);
    }
    const reply = parseReply(body);
    if (reply.error !== undefined) throw replyError(reply.error);
    const choices = (reply.choices ?? [])
      .slice()
      .sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
      .map((c) => ({
        text: typeof c.message?.content === 'string' ? c.message.content : '',
        finishReason: mapFinish(c.finish_reason)
      }));
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
    return fetchModelList(this.endpoint.models, this.#fetch, this.#apiKey, options.signal);
  }

  async #stream(
    request: ChatRequest,
    onToken: (token: string) => void,
    signal: AbortSignal | undefined
  ): Promise<ChatResult> {
    const response = await this.#post(chatBody(this.id, request, true, this.#streamUsage), signal);
    if (!response.body) throw new EndpointResponseError('The endpoint sent a reply with no body.');
    if (/application\/json/i.test(response.headers.get('content-type') ?? '')) {
      // A server that ignores `stream: true` answers with one JSON reply: use it whole.
      const result = await this.#fromJson(response, request, signal);
      const first = result.choices[0];
      if (first.text) onToken(first.text);
      return { ...first, modelId: result.modelId, usage: result.usage };
    }
    const reader = response.body.getReader();
    const decoder = new SseDecoder();
    let text = '';
    let finish: unknown = null;
    let usage: WireReply['usage'] = null;
    let model: unknown;
    let done = false;

    const handle = (data: string) => {
      if (data === '[DONE]') {
        done = true;
        return;
      }
      const chunk = parseReply(data);
      if (chunk.error !== undefined) throw replyError(chunk.error);
      model ??= chunk.model;
      if (chunk.usage) usage = chunk.usage;
      // Only the first sample streams here (n is 1); other indexes would be a server's quirk.
      const choice = chunk.choices?.find((c) => (c.index ?? 0) === 0);
      const piece = choice?.delta?.content;
      if (typeof piece === 'string' && piece !== '') {
        text += piece;
        onToken(piece);
      }
      if (choice?.finish_reason != null) finish = choice.finish_reason;
    };

    try {
      while (!done) {
        let next: ReadableStreamReadResult<Uint8Array>;
        try {
          next = await reader.read();
        } catch (error) {
          if (signal?.aborted) throw stopped(signal);
          throw new StreamInterruptedError(text.length, error);
        }
        if (next.done) {
          for (const data of decoder.end()) if (!done) handle(data);
          break;
        }
        for (const data of decoder.push(next.value)) if (!done) handle(data);
      }
    } finally {
      // Stop the download when we leave early (an error, or `[DONE]` before the socket closed).
      reader.cancel().catch(() => {});
    }
    if (signal?.aborted) throw stopped(signal);
    // A stream that closed without `[DONE]` is still complete when the server gave a finish
    // reason (some servers close right after it); without either, the text is a fragment.
    if (!done && finish === null) throw new StreamInterruptedError(text.length);
    return {
      text,
      finishReason: mapFinish(finish),
      modelId: this.#modelId(model),
      usage: usageOf(usage, request, text)
    };
  }

  /** POST a JSON body to the chat URL; rejects unless the status is 2xx. */
  async #post(body: Record<string, unknown>, signal: AbortSignal | undefined): Promise<Response> {
    if (signal?.aborted) throw stopped(signal);
    const url = this.endpoint.chat;
    let response: Response;
    try {
      response = await this.#fetch(url, {
        method: 'POST',
        headers: headers(this.#apiKey, body.stream === true),
        body: JSON.stringify(body),
        signal
      });
    } catch (error) {
      throw signal?.aborted ? stopped(signal) : new EndpointNetworkError(url, error);
    }
    if (!response.ok) throw await httpError(response, url, signal);
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
}): Promise<string[]> {
  const f = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return fetchModelList(resolveEndpoint(options.baseUrl).models, f, options.apiKey, options.signal);
}

async function fetchModelList(
  url: string,
  f: typeof fetch,
  apiKey: string | undefined,
  signal: AbortSignal | undefined
): Promise<string[]> {
  if (signal?.aborted) throw stopped(signal);
  let body: string;
  try {
    const response = await f(url, { headers: headers(apiKey, false), signal });
    if (!response.ok) throw await httpError(response, url, signal);
    body = await response.text();
  } catch (error) {
    if (signal?.aborted) throw stopped(signal);
    if (error instanceof EndpointHttpError) throw error;
    throw new EndpointNetworkError(url, error);
  }
  const json = parseJson(body) as { data?: { id?: unknown }[] } | null;
  if (!json || !Array.isArray(json.data)) {
    throw new EndpointResponseError('The endpoint’s model list is not in the OpenAI format.');
  }
  return json.data
    .map((m) => m.id)
    .filter((id): id is string => typeof id === 'string')
    .sort();
}

async function httpError(
  response: Response,
  url: string,
  signal: AbortSignal | undefined
): Promise<unknown> {
  let body = '';
  try {
    body = await response.text();
  } catch {
    if (signal?.aborted) return stopped(signal);
  }
  return new EndpointHttpError(response.status, url, serverMessage(body));
}

/** What a stopped call rejects with (see `abortReason`). */
const stopped = (signal: AbortSignal): unknown =>
  abortReason(signal, 'The model call was stopped.');
