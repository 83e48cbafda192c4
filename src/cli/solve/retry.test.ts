/**
 * Retries with a fake clock: the sleep records the waits and returns at once, so the backoff
 * schedule is checked exactly without waiting for it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatRequest, ChatResult, LanguageModel } from '../../lib/core/run/effects';
import {
  EndpointHttpError,
  EndpointNetworkError,
  EndpointResponseError,
  ModelTimeoutError,
  ReplyTooLargeError,
  StreamInterruptedError
} from '../../lib/runtimes/model/errors';
import {
  backoffMs,
  DEFAULT_RETRY,
  EndpointGaveUpError,
  isRetryable,
  RetryingModel,
  sleep,
  type RetryNote,
  type Sleep
} from './retry';

const request: ChatRequest = {
  messages: [{ role: 'user', content: 'hi' }],
  temperature: 0,
  maxTokens: 16
};
const reply: ChatResult = {
  text: 'ok',
  finishReason: 'stop',
  modelId: 'm',
  usage: { promptTokens: 1, completionTokens: 1, estimated: false }
};
const URL = 'http://localhost:8000/v1/chat/completions';

/** A model that throws the given errors in turn, then answers. */
function failing(errors: unknown[]): LanguageModel & { calls: number } {
  return {
    id: 'm',
    calls: 0,
    async complete() {
      const error = errors[this.calls++];
      if (error !== undefined) throw error;
      return reply;
    }
  };
}

function fakeClock() {
  const waits: number[] = [];
  const sleep: Sleep = async (ms) => void waits.push(ms);
  return { waits, sleep };
}

describe('isRetryable', () => {
  it('retries rate limits, server errors, timeouts and dropped connections only', () => {
    for (const status of [408, 409, 425, 429, 500, 502, 503, 504]) {
      expect(isRetryable(new EndpointHttpError(status, URL, ''))).toBe(true);
    }
    for (const status of [400, 401, 403, 404, 422]) {
      expect(isRetryable(new EndpointHttpError(status, URL, ''))).toBe(false);
    }
    expect(isRetryable(new EndpointNetworkError(URL, new Error('ECONNREFUSED')))).toBe(true);
    expect(isRetryable(new StreamInterruptedError(10))).toBe(true);
    expect(isRetryable(new ModelTimeoutError('first-byte', 300_000, 0))).toBe(true);
    expect(isRetryable(new ModelTimeoutError('idle', 120_000, 5))).toBe(true);
    expect(isRetryable(new ReplyTooLargeError('line', 1 << 20, 0))).toBe(false);
    expect(isRetryable(new EndpointResponseError('not JSON'))).toBe(false);
    expect(isRetryable(new DOMException('stopped', 'AbortError'))).toBe(false);
    expect(isRetryable(new Error('other'))).toBe(false);
  });
});

describe('backoffMs', () => {
  const policy = { retries: 10, baseMs: 1000, maxMs: 30_000 };
  it('doubles from the base up to the cap, scaled by a jitter in [0.5, 1)', () => {
    const top = (a: number) => backoffMs(a, policy, () => 0.999_999);
    const bottom = (a: number) => backoffMs(a, policy, () => 0);
    expect([1, 2, 3, 4, 5, 6, 7].map(top)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect([1, 2, 3, 6].map(bottom)).toEqual([500, 1000, 2000, 15000]);
  });
});

describe('RetryingModel', () => {
  it('retries a 429 and a dropped connection, waiting longer each time, then answers', async () => {
    const inner = failing([
      new EndpointHttpError(429, URL, 'Rate limit reached'),
      new EndpointNetworkError(URL, new Error('socket hang up'))
    ]);
    const clock = fakeClock();
    const notes: RetryNote[] = [];
    const model = new RetryingModel(inner, {
      sleep: clock.sleep,
      random: () => 0.5,
      onRetry: (n) => notes.push(n)
    });
    await expect(model.complete(request)).resolves.toEqual(reply);
    expect(inner.calls).toBe(3);
    expect(clock.waits).toEqual([750, 1500]);
    expect(notes.map((n) => n.attempt)).toEqual([1, 2]);
    expect(notes[0].reason).toContain('429');
  });

  it('waits as long as a 429 asks (Retry-After), within the longest wait', async () => {
    const inner = failing([
      new EndpointHttpError(429, URL, 'slow down', 20),
      new EndpointHttpError(429, URL, 'slow down', 3600)
    ]);
    const clock = fakeClock();
    const model = new RetryingModel(inner, { sleep: clock.sleep, random: () => 0.5 });
    await expect(model.complete(request)).resolves.toEqual(reply);
    // 20 s asked (backoff alone would be 0.75 s); an hour asked, capped at maxMs (30 s).
    expect(clock.waits).toEqual([20_000, 30_000]);
  });

  it('gives up after the last retry with an error that says how often and why', async () => {
    const inner = failing(
      Array.from({ length: 10 }, () => new EndpointHttpError(503, URL, 'busy'))
    );
    const clock = fakeClock();
    const model = new RetryingModel(inner, {
      policy: { retries: 3, baseMs: 100, maxMs: 250 },
      sleep: clock.sleep,
      random: () => 0.999_999
    });
    const error = await model.complete(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EndpointGaveUpError);
    expect((error as EndpointGaveUpError).attempts).toBe(4);
    expect((error as Error).message).toMatch(/failed 4 times in a row; the last error was: .*503/);
    expect((error as Error).cause).toBeInstanceOf(EndpointHttpError);
    expect(inner.calls).toBe(4);
    expect(clock.waits).toEqual([100, 200, 250]);
  });

  it('does not retry errors that would come back the same', async () => {
    const wrongModel = new EndpointHttpError(404, URL, 'model not found');
    const inner = failing([wrongModel]);
    const clock = fakeClock();
    const model = new RetryingModel(inner, { sleep: clock.sleep });
    await expect(model.complete(request)).rejects.toBe(wrongModel);
    expect(inner.calls).toBe(1);
    expect(clock.waits).toEqual([]);
  });

  it('stops waiting when the run is aborted', async () => {
    const inner = failing([new EndpointHttpError(500, URL, '')]);
    const abort = new AbortController();
    const model = new RetryingModel(inner, {
      sleep: async () => {
        abort.abort(new Error('stopped'));
        throw abort.signal.reason;
      }
    });
    await expect(model.complete(request, { signal: abort.signal })).rejects.toThrow('stopped');
    expect(inner.calls).toBe(1);
  });

  it('with retries 0 the first failure is final', async () => {
    const inner = failing([new EndpointHttpError(500, URL, 'boom')]);
    const model = new RetryingModel(inner, {
      policy: { ...DEFAULT_RETRY, retries: 0 },
      sleep: fakeClock().sleep
    });
    await expect(model.complete(request)).rejects.toThrow('failed 1 time in a row');
  });
});

describe('sleep (the real clock, under fake timers)', () => {
  afterEach(() => void vi.useRealTimers());

  it('resolves after the wait, and rejects at once when aborted', async () => {
    vi.useFakeTimers();
    let done = false;
    const wait = sleep(1000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await wait;
    expect(done).toBe(true);

    const abort = new AbortController();
    const stopped = sleep(60_000, abort.signal);
    abort.abort(new Error('run stopped'));
    await expect(stopped).rejects.toThrow('run stopped');
    expect(vi.getTimerCount()).toBe(0);
  });
});
