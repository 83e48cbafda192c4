/**
 * Retrying a model behind an endpoint: rate limits (429), server errors (5xx), timeouts and
 * dropped connections are retried with exponential backoff and jitter (a wait at least as
 * long as a 429's Retry-After, up to the longest wait); anything else (a wrong model name, a
 * bad key, a reply that is not a chat completion or is too large) fails at once, since
 * asking again would give the same answer. The clock is injected so tests need not wait.
 */
import type { ChatRequest, ChatResult, LanguageModel } from '../../lib/core/run/effects';
import { plural } from '../../lib/core/text';
import {
  EndpointHttpError,
  EndpointNetworkError,
  ModelTimeoutError,
  StreamInterruptedError
} from '../../lib/runtimes/model/errors';

/** How often and how patiently to retry. */
export interface RetryPolicy {
  /** retries after the first attempt (0: never retry) */
  retries: number;
  /** the wait before the first retry; each later wait doubles */
  baseMs: number;
  /** no wait is longer than this */
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 5, baseMs: 1_000, maxMs: 30_000 };

/** One retry, for reports: which attempt failed, why, and how long we wait before the next. */
export interface RetryNote {
  attempt: number;
  waitMs: number;
  reason: string;
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The real clock's sleep. */
export const sleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** HTTP statuses worth asking again: timeout, conflict, too early, rate limit, server errors. */
const RETRY_STATUSES = new Set([408, 409, 425, 429]);

/** True for errors that may go away if the same request is sent again later. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof EndpointHttpError) {
    return RETRY_STATUSES.has(error.status) || error.status >= 500;
  }
  return (
    error instanceof EndpointNetworkError ||
    error instanceof StreamInterruptedError ||
    // An overloaded server may answer in time on the next try; each try has the full limit.
    error instanceof ModelTimeoutError
  );
}

/**
 * The wait before retry number `attempt` (1-based): baseMs · 2^(attempt−1), capped at maxMs,
 * then scaled by a random factor in [0.5, 1) so that many tasks hit by the same outage do not
 * all come back at the same moment.
 */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const plain = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.round(plain * (0.5 + random() / 2));
}

/** The endpoint kept failing: every attempt is used up. */
export class EndpointGaveUpError extends Error {
  override name = 'EndpointGaveUpError';
  constructor(
    readonly attempts: number,
    cause: unknown
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `The endpoint failed ${plural(attempts, 'time')} in a row; the last ` +
        `error was: ${reason}`,
      { cause }
    );
  }
}

/** Options of {@link RetryingModel}. */
export interface RetryOptions {
  policy?: RetryPolicy;
  sleep?: Sleep;
  random?: () => number;
  /** called before each wait, e.g. to count retries per task */
  onRetry?: (note: RetryNote) => void;
}

/** A `LanguageModel` that retries its inner model's passing failures. */
export class RetryingModel implements LanguageModel {
  readonly id: string;
  readonly #inner: LanguageModel;
  readonly #policy: RetryPolicy;
  readonly #sleep: Sleep;
  readonly #random: () => number;
  readonly #onRetry: (note: RetryNote) => void;

  constructor(inner: LanguageModel, options: RetryOptions = {}) {
    this.id = inner.id;
    this.#inner = inner;
    this.#policy = options.policy ?? DEFAULT_RETRY;
    this.#sleep = options.sleep ?? sleep;
    this.#random = options.random ?? Math.random;
    this.#onRetry = options.onRetry ?? (() => {});
  }

  async complete(
    request: ChatRequest,
    options: Parameters<LanguageModel['complete']>[1] = {}
  ): Promise<ChatResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#inner.complete(request, options);
      } catch (error) {
        if (options.signal?.aborted || !isRetryable(error)) throw error;
        if (attempt > this.#policy.retries) throw new EndpointGaveUpError(attempt, error);
        // A server that says when to come back is believed, as far as the longest wait goes.
        const asked =
          error instanceof EndpointHttpError && error.retryAfterSeconds !== undefined
            ? Math.min(error.retryAfterSeconds * 1000, this.#policy.maxMs)
            : 0;
        const waitMs = Math.max(asked, backoffMs(attempt, this.#policy, this.#random));
        const reason = error instanceof Error ? error.message : String(error);
        this.#onRetry({ attempt, waitMs, reason });
        await this.#sleep(waitMs, options.signal);
      }
    }
  }
}
