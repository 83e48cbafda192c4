import { describe, expect, it } from 'vitest';
import { DEFAULT_LINKS_PER_MINUTE, linksPerMinute, rateLimiter } from './rate-limit';

describe('rateLimiter', () => {
  it('allows the limit at once, then refuses with the seconds until a token is back', () => {
    let t = 0;
    const limiter = rateLimiter(30, 60_000, () => t);
    for (let i = 0; i < 30; i++) expect(limiter.take('1.2.3.4')).toEqual({ ok: true });
    // one token comes back every 2 s
    expect(limiter.take('1.2.3.4')).toEqual({ ok: false, retryAfterSeconds: 2 });
    t = 1_000;
    expect(limiter.take('1.2.3.4')).toEqual({ ok: false, retryAfterSeconds: 1 });
    t = 2_000;
    expect(limiter.take('1.2.3.4')).toEqual({ ok: true });
    expect(limiter.take('1.2.3.4').ok).toBe(false);
  });

  it('counts each client on its own', () => {
    const limiter = rateLimiter(2, 60_000, () => 0);
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
    expect(limiter.take('b').ok).toBe(true);
  });

  it('refills a bucket whole after a quiet window, and no further', () => {
    let t = 0;
    const limiter = rateLimiter(2, 60_000, () => t);
    limiter.take('a');
    limiter.take('a');
    t = 10 * 60_000;
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
  });
});

describe('linksPerMinute', () => {
  it('is 30 unless RATE_LIMIT_PER_MINUTE is set', () => {
    expect(linksPerMinute(undefined)).toBe(DEFAULT_LINKS_PER_MINUTE);
    expect(linksPerMinute('')).toBe(DEFAULT_LINKS_PER_MINUTE);
    expect(DEFAULT_LINKS_PER_MINUTE).toBe(30);
    expect(linksPerMinute('100000')).toBe(100_000);
  });

  it('keeps the default for anything but a whole number from 1 up', () => {
    for (const bad of ['0', '-5', '2.5', 'lots', 'Infinity']) {
      expect(linksPerMinute(bad), bad).toBe(DEFAULT_LINKS_PER_MINUTE);
    }
  });
});
