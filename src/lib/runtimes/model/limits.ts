/**
 * How long a model call may wait and how much of a reply it reads (issue 21). An endpoint is
 * untrusted: it may never answer, stall mid-reply, stream forever, or send one line of 50 MB.
 * Each of these ends with a sentence instead of a hang, a frozen page or an exhausted heap.
 * docs/models-limits.md lists the limits, their defaults and how to change them.
 */
import { ModelTimeoutError, ReplyTooLargeError } from './errors';
import { abortReason } from '../abort';

/** The limits of one endpoint's calls. Every field has a default (see `DEFAULT_LIMITS`). */
export interface ModelCallLimits {
  /**
   * how long to wait for the first byte of the reply's body, from sending the request. A
   * non-streaming reply starts only once the whole reply is written, so this bounds the
   * whole generation there.
   */
  firstByteTimeoutMs: number;
  /** how long a reply may go without a byte once it has started */
  idleTimeoutMs: number;
  /** how long a whole call may take, start to end (default: no limit of its own) */
  callTimeoutMs: number;
  /** the longest line (or event) of a stream, in characters: no chunk of a chat reply is near it */
  maxLineChars: number;
  /** the least a reply may always take, in bytes, however small `max_tokens` is */
  minReplyBytes: number;
  /** the most a reply may take, in bytes, however large `max_tokens` and `n` are */
  maxReplyBytes: number;
}

const MB = 1024 * 1024;

/**
 * The defaults: generous, because a model on a laptop's CPU may take minutes to read a long
 * prompt before its first token, and a slow one writes a token a second.
 */
export const DEFAULT_LIMITS: Readonly<ModelCallLimits> = Object.freeze({
  firstByteTimeoutMs: 300_000,
  idleTimeoutMs: 120_000,
  callTimeoutMs: Infinity,
  maxLineChars: MB,
  minReplyBytes: 8 * MB,
  maxReplyBytes: 64 * MB
});

/**
 * Bytes per token a reply may take. A streamed token travels in a JSON chunk of 150–400
 * bytes (ids, model name, an empty `logprobs`), so 1 KB per token leaves room to spare.
 */
export const REPLY_BYTES_PER_TOKEN = 1024;

/**
 * Stream events per token. Servers send about one event per token (fewer when they batch),
 * plus a few of their own (the role, the finish reason, the usage).
 */
export const EVENTS_PER_TOKEN = 2;
const EXTRA_EVENTS = 16;

/**
 * Characters per token. A token is about four characters of English or code; the longest
 * (runs of spaces in code) reach 16 or more in some vocabularies, so 16 is the cap per token.
 */
export const CHARS_PER_TOKEN = 16;

/** A reply's text can never be longer than a run's log accepts (ChatResultSchema). */
export const MAX_REPLY_CHARS = 200_000;

/** The limits with the given ones filled in by the defaults; bad numbers fall back too. */
export function limitsWith(given: Partial<ModelCallLimits> = {}): ModelCallLimits {
  const pick = (key: keyof ModelCallLimits) => {
    const value = given[key];
    return typeof value === 'number' && value > 0 ? value : DEFAULT_LIMITS[key];
  };
  return {
    firstByteTimeoutMs: pick('firstByteTimeoutMs'),
    idleTimeoutMs: pick('idleTimeoutMs'),
    callTimeoutMs: pick('callTimeoutMs'),
    maxLineChars: pick('maxLineChars'),
    minReplyBytes: pick('minReplyBytes'),
    maxReplyBytes: pick('maxReplyBytes')
  };
}

/** The most bytes a reply of `maxTokens` tokens, `n` samples, may take. */
export function replyByteLimit(limits: ModelCallLimits, maxTokens: number, n = 1): number {
  const wanted = maxTokens * Math.max(1, n) * REPLY_BYTES_PER_TOKEN;
  return Math.min(limits.maxReplyBytes, Math.max(limits.minReplyBytes, wanted));
}

/** How far a stream may go: events and characters past which the reply counts as cut off. */
export function streamTokenCap(maxTokens: number): { events: number; chars: number } {
  return {
    events: maxTokens * EVENTS_PER_TOKEN + EXTRA_EVENTS,
    chars: Math.min(MAX_REPLY_CHARS, maxTokens * CHARS_PER_TOKEN)
  };
}

/**
 * The timers of one call. It owns the `AbortSignal` the fetch uses, which aborts when the
 * caller's signal does or when a limit passes; `race` makes any wait (the fetch, a read)
 * give up at that moment too, even with a fetch that ignores its signal.
 */
export class CallClock {
  /** give this to `fetch` */
  readonly signal: AbortSignal;
  readonly #controller = new AbortController();
  readonly #limits: ModelCallLimits;
  readonly #outer: AbortSignal | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #callTimer: ReturnType<typeof setTimeout> | undefined;
  /** the timeout that ended the call, if one did */
  #timeout: ModelTimeoutError | null = null;
  readonly #ended: Promise<never>;
  #end!: (reason: unknown) => void;
  readonly #onOuterAbort = () => this.#stop(abortReason(this.#outer!, STOPPED));

  constructor(limits: ModelCallLimits, outer: AbortSignal | undefined) {
    this.#limits = limits;
    this.#outer = outer;
    this.signal = this.#controller.signal;
    this.#ended = new Promise<never>((_, reject) => (this.#end = reject));
    // Nobody may be racing when it ends; this keeps an unheard rejection from being reported.
    this.#ended.catch(() => {});
    if (outer?.aborted) {
      this.#stop(abortReason(outer, STOPPED));
      return;
    }
    outer?.addEventListener('abort', this.#onOuterAbort, { once: true });
    if (Number.isFinite(limits.callTimeoutMs)) {
      this.#callTimer = setTimeout(
        () => this.#fire(new ModelTimeoutError('call', limits.callTimeoutMs, 0)),
        limits.callTimeoutMs
      );
    }
  }

  /** Waiting for the reply to start: the first-byte limit runs. */
  awaitFirstByte(): void {
    this.#arm(new ModelTimeoutError('first-byte', this.#limits.firstByteTimeoutMs, 0));
  }

  /** A piece arrived after `receivedChars` characters of text: the idle limit starts over. */
  awaitMore(receivedChars: number): void {
    this.#arm(new ModelTimeoutError('idle', this.#limits.idleTimeoutMs, receivedChars));
  }

  /** Resolves like `promise`, or rejects as soon as the call is stopped or times out. */
  race<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.#ended]);
  }

  /**
   * What a failed wait should reject with: the timeout or the caller's stop when one ended the
   * call (the fetch's own error then only says "aborted"), otherwise `fallback`.
   */
  failure(fallback: unknown): unknown {
    if (this.#timeout) return this.#timeout;
    if (this.#outer?.aborted) return abortReason(this.#outer, STOPPED);
    return fallback;
  }

  /** The call is over: stop the timers and let go of the caller's signal. */
  done(): void {
    clearTimeout(this.#timer);
    clearTimeout(this.#callTimer);
    this.#outer?.removeEventListener('abort', this.#onOuterAbort);
  }

  #arm(error: ModelTimeoutError): void {
    clearTimeout(this.#timer);
    if (this.signal.aborted) return; // over already: no timer may outlive the call
    this.#timer = setTimeout(() => this.#fire(error), error.limitMs);
  }

  #fire(error: ModelTimeoutError): void {
    this.#timeout ??= error;
    this.#stop(error);
  }

  #stop(reason: unknown): void {
    this.done();
    this.#controller.abort(reason);
    this.#end(reason);
  }
}

const STOPPED = 'The model call was stopped.';

/**
 * Reads a response body whole, as text, but no more than `limitBytes` (a JSON reply, or an
 * error body): past it the download is cancelled and `ReplyTooLargeError` thrown, or (with
 * `onLimit: 'truncate'`, for an error body or a web page) the text so far returned. Waits
 * are bounded by the clock's first-byte and idle limits.
 */
export async function readBodyCapped(
  response: Response,
  limitBytes: number,
  clock: CallClock,
  maxTokens: number,
  onLimit: 'throw' | 'truncate' = 'throw'
): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const next = await clock.race(reader.read());
      if (next.done) break;
      bytes += next.value.byteLength;
      if (bytes > limitBytes) {
        if (onLimit === 'throw') throw new ReplyTooLargeError('reply', limitBytes, maxTokens);
        parts.push(
          decoder.decode(next.value.subarray(0, limitBytes - bytes + next.value.byteLength))
        );
        return parts.join('');
      }
      parts.push(decoder.decode(next.value, { stream: true }));
      clock.awaitMore(0);
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  parts.push(decoder.decode());
  return parts.join('');
}
