import { describe, expect, it } from 'vitest';
import { formatSeconds, readProgress } from './progress';

const MiB = 1024 * 1024;

describe('WebLLM load progress', () => {
  it('reads bytes, total and time left from a download line (WebLLM’s own wording)', () => {
    const p = readProgress({
      progress: 0.25,
      timeElapsed: 30,
      text:
        'Fetching param cache[6/24]: 250MB fetched. 25% completed, 30 secs elapsed. It can take ' +
        'a while when we first visit this page to populate the cache. Later refreshes will become faster.'
    });
    expect(p).toMatchObject({
      phase: 'download',
      fraction: 0.25,
      bytes: 250 * MiB,
      totalBytes: 1000 * MiB,
      elapsed: 30,
      secondsLeft: 90
    });
  });

  it('tells loading from the cache and compiling shaders apart, with no time-left guess', () => {
    const cache = readProgress({
      progress: 0.5,
      timeElapsed: 2,
      text: 'Loading model from cache[12/24]: 500MB loaded. 50% completed, 2 secs elapsed.'
    });
    expect(cache).toMatchObject({ phase: 'cache', bytes: 500 * MiB });
    expect(cache.secondsLeft).toBeUndefined();
    const shaders = readProgress({
      progress: 0.9,
      timeElapsed: 4,
      text: 'Loading GPU shader modules[90/100]: 90% completed, 4 secs elapsed.'
    });
    expect(shaders).toMatchObject({ phase: 'shaders', fraction: 0.9 });
    expect(shaders.bytes).toBeUndefined();
  });

  it('survives reports it does not know, and clamps the fraction', () => {
    expect(readProgress({ progress: NaN, timeElapsed: 0, text: 'Start to fetch params' })).toEqual({
      phase: 'other',
      fraction: 0,
      elapsed: 0,
      text: 'Start to fetch params'
    });
    expect(readProgress({ progress: 1.2, timeElapsed: 1, text: '' }).fraction).toBe(1);
  });

  it('says time left in words', () => {
    expect(formatSeconds(2)).toBe('less than 5 s');
    expect(formatSeconds(42)).toBe('about 40 s');
    expect(formatSeconds(600)).toBe('about 10 min');
    expect(formatSeconds(3 * 3600)).toBe('about 3.0 h');
  });
});
