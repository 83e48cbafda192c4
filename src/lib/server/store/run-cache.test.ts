import { describe, expect, it } from 'vitest';
import { RunCache } from './run-cache';

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
});
