/**
 * What `node build` sends (issue 15): static files precompressed as the browser accepts them,
 * Pyodide under its versioned path kept for a year, pages revalidated; and the browser's
 * Python loads from that path.
 */
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';

const VERSION = (
  JSON.parse(readFileSync('node_modules/pyodide/package.json', 'utf8')) as { version: string }
).version;
const RUNTIME = `/pyodide/${VERSION}/`;

test('runtime files come compressed, versioned and immutable; pages are revalidated', async ({
  request
}) => {
  for (const [file, type] of [
    ['pyodide.asm.wasm', 'application/wasm'],
    ['python_stdlib.zip', 'application/zip'],
    ['pyodide.asm.mjs', 'javascript']
  ]) {
    for (const encoding of ['br', 'gzip']) {
      const response = await request.get(RUNTIME + file, {
        headers: { 'Accept-Encoding': encoding }
      });
      expect(response.status(), file).toBe(200);
      const headers = response.headers();
      expect(headers['content-encoding'], `${file} with ${encoding}`).toBe(encoding);
      expect(headers['vary'], file).toMatch(/Accept-Encoding/i);
      expect(headers['cache-control'], file).toBe('public, max-age=31536000, immutable');
      expect(headers['content-type'], file).toContain(type);
      expect(headers['cross-origin-embedder-policy'], file).toBe('require-corp');
    }
  }
  // A client that accepts no encoding gets the file as it is, byte for byte.
  const plain = await request.get(RUNTIME + 'pyodide.asm.wasm', {
    headers: { 'Accept-Encoding': 'identity' }
  });
  expect(plain.headers()['content-encoding']).toBeUndefined();
  const wasm = await plain.body();
  expect(wasm.subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
  expect(wasm.length).toBe(readFileSync('node_modules/pyodide/pyodide.asm.wasm').length);

  // The old unversioned address is gone, so no browser mixes two versions' files.
  expect((await request.get('/pyodide/pyodide.asm.wasm')).status()).toBe(404);
  // A file missing under an immutable path is not remembered as missing.
  for (const missing of [RUNTIME + 'missing.mjs', '/_app/immutable/chunks/missing.js']) {
    const response = await request.get(missing);
    expect(response.status(), missing).toBe(404);
    // (ours says no-cache; SvelteKit answers a missing app file with max-age=0 itself)
    expect(response.headers()['cache-control'], missing).toMatch(/^(no-cache|.*max-age=0\b.*)$/);
    expect(response.headers()['cache-control'], missing).not.toContain('immutable');
  }

  for (const page of ['/', '/lessons/self-debugging']) {
    const response = await request.get(page);
    expect(response.headers()['cache-control'], page).toBe('no-cache');
  }

  // Pages and their data, rendered per request, are compressed on the fly; the body arrives
  // whole (Playwright decodes it).
  for (const [path, type] of [
    ['/lessons/self-debugging', 'text/html'],
    ['/lessons/self-debugging/__data.json', 'application/json']
  ]) {
    for (const encoding of ['br', 'gzip']) {
      const response = await request.get(path, { headers: { 'Accept-Encoding': encoding } });
      expect(response.headers()['content-encoding'], `${path} with ${encoding}`).toBe(encoding);
      expect(response.headers()['vary'], path).toMatch(/Accept-Encoding/i);
      expect(response.headers()['content-type'], path).toContain(type);
      expect(await response.text(), path).toContain('self-debugging');
    }
  }
});

test('the sandbox page loads Python from the versioned path, compressed', async ({ page }) => {
  const runtime: { url: string; encoding: string | undefined }[] = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith(RUNTIME))
      runtime.push({ url: url.pathname, encoding: response.headers()['content-encoding'] });
  });
  await page.goto('/sandbox');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('sandbox-summary')).toHaveText(/2 of 2 tests pass/, {
    timeout: 30_000
  });
  const wasm = runtime.find((r) => r.url.endsWith('pyodide.asm.wasm'));
  expect(wasm, JSON.stringify(runtime)).toBeDefined();
  expect(wasm?.encoding).toBe('br');
});
