/**
 * A per-client rate limit kept in memory (one server instance): a token bucket per key that
 * holds `limit` tokens and refills them evenly over `windowMs`. Buckets that are full again
 * are dropped, so memory holds only the clients seen in the last window.
 */
export interface RateLimiter {
  /** Takes a token for `key`: ok, or how many seconds until one is free (for Retry-After). */
  take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number };
}

/** A limiter of `limit` requests per `windowMs` per key; `now` is injectable for tests. */
export function rateLimiter(
  limit: number,
  windowMs: number,
  now: () => number = Date.now
): RateLimiter {
  const perToken = windowMs / limit;
  const buckets = new Map<string, { tokens: number; at: number }>();
  let lastSweep = now();

  function sweep(t: number) {
    if (t - lastSweep < windowMs) return;
    lastSweep = t;
    for (const [key, bucket] of buckets)
      if (bucket.tokens + (t - bucket.at) / perToken >= limit) buckets.delete(key);
  }

  return {
    take(key) {
      const t = now();
      sweep(t);
      const bucket = buckets.get(key) ?? { tokens: limit, at: t };
      const tokens = Math.min(limit, bucket.tokens + (t - bucket.at) / perToken);
      if (tokens < 1) {
        buckets.set(key, { tokens, at: t });
        return {
          ok: false,
          retryAfterSeconds: Math.max(1, Math.ceil(((1 - tokens) * perToken) / 1000))
        };
      }
      buckets.set(key, { tokens: tokens - 1, at: t });
      return { ok: true };
    }
  };
}

/** New short links a client may create per minute unless `RATE_LIMIT_PER_MINUTE` says otherwise. */
export const DEFAULT_LINKS_PER_MINUTE = 30;

/**
 * The per-minute limit from `RATE_LIMIT_PER_MINUTE` (a benchmark raises it; see
 * docs/deploy.md): a whole number from 1 up, else the default, with a warning, so a typo
 * never turns the limit off.
 */
export function linksPerMinute(setting: string | undefined): number {
  if (setting === undefined || setting.trim() === '') return DEFAULT_LINKS_PER_MINUTE;
  const value = Number(setting);
  if (Number.isInteger(value) && value >= 1) return value;
  console.warn(
    `RATE_LIMIT_PER_MINUTE=${JSON.stringify(setting)} is not a whole number from 1 up; using ${DEFAULT_LINKS_PER_MINUTE}.`
  );
  return DEFAULT_LINKS_PER_MINUTE;
}
