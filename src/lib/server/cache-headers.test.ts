import { describe, expect, it } from 'vitest';
import { cacheControlFor, IMMUTABLE, REVALIDATE } from './cache-headers.js';

describe('cacheControlFor', () => {
  it('keeps versioned runtime files and hashed build files for a year', () => {
    expect(cacheControlFor('/pyodide/314.0.7/pyodide.asm.wasm')).toBe(IMMUTABLE);
    expect(cacheControlFor('/pyodide/314.0.7/python_stdlib.zip')).toBe(IMMUTABLE);
    expect(cacheControlFor('/_app/immutable/chunks/abc123.js')).toBe(IMMUTABLE);
  });

  it('revalidates pages, unversioned files and anything else', () => {
    for (const path of [
      '/',
      '/lessons/self-debugging',
      '/pyodide/pyodide.asm.wasm',
      '/pyodide/',
      '/_app/version.json',
      '/favicon.svg'
    ])
      expect(cacheControlFor(path), path).toBe(REVALIDATE);
  });

  it('revalidates the service worker script, so a deploy reaches browsers at once', () => {
    expect(cacheControlFor('/service-worker.js')).toBe('no-cache');
  });
});
