/**
 * Aborting a run or a model call, the same way in every runtime: an abort rejects with the
 * signal's reason, as `fetch` does, or with an `AbortError` that says what was stopped.
 */

/** What an abort rejects with: the signal's reason, or an AbortError with `message`. */
export function abortReason(signal: AbortSignal, message = 'The run was aborted.'): unknown {
  return signal.reason ?? new DOMException(message, 'AbortError');
}

/** Resolves like `promise`, or rejects as soon as `signal` aborts. */
export function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
