import { describe, expect, it } from 'vitest';
import { offlinePages } from './offline-pages';

describe('offlinePages', () => {
  it('lists the home page, the glossary, each lesson and each of its languages', () => {
    expect(
      offlinePages([
        { slug: 'sampling', variants: {} },
        { slug: 'self-debugging', variants: { javascript: {} } }
      ])
    ).toEqual([
      '/',
      '/glossary',
      '/lessons/sampling',
      '/lessons/self-debugging',
      '/lessons/self-debugging?lang=javascript'
    ]);
  });
});
