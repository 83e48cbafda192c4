import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, crc32 } from 'node:zlib';
import { zip } from '$lib/testing/zip-writer';
import { describe, expect, it } from 'vitest';
import { isStoredZip, readZip, storedZip } from './stored-zip.js';

const stdlibPath = join(
  createRequire(import.meta.url).resolve('pyodide/package.json'),
  '..',
  'python_stdlib.zip'
);
const stdlib = readFileSync(stdlibPath);

describe('storedZip', () => {
  it('keeps every entry of Pyodide’s standard library byte for byte, each stored', () => {
    const before = readZip(stdlib);
    const after = storedZip(stdlib);
    expect(isStoredZip(stdlib)).toBe(false);
    expect(isStoredZip(after)).toBe(true);
    const entries = readZip(after);
    expect(entries.map((e) => e.name.toString())).toEqual(before.map((e) => e.name.toString()));
    for (const [i, entry] of entries.entries()) {
      expect(entry.data.equals(before[i].data), entry.name.toString()).toBe(true);
      expect(entry.crc).toBe(before[i].crc);
    }
    // The same input always gives the same bytes (the build's caches key on them).
    expect(storedZip(stdlib).equals(after)).toBe(true);
  });

  it('compresses better over the wire than the deflated archive', () => {
    // Quality 5 to keep the test quick; the build uses 11 (1.6 MB against 2.5 MB).
    const br = (data: Buffer) =>
      brotliCompressSync(data, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_LGWIN]: 24 }
      }).length;
    expect(br(storedZip(stdlib))).toBeLessThan(br(stdlib) * 0.9);
  });

  it('refuses what it cannot copy faithfully', () => {
    expect(() => storedZip(Buffer.from('not a zip at all, just text'))).toThrow(/not a zip/);
    // One entry whose data does not match its CRC, then one whose bytes were damaged.
    const data = Buffer.from('print("hi")\n');
    for (const store of [true, false]) {
      const good = Buffer.from(zip([{ name: 'a.py', data, store }]));
      expect(readZip(good)[0].data.toString()).toBe(data.toString());
      const wrongCrc = Buffer.from(
        zip([{ name: 'a.py', data, store, crc: (crc32(data) ^ 1) >>> 0 }])
      );
      expect(() => storedZip(wrongCrc)).toThrow(/^a\.py: its data does not match/);
      const damaged = Buffer.from(good);
      damaged[30 + 'a.py'.length] ^= 0xff;
      expect(() => storedZip(damaged)).toThrow(/^a\.py: its data/);
    }
  });

  it('gives an archive Python imports from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acl-stored-zip-'));
    const stored = join(dir, 'python_stdlib.zip');
    writeFileSync(stored, storedZip(stdlib));
    const { loadPyodide } = await import('pyodide');
    const py = await loadPyodide({ stdLibURL: stored });
    const result = py.runPython(`
import json, email.mime.text, textwrap
(json.__file__, json.dumps({"a": [1, 2]}), textwrap.dedent("  x").strip())
`);
    const [file, dumped, dedented] = result.toJs();
    result.destroy();
    expect(file).toMatch(/python\d+\.zip\/json\/__init__\.py$/);
    expect(dumped).toBe('{"a": [1, 2]}');
    expect(dedented).toBe('x');
  });
});
