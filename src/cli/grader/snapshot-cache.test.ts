/** The grader's snapshot file: named after what it depends on, written whole, read back. */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachedSnapshots, readSnapshot, saveSnapshot, snapshotPath } from './snapshot-cache';

let dir: string;
beforeEach(async () => {
  dir = `${await mkdtemp(join(tmpdir(), 'acl-snapshot-'))}/`;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('snapshot cache', () => {
  it('names the file after the Pyodide version and a hash of what the snapshot depends on', () => {
    expect(snapshotPath(dir)).toMatch(/pyodide-\d+\.\d+\.\d+-[0-9a-f]{16}\.snapshot$/);
    expect(snapshotPath(dir).startsWith(dir)).toBe(true);
  });

  it('saves a snapshot whole (no temporary file left) and reads it back', async () => {
    const path = join(dir, 'nested', 'x.snapshot');
    expect(await readSnapshot(path)).toBeNull();
    await saveSnapshot(new Uint8Array([1, 2, 3]), path);
    expect(await readSnapshot(path)).toEqual(new Uint8Array([1, 2, 3]));
    expect(await readdir(join(dir, 'nested'))).toEqual(['x.snapshot']);
  });

  it('gives a store that starts from the file and saves the one a worker makes', async () => {
    const path = join(dir, 'y.snapshot');
    const first = await cachedSnapshots(path);
    expect(first.store.plan().makeSnapshot).toBe(true);
    first.store.made(new Uint8Array([4, 5]));
    await first.saved();
    const second = await cachedSnapshots(path);
    expect(second.store.plan()).toEqual({
      snapshot: new Uint8Array([4, 5]),
      makeSnapshot: false
    });
  });

  it('does not fail when the file cannot be written', async () => {
    await writeFile(join(dir, 'file'), 'not a directory');
    await expect(
      saveSnapshot(new Uint8Array([1]), join(dir, 'file', 'z.snapshot'))
    ).resolves.toBeUndefined();
  });
});
