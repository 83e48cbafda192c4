import { describe, expect, it } from 'vitest';
import { offlinePages } from './offline-pages';

describe('offlinePages', () => {
  it('lists the home page, each lesson and each of its languages', () => {
    expect(
      offlinePages([
        { slug: 'sampling', variants: {} },
        { slug: 'self-debugging', variants: { javascript: {} } }
      ])
    ).toEqual([
      '/',
      '/lessons/sampling',
      '/lessons/self-debugging',
      '/lessons/self-debugging?lang=javascript'
    ]);
  });
});
