import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, crc32, deflateRawSync } from 'node:zlib';
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
    // One entry whose data was damaged after its CRC was written.
    const data = Buffer.from('print("hi")\n');
    for (const deflate of [true, false]) {
      const one = oneEntryZip(data, deflate);
      expect(readZip(one)[0].data.toString()).toBe(data.toString());
      const damaged = Buffer.from(one);
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

/** A zip with one entry `a.py`, deflated or stored, written by hand. */
function oneEntryZip(data: Buffer, deflate: boolean): Buffer {
  const packed = deflate ? deflateRawSync(data) : data;
  const name = Buffer.from('a.py');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(deflate ? 8 : 0, 8);
  local.writeUInt32LE(crc32(data), 14);
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 6);
  local.copy(central, 8, 6, 30);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + name.length, 12);
  end.writeUInt32LE(30 + name.length + packed.length, 16);
  return Buffer.concat([local, name, packed, central, name, end]);
}
