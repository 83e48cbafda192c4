/**
 * What can go wrong with a live model, as named errors, and one function that turns any of
 * them (or anything else thrown) into a plain sentence and the one thing to do next.
 *
 * Errors from WebLLM are matched by `name` and message text, never by `instanceof`: the
 * package is loaded lazily (or not at all), its worker engine rejects with a plain string,
 * and an error that crossed a worker boundary is no longer an instance of its class anyway.
 */

/** The configured endpoint URL is not something a request can go to. */
export class EndpointConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EndpointConfigError';
  }
}

/** The endpoint answered with an HTTP error status. */
export class EndpointHttpError extends Error {
  /** the HTTP status, e.g. 401 */
  readonly status: number;
  /** the URL that was requested */
  readonly url: string;
  /** what the server said (its `error.message`, or the start of its body); may be '' */
  readonly serverMessage: string;
  /** how long the server asked us to wait (its `Retry-After`), in seconds, when it said */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, url: string, serverMessage: string, retryAfterSeconds?: number) {
    super(
      `The endpoint answered ${status} for ${url}` +
        (retryAfterSeconds === undefined ? '' : ` (retry after ${waitText(retryAfterSeconds)})`) +
        (serverMessage ? `: ${serverMessage}` : '.')
    );
    this.name = 'EndpointHttpError';
    this.status = status;
    this.url = url;
    this.serverMessage = serverMessage;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * A `Retry-After` header's wait in whole seconds: either form of RFC 9110 §10.2.3, a number
 * of seconds or an HTTP date (counted from `now`). Undefined when absent or unreadable (a
 * browser hides the header of another origin unless the server exposes it).
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  const text = value?.trim() ?? '';
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Math.min(Number(text), MAX_RETRY_AFTER);
  // An HTTP date names its day and month in letters; Date.parse would also take "-5".
  const at = /[A-Za-z]/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, Math.ceil((at - now) / 1000)), MAX_RETRY_AFTER);
}

/** A year: a longer wait is a server's mistake, and would not read as a number of days. */
const MAX_RETRY_AFTER = 365 * 24 * 3600;

/** "30 seconds", "about 5 minutes", "about 3 hours", "about 2 days". */
export function waitText(seconds: number): string {
  const about = (n: number, unit: string) => `about ${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds <= 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  if (seconds <= 90 * 60) return about(Math.ceil(seconds / 60), 'minute');
  if (seconds <= 48 * 3600) return about(Math.ceil(seconds / 3600), 'hour');
  return about(Math.ceil(seconds / 86400), 'day');
}

/**
 * The request never got an HTTP answer: the server is down, the address is wrong, or (in a
 * browser) the server does not allow this page's origin (CORS). Browsers deliberately give
 * scripts the same bare `TypeError` for all three, so we cannot tell them apart.
 */
export class EndpointNetworkError extends Error {
  readonly url: string;

  constructor(url: string, cause: unknown) {
    super(`Could not reach ${url}: ${describeCause(cause)}`, { cause });
    this.name = 'EndpointNetworkError';
    this.url = url;
  }
}

/** The endpoint answered 200 but with something that is not a chat completion. */
export class EndpointResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EndpointResponseError';
  }
}

/**
 * The endpoint answered with a web page (`text/html`), not the API: the address points at a
 * website, a proxy's login page or a server's welcome page rather than its API root.
 */
export class EndpointWebPageError extends Error {
  /** the URL that was requested */
  readonly url: string;

  /** @param page the page's title or the start of its text, to recognise it by ('' for none) */
  constructor(url: string, page: string) {
    super(
      `The server at ${url} answered with a web page` +
        (page ? ` (“${page}”)` : '') +
        ', not the API.'
    );
    this.name = 'EndpointWebPageError';
    this.url = url;
  }
}

/**
 * A reply went past a size limit (see limits.ts): a single line of its stream, or the whole
 * reply. No chat completion is that large, so the call is stopped and nothing of it is used.
 */
export class ReplyTooLargeError extends Error {
  /** what went past its limit */
  readonly part: 'line' | 'reply';
  /** the limit, in bytes (characters for a line) */
  readonly limit: number;

  constructor(part: 'line' | 'reply', limit: number, maxTokens: number) {
    super(
      part === 'line'
        ? `The reply was larger than ${sizeText(limit)} in a single line; no chat-completion ` +
            'chunk is that long, so the call was stopped and nothing of it was used.'
        : `The reply was larger than ${sizeText(limit)}, more than a reply of at most ` +
            `${maxTokens} tokens can take; the call was stopped and nothing of it was used.`
    );
    this.name = 'ReplyTooLargeError';
    this.part = part;
    this.limit = limit;
  }
}

/**
 * A call waited longer than one of its limits (limits.ts): for the reply to start
 * (`first-byte`), for the next piece of a reply (`idle`), or for the whole call (`call`).
 */
export class ModelTimeoutError extends Error {
  readonly kind: 'first-byte' | 'idle' | 'call';
  /** the limit that passed */
  readonly limitMs: number;

  constructor(kind: 'first-byte' | 'idle' | 'call', limitMs: number, receivedChars: number) {
    const wait = secondsText(limitMs);
    super(
      kind === 'first-byte'
        ? `The endpoint did not start answering within ${wait}, so the call was stopped.`
        : kind === 'idle'
          ? `The reply stalled: nothing arrived for ${wait} after ${receivedChars} ` +
            'characters, so the call was stopped and the partial reply was not used.'
          : `The model call took longer than ${wait}, the limit per call, so it was stopped.`
    );
    this.name = 'ModelTimeoutError';
    this.kind = kind;
    this.limitMs = limitMs;
  }
}

/** "1 MB", "64 MB", "512 KB". */
function sizeText(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${+mb.toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** "300 seconds", "1 second", "0.2 seconds". */
function secondsText(ms: number): string {
  const s = +(ms / 1000).toFixed(1);
  return `${s} second${s === 1 ? '' : 's'}`;
}

/**
 * A streamed reply ended before the server said it was finished (no `finish_reason`, no
 * `[DONE]`): the text so far is incomplete and must not be used as the model's answer.
 */
export class StreamInterruptedError extends Error {
  /** how many characters had arrived before the stream broke (the text itself is dropped) */
  readonly receivedChars: number;

  constructor(receivedChars: number, cause?: unknown) {
    super(
      `The reply stream stopped after ${receivedChars} characters, before the server said the ` +
        'reply was complete' +
        (cause === undefined ? '.' : ` (${describeCause(cause)}).`),
      cause === undefined ? undefined : { cause }
    );
    this.name = 'StreamInterruptedError';
    this.receivedChars = receivedChars;
  }
}

/** This browser has no WebGPU at all (`navigator.gpu` is missing) or no adapter. */
export class NoWebGPUError extends Error {
  constructor(detail = 'navigator.gpu is not available in this browser.') {
    super(detail);
    this.name = 'NoWebGPUError';
  }
}

/** The action a screen can offer next to the explanation (a button), or null for none. */
export type ModelErrorAction =
  | 'use-endpoint'
  | 'use-walkthrough'
  | 'switch-to-f32'
  | 'smaller-model'
  | 'free-space'
  | 'retry-download'
  | 'check-endpoint'
  | 'reload'
  | null;

/** A failure in words a learner can act on. */
export interface ModelErrorExplanation {
  title: string;
  message: string;
  action: ModelErrorAction;
}

/** The title and action of each CPU model problem (`CpuModelProblem`). */
const CPU_PROBLEMS: Record<string, [string, ModelErrorAction]> = {
  truncated: ['The model could not be loaded', 'retry-download'],
  memory: ['The model could not be loaded', 'smaller-model'],
  context: ['The conversation is too long for the model', null],
  browser: ['This browser cannot run the CPU model', 'use-endpoint'],
  crashed: ['The model stopped working', 'reload'],
  default: ['The model could not be loaded', null]
};

/** True for an abort: a DOMException or Error named `AbortError` (what `fetch` and we throw). */
export function isAbortError(error: unknown): boolean {
  return readError(error).name === 'AbortError';
}

/**
 * Turn anything thrown by a model runtime into a title, a sentence or two saying what happened
 * and what to do, and the action to offer. Unknown errors keep their original text.
 */
export function explainModelError(error: unknown): ModelErrorExplanation {
  const { name, message, fromString } = readError(error);
  const text = `${name}: ${message}`;

  if (name === 'AbortError') {
    return {
      title: 'Stopped',
      message: 'The model call was stopped before it finished.',
      action: null
    };
  }

  if (name === 'EndpointHttpError') {
    // Read the fields structurally: the error may have crossed a worker boundary as a copy.
    const e = error as { status?: unknown; serverMessage?: unknown; retryAfterSeconds?: unknown };
    const status = typeof e.status === 'number' ? e.status : 0;
    const retryAfter = typeof e.retryAfterSeconds === 'number' ? e.retryAfterSeconds : undefined;
    return explainHttp(
      status,
      typeof e.serverMessage === 'string' ? e.serverMessage : '',
      retryAfter
    );
  }
  if (name === 'EndpointNetworkError') {
    return {
      title: 'The endpoint could not be reached',
      message:
        'No answer came back from the model server. Check that it is running and that the ' +
        'address is right (for example http://localhost:11434 for Ollama). If it is running, ' +
        'it may not allow requests from this page: browsers report a blocked cross-origin ' +
        'request (CORS) the same way as a server that is down. Allow this site’s origin on ' +
        'the server (Ollama: OLLAMA_ORIGINS; vLLM: --allowed-origins; llama.cpp server allows ' +
        'all by default).',
      action: 'check-endpoint'
    };
  }
  if (name === 'EndpointConfigError') {
    return { title: 'The endpoint address is not usable', message, action: 'check-endpoint' };
  }
  if (name === 'EndpointWebPageError') {
    return {
      title: 'The endpoint answered with a web page',
      message:
        `${message} The address probably points at a website (or a proxy’s page) rather than ` +
        'the model server’s API. Check that it is the API root, which usually ends in /v1 ' +
        '(for example http://localhost:11434/v1).',
      action: 'check-endpoint'
    };
  }
  if (name === 'ReplyTooLargeError') {
    return {
      title: 'The reply was too large',
      message:
        `${message} The endpoint is sending something other than a chat completion: check ` +
        'that the address is the model server’s OpenAI-compatible API.',
      action: 'check-endpoint'
    };
  }
  if (name === 'ModelTimeoutError') {
    const kind = (error as { kind?: unknown }).kind;
    return {
      title:
        kind === 'idle'
          ? 'The reply stalled'
          : kind === 'call'
            ? 'The model call took too long'
            : 'The endpoint did not answer in time',
      message:
        `${message} The server may be overloaded or stuck (a model on a CPU can also be this ` +
        'slow). Try again; if it keeps happening, check the server’s log.',
      action: 'check-endpoint'
    };
  }
  if (name === 'EndpointResponseError') {
    return {
      title: 'The endpoint did not answer like a chat model',
      message: `${message} Check that the address points to an OpenAI-compatible API (it usually ends in /v1).`,
      action: 'check-endpoint'
    };
  }
  if (name === 'StreamInterruptedError') {
    return {
      title: 'The reply was cut off',
      message: `${message} The partial reply was not used. Try again; if it keeps happening, check the server’s log.`,
      action: 'check-endpoint'
    };
  }

  if (name === 'CpuModelError') {
    // The message is already the sentence (cpu-model-errors.ts); the problem picks the rest.
    const problem = (error as { problem?: unknown }).problem;
    const [title, action] = CPU_PROBLEMS[String(problem)] ?? CPU_PROBLEMS.default;
    return { title, message, action };
  }

  if (
    name === 'NoWebGPUError' ||
    name === 'WebGPUNotAvailableError' ||
    name === 'WebGPUNotFoundError' ||
    /compatible GPU|Cannot find WebGPU|WebGPU is not (supported|available)|navigator\.gpu/i.test(
      message
    )
  ) {
    return {
      title: 'This browser cannot run a model here',
      message:
        'Models run in the browser on WebGPU, and this browser offers no WebGPU adapter ' +
        '(it may be switched off, unsupported on this device, or blocked by the GPU driver). ' +
        'Connect to a model server instead, or follow the scripted walkthrough, which needs no GPU.',
      action: 'use-endpoint'
    };
  }
  if (
    name === 'ShaderF16SupportError' ||
    /shader-f16|\bf16\b.*not (enabled|supported)/i.test(message)
  ) {
    return {
      title: 'This GPU cannot run the f16 version',
      message:
        'The chosen model needs 16-bit floating point in shaders (the WebGPU feature ' +
        '“shader-f16”), which this GPU or browser does not offer. The q4f32 version of the same ' +
        'model does not need it: it is a little larger and a little slower, and gives answers of the same quality.',
      action: 'switch-to-f32'
    };
  }
  if (
    name === 'DeviceLostError' ||
    name === 'GPUOutOfMemoryError' ||
    /out of memory|\bOOM\b|device (was |is )?lost|Array buffer allocation failed/i.test(message)
  ) {
    return {
      title: 'The GPU ran out of memory',
      message:
        'Loading or running the model needed more graphics memory than this device could give, ' +
        'and the GPU gave up. Close other tabs that use the GPU, then pick a smaller model.',
      action: 'smaller-model'
    };
  }
  if (name === 'QuotaExceededError' || /quota/i.test(message)) {
    return {
      title: 'Not enough storage for the model',
      message:
        'The browser refused to store more of the model’s files: this site’s storage is full. ' +
        'Delete models you no longer need from the cache (or other sites’ data), or pick a ' +
        'smaller model.',
      action: 'free-space'
    };
  }
  if (/ModelNotLoaded|EngineNotLoaded/.test(name) || /not loaded|reload\(\)/i.test(message)) {
    return {
      title: 'No model is loaded',
      message:
        'The model is not loaded yet, or it was unloaded (for example after the GPU reset). ' +
        'Load the model again.',
      action: 'reload'
    };
  }
  if (name === 'ContextWindowSizeExceededError' || /context window/i.test(message)) {
    return {
      title: 'The conversation is too long for this model',
      message:
        'The prompt no longer fits in the model’s context window. Lower the number of turns, ' +
        'or use a model with a longer context.',
      action: null
    };
  }
  if (
    (name === 'TypeError' && /fetch|network|Load failed|terminated|ERR_/i.test(message)) ||
    /Cannot fetch|NetworkError|Failed to fetch|net::ERR_/i.test(message)
  ) {
    return {
      title: 'The download was interrupted',
      message:
        'The network failed while the model’s files were downloading. Files that finished are ' +
        'kept in the browser’s cache, so trying again resumes rather than starting over.',
      action: 'retry-download'
    };
  }

  if (fromString) {
    return {
      title: 'The model stopped with an error',
      message: `The model’s worker reported: “${message}”. Loading the model again usually clears it.`,
      action: 'reload'
    };
  }
  return {
    title: 'Something went wrong with the model',
    message: `The model runtime reported: “${name ? text : message}”.`,
    action: null
  };
}

function explainHttp(
  status: number,
  serverMessage: string,
  retryAfter: number | undefined
): ModelErrorExplanation {
  const said = serverMessage ? ` The server said: “${serverMessage}”.` : '';
  if (status === 400 && /max_completion_tokens/.test(serverMessage)) {
    return {
      title: 'This model wants max_completion_tokens',
      message:
        'The server refused the reply-length field `max_tokens` and asks for ' +
        '`max_completion_tokens` instead, as some hosted models do. Turn on “Send ' +
        'max_completion_tokens” in the endpoint settings (for `npm run solve`: ' +
        `--max-completion-tokens) and run again.${said}`,
      action: 'check-endpoint'
    };
  }
  if (status === 401 || status === 403) {
    return {
      title: 'The endpoint refused the key',
      message:
        `The server answered ${status}: the API key is missing, wrong or not allowed to use ` +
        `this model. Check the key in the endpoint settings.${said}`,
      action: 'check-endpoint'
    };
  }
  if (status === 404) {
    return {
      title: 'Wrong address or model name',
      message:
        'The server answered 404: either the address is not an OpenAI-compatible API (it ' +
        `usually ends in /v1) or it has no model by that name.${said}`,
      action: 'check-endpoint'
    };
  }
  if (status === 429) {
    return {
      title: 'Too many requests',
      message:
        'The server answered 429: it is rate-limiting this key. ' +
        (retryAfter === undefined
          ? 'Wait a minute and try again'
          : retryAfter === 0
            ? 'It says a new request may go now: try again'
            : `Wait ${waitText(retryAfter)} (the time it asks for) and try again`) +
        `, or lower the number of samples.${said}`,
      action: null
    };
  }
  if (status >= 500) {
    return {
      title: 'The model server failed',
      message: `The server answered ${status}: it hit an error of its own (it may still be loading the model, or be out of memory). Check the server’s log and try again.${said}`,
      action: 'check-endpoint'
    };
  }
  return {
    title: `The endpoint rejected the request (${status})`,
    message: `The server answered ${status}.${said || ' It gave no reason.'}`,
    action: 'check-endpoint'
  };
}

interface ReadError {
  name: string;
  message: string;
  /** the value thrown was a plain string (WebLLM's worker engine does this) */
  fromString: boolean;
}

/**
 * Name and message of anything thrown. A string like "ShaderF16SupportError: …" (how an error
 * looks after WebLLM's worker turns it into text) is split back into name and message.
 */
function readError(error: unknown): ReadError {
  if (typeof error === 'string') {
    const m = /^([A-Za-z][A-Za-z0-9]*(?:Error|Exception)):\s*([\s\S]*)$/.exec(error.trim());
    return m
      ? { name: m[1], message: m[2], fromString: true }
      : { name: '', message: error.trim(), fromString: true };
  }
  if (error && typeof error === 'object') {
    const e = error as { name?: unknown; message?: unknown };
    return {
      name: typeof e.name === 'string' ? e.name : '',
      message: typeof e.message === 'string' ? e.message : safeString(error),
      fromString: false
    };
  }
  return { name: '', message: safeString(error), fromString: false };
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  } catch {
    return String(value);
  }
}

function describeCause(cause: unknown): string {
  const { name, message } = readError(cause);
  const inner = (cause as { cause?: unknown } | null)?.cause;
  const detail = inner === undefined ? '' : ` (${readError(inner).message})`;
  return (name ? `${name}: ${message}` : message) + detail;
}

/** Whether a run ended because its model server failed (as against the run's own error). */
export function isEndpointError(error: unknown): boolean {
  const kinds = [
    EndpointHttpError,
    EndpointNetworkError,
    EndpointResponseError,
    StreamInterruptedError,
    EndpointConfigError,
    EndpointWebPageError,
    ReplyTooLargeError,
    ModelTimeoutError
  ];
  return kinds.some((kind) => error instanceof kind);
}
