import { describe, expect, it, vi } from 'vitest';
import { cacheChars, DEFAULT_CACHE_CHARS, RunCache } from './run-cache';

describe('RunCache', () => {
  it('keeps payloads up to its total length, dropping the least recently used', () => {
    const cache = new RunCache(10);
    cache.set('a', 'aaaa');
    cache.set('b', 'bbbb');
    expect(cache.get('a')).toBe('aaaa'); // a is now the most recent
    cache.set('c', 'cccc'); // 12 > 10: b goes, not a
    expect(cache.ids()).toEqual(['a', 'c']);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.chars).toBe(8);
  });

  it('counts a payload once when its id is set again', () => {
    const cache = new RunCache(10);
    cache.set('a', 'aaaa');
    cache.set('a', 'aaaa');
    expect(cache.chars).toBe(4);
    expect(cache.ids()).toEqual(['a']);
  });

  it('never keeps a payload longer than the whole cache, and keeps the others then', () => {
    const cache = new RunCache(10);
    cache.set('a', 'aaaa');
    cache.set('big', 'x'.repeat(11));
    expect(cache.get('big')).toBeUndefined();
    expect(cache.ids()).toEqual(['a']);
  });

  it('keeps nothing when its size is 0', () => {
    const cache = new RunCache(0);
    cache.set('a', 'aaaa');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.chars).toBe(0);
  });

  it('answers each id with its own payload, never another, as it drops the oldest', () => {
    const cache = new RunCache(100); // room for 8 of the 12-character payloads below
    const ids = Array.from({ length: 50 }, (_, i) => `id${String(i).padStart(2, '0')}`);
    for (const id of ids) cache.set(id, `run of ${id}!`);
    const hits = ids.map((id) => [id, cache.get(id)] as const).filter(([, hit]) => hit);
    expect(hits.map(([id]) => id)).toEqual(ids.slice(-8));
    for (const [id, hit] of hits) expect(hit).toBe(`run of ${id}!`);
    expect(cache.get('id-never-set')).toBeUndefined();
  });
});

describe('cacheChars (RUN_CACHE_CHARS)', () => {
  it('is the default unless set, 0 turns the cache off', () => {
    expect(cacheChars(undefined)).toBe(DEFAULT_CACHE_CHARS);
    expect(cacheChars(' ')).toBe(DEFAULT_CACHE_CHARS);
    expect(cacheChars('0')).toBe(0);
    expect(cacheChars('1000')).toBe(1000);
  });

  it('keeps the default, with a warning, for a value that is not a whole number from 0 up', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    for (const bad of ['-1', '1.5', 'off', '1e99x'])
      expect(cacheChars(bad)).toBe(DEFAULT_CACHE_CHARS);
    expect(warn).toHaveBeenCalledTimes(4);
    warn.mockRestore();
  });
});
