import { describe, expect, it } from 'vitest';
import { openOnce } from './reopen';

describe('openOnce', () => {
  it('opens once for every caller, pending or later', async () => {
    let opened = 0;
    const get = openOnce(async () => ++opened);
    expect(await Promise.all([get(), get()])).toEqual([1, 1]);
    expect(await get()).toBe(1);
    expect(opened).toBe(1);
  });

  it('forgets a failed open, so the next call tries again', async () => {
    const errors: string[] = [];
    let down = true;
    let tries = 0;
    const get = openOnce(
      async () => {
        tries++;
        if (down) throw new Error('connection refused');
        return 'store';
      },
      (error) => errors.push(error.message)
    );
    await expect(get()).rejects.toThrow('connection refused');
    expect(errors).toEqual(['connection refused']);
    down = false;
    expect(await get()).toBe('store');
    expect(await get()).toBe('store');
    expect(tries).toBe(2);
  });
});
