/**
 * The plain parts of talking to an OpenAI-compatible endpoint: where to send requests, what
 * the request body looks like, and what the server meant by an error body.
 */
import type { ChatRequest, ChatResult } from '$lib/core/run/effects';
import { EndpointConfigError, EndpointResponseError } from './errors';
import { estimateTokens } from './scripted';

/** The URLs derived from what a learner typed as the endpoint's address. */
export interface EndpointUrls {
  /** the API root every path is relative to, without a trailing slash */
  base: string;
  /** `${base}/chat/completions` */
  chat: string;
  /** `${base}/models` */
  models: string;
}

/**
 * Where the API lives, from the address a learner typed. The rule:
 *
 * 1. It must be an absolute `http:` or `https:` URL (query and fragment are dropped).
 * 2. Trailing slashes go, and so does a pasted `/chat/completions` (or `/models`) at the end.
 * 3. A bare origin (`http://localhost:11434`) gets `/v1`, where vLLM, Ollama, llama.cpp's
 *    server and LM Studio all serve the OpenAI API.
 * 4. Any other path is kept as given, because hosted APIs put the root elsewhere
 *    (`https://api.groq.com/openai/v1`, `https://openrouter.ai/api/v1`) and proxies too.
 *
 * So `http://localhost:8000`, `http://localhost:8000/`, `http://localhost:8000/v1/` and
 * `http://localhost:8000/v1/chat/completions` all give `http://localhost:8000/v1`.
 */
export function resolveEndpoint(baseUrl: string): EndpointUrls {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new EndpointConfigError(
      `“${baseUrl}” is not a full web address. Write it with its scheme, for example ` +
        'http://localhost:11434/v1 or https://api.example.com/v1.'
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EndpointConfigError(
      `The endpoint address must start with http:// or https://, not ${url.protocol}//.`
    );
  }
  let path = url.pathname.replace(/\/+$/, '');
  path = path.replace(/\/(chat\/completions|models)$/, '');
  if (path === '') path = '/v1';
  const base = `${url.origin}${path}`;
  return { base, chat: `${base}/chat/completions`, models: `${base}/models` };
}

/**
 * The field that caps a reply's length: `max_tokens` (OpenAI's older name, which every
 * compatible server reads) or `max_completion_tokens`, which some hosted models require
 * (they refuse `max_tokens`; the error says to use the other).
 */
export type TokenField = 'max_tokens' | 'max_completion_tokens';

/** The chat-completions request body for our request (OpenAI's field names). */
export function chatBody(
  model: string,
  request: ChatRequest,
  stream: boolean,
  streamUsage: boolean,
  tokenField: TokenField = 'max_tokens'
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    temperature: request.temperature,
    [tokenField]: request.maxTokens
  };
  // Only fields the request sets: servers differ in which they accept, and leaving one out
  // keeps the server's default instead of sending ours.
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.n !== undefined) body.n = request.n;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.stop !== undefined && request.stop.length > 0) body.stop = request.stop;
  if (stream) {
    body.stream = true;
    if (streamUsage) body.stream_options = { include_usage: true };
  }
  return body;
}

/**
 * What an error body says, in one line. Servers disagree on the shape: OpenAI and most
 * compatibles send `{ error: { message } }`, some `{ error: "…" }`, vLLM `{ message }`,
 * FastAPI-based servers `{ detail }`; proxies send HTML. Long bodies are cut.
 */
export function serverMessage(body: string): string {
  const cut = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}…` : s);
  try {
    const json: unknown = JSON.parse(body);
    if (json && typeof json === 'object') {
      const j = json as { error?: unknown; message?: unknown; detail?: unknown };
      const error = j.error as { message?: unknown } | string | undefined;
      if (typeof error === 'string') return cut(error);
      if (error && typeof error.message === 'string') return cut(error.message);
      if (typeof j.message === 'string') return cut(j.message);
      if (typeof j.detail === 'string') return cut(j.detail);
    }
  } catch {
    // not JSON: fall through to the text itself
  }
  return cut(
    body
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** The subset of a chat.completion / chat.completion.chunk object we read. */
export interface WireReply {
  model?: unknown;
  choices?: {
    index?: number;
    message?: { content?: unknown };
    delta?: { content?: unknown };
    finish_reason?: unknown;
  }[];
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } | null;
  error?: unknown;
}

/** Request headers: JSON in, JSON or SSE out, the key when there is one. */
export function headers(apiKey: string | undefined, stream: boolean): Record<string, string> {
  const h: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: stream ? 'text/event-stream' : 'application/json'
  };
  if (apiKey) h.Authorization = `Bearer ${apiKey}`;
  return h;
}

/** JSON.parse, or null for text that is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A reply or stream chunk; rejects text that is not a JSON object, quoting its start. */
export function parseReply(text: string): WireReply {
  const json = parseJson(text);
  if (!json || typeof json !== 'object') {
    const start = text.length > 120 ? `${text.slice(0, 120)}…` : text;
    throw new EndpointResponseError(`The endpoint sent something that is not JSON: “${start}”.`);
  }
  return json as WireReply;
}

/** An error object sent in place of a reply (some servers report failures mid-stream). */
export function replyError(error: unknown): EndpointResponseError {
  return new EndpointResponseError(
    `The endpoint reported an error instead of a reply: ${serverMessage(JSON.stringify({ error }))}`
  );
}

/**
 * OpenAI's finish reasons onto ours: `length` stays; WebLLM's `abort` stays; `stop` and the
 * rest (`tool_calls`, `content_filter`, none given) mean the model stopped by itself.
 */
export function mapFinish(reason: unknown): ChatResult['finishReason'] {
  return reason === 'length' ? 'length' : reason === 'abort' ? 'abort' : 'stop';
}

/** The server's token counts, or estimates marked `estimated: true` when it sent none. */
export function usageOf(
  usage: WireReply['usage'],
  request: ChatRequest,
  text: string
): ChatResult['usage'] {
  const p = usage?.prompt_tokens;
  const c = usage?.completion_tokens;
  if (isCount(p) && isCount(c)) return { promptTokens: p, completionTokens: c, estimated: false };
  // No counts from the server: the same rough estimate as scripted runs, marked as such.
  const prompt = request.messages.reduce((n, m) => n + estimateTokens(m.content) + 4, 0);
  return { promptTokens: prompt, completionTokens: estimateTokens(text), estimated: true };
}

/** A token count as servers send it: a non-negative integer. */
export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
