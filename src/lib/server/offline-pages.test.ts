import { describe, expect, it } from 'vitest';
import { offlinePages } from './offline-pages';

describe('offlinePages', () => {
  it('lists every page route, each lesson and each of its languages', () => {
    const routes = [
      '/src/routes/+page.svelte',
      '/src/routes/lessons/[slug]/+page.svelte',
      '/src/routes/sandbox/+page.svelte',
      '/src/routes/(tools)/compare/+page.svelte',
      '/src/routes/runs/[id]/+page.svelte'
    ];
    const lessons = [
      { slug: 'sampling', variants: {} },
      { slug: 'self-debugging', variants: { javascript: {} } }
    ];
    expect(offlinePages(routes, lessons)).toEqual([
      '/compare',
      '/',
      '/lessons/sampling',
      '/lessons/self-debugging',
      '/lessons/self-debugging?lang=javascript',
      '/sandbox'
    ]);
  });
});
