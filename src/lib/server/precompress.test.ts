import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { listEncodedSizes, precompress } from './precompress.js';

describe('precompress', () => {
  it('writes brotli and gzip copies that decode to the file, only where they are smaller', async () => {
    const root = mkdtempSync(join(tmpdir(), 'acl-precompress-'));
    const dir = join(root, 'client');
    const cacheDir = join(root, 'cache');
    mkdirSync(join(dir, 'pyodide', '1.0'), { recursive: true });
    const text = 'def f(x):\n    return x\n'.repeat(500);
    writeFileSync(join(dir, 'pyodide', '1.0', 'engine.mjs'), text);
    writeFileSync(join(dir, 'noise.wasm'), randomBytes(20_000)); // does not compress
    writeFileSync(join(dir, 'tiny.js'), 'x=1'); // too small to be worth it
    writeFileSync(join(dir, 'photo.png'), text); // not a compressible kind

    const first = await precompress(dir, { cacheDir });
    const file = join(dir, 'pyodide', '1.0', 'engine.mjs');
    expect(brotliDecompressSync(readFileSync(`${file}.br`)).toString()).toBe(text);
    expect(gunzipSync(readFileSync(`${file}.gz`)).toString()).toBe(text);
    expect(readFileSync(`${file}.br`).length).toBeLessThan(text.length / 10);
    for (const skipped of ['noise.wasm', 'tiny.js', 'photo.png'])
      for (const kind of ['br', 'gz'])
        expect(existsSync(join(dir, `${skipped}.${kind}`)), `${skipped}.${kind}`).toBe(false);
    expect(first).toMatchObject({ files: 3, fresh: 2 });

    // A second build finds both encodings in the cache and compresses nothing.
    const second = await precompress(dir, { cacheDir });
    expect(second).toMatchObject({ files: 3, fresh: 0, br: first.br, gz: first.gz });
  });

  it('lists each runtime file’s size as the server sends it in each encoding', async () => {
    const root = mkdtempSync(join(tmpdir(), 'acl-precompress-'));
    const dir = join(root, 'client');
    const folder = join(dir, 'pyodide', '1.0');
    mkdirSync(folder, { recursive: true });
    const text = 'def f(x):\n    return x\n'.repeat(500);
    writeFileSync(join(folder, 'engine.mjs'), text);
    writeFileSync(join(folder, 'noise.wasm'), randomBytes(20_000)); // sent as it is
    writeFileSync(
      join(folder, 'sizes.json'),
      JSON.stringify({ 'engine.mjs': text.length, 'noise.wasm': 20_000, 'gone.zip': 5 })
    );
    await precompress(dir, { cacheDir: join(root, 'cache') });
    expect(await listEncodedSizes(dir)).toEqual([join(folder, 'sizes.json')]);

    const listed = JSON.parse(readFileSync(join(folder, 'sizes.json'), 'utf8'));
    const engine = join(folder, 'engine.mjs');
    expect(listed).toEqual({
      'engine.mjs': {
        identity: text.length,
        br: readFileSync(`${engine}.br`).length,
        gzip: readFileSync(`${engine}.gz`).length
      },
      'noise.wasm': { identity: 20_000, br: 20_000, gzip: 20_000 }
    });
  });
});
