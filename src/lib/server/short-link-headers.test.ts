import { describe, expect, it } from 'vitest';
import { SHORT_LINK_DATA_CACHE, shortLinkDataHeaders } from './short-link-headers';

const ID = 'abcdefghijkl';
const data = (query: string) => `http://localhost/r/${ID}/__data.json${query}`;

describe('shortLinkDataHeaders', () => {
  it("keeps a navigation's data (the root layout skipped) with an ETag naming the id", () => {
    const headers = shortLinkDataHeaders(data('?x-sveltekit-invalidated=01'), ID, null, 'v1');
    expect(headers?.['cache-control']).toBe(SHORT_LINK_DATA_CACHE);
    expect(headers?.etag).toMatch(new RegExp(`^"${ID}-[\\w-]{12}"$`));
  });

  it('keeps nothing that carries the root layout (the theme cookie, the lessons)', () => {
    expect(shortLinkDataHeaders(data(''), ID, null, 'v1')).toBeNull();
    expect(shortLinkDataHeaders(data('?x-sveltekit-invalidated=11'), ID, null, 'v1')).toBeNull();
    expect(shortLinkDataHeaders(data('?x-sveltekit-invalidated=1'), ID, null, 'v1')).toBeNull();
    expect(shortLinkDataHeaders(data('?x-sveltekit-invalidated=00'), ID, null, 'v1')).toBeNull();
    expect(shortLinkDataHeaders(data('?x-sveltekit-invalidated=0x'), ID, null, 'v1')).toBeNull();
  });

  it('gives another ETag for another step, another deploy or another id', () => {
    const etag = (url: string, id: string, step: string | null, version: string) =>
      shortLinkDataHeaders(url, id, step, version)?.etag;
    const url = data('?step=3&x-sveltekit-invalidated=01');
    const base = etag(url, ID, '3', 'v1');
    expect(etag(url, ID, '3', 'v1')).toBe(base);
    expect(etag(url, ID, '4', 'v1')).not.toBe(base);
    expect(etag(url, ID, null, 'v1')).not.toBe(base);
    expect(etag(url, ID, null, 'v1')).not.toBe(etag(url, ID, '', 'v1'));
    expect(etag(url, ID, '3', 'v2')).not.toBe(base);
    expect(etag(url, 'bbbbbbbbbbbb', '3', 'v1')).not.toBe(base);
  });
});
