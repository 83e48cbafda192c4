/**
 * The zip reader on archives made by a small writer (`testing/zip-writer.ts`): a solve folder in
 * a folder of the zip, a stored member, a damaged archive, a wrong checksum, and a member that
 * inflates past the cap (a zip bomb in miniature: 9 MB of zeros in a few KB).
 */
import { describe, expect, it } from 'vitest';
import { zip } from '$lib/testing/zip-writer';
import { MAX_ZIP_MEMBER_BYTES, readZip } from './zip';

const text = (s: string) => new TextEncoder().encode(s);

describe('readZip', () => {
  it('reads the .json and .jsonl files of a folder, by their base names', async () => {
    const archive = zip([
      { name: 'out/', data: text(''), store: true },
      { name: 'out/results.jsonl', data: text('{"task_id": "a"}\n'.repeat(50)) },
      { name: 'out/a.json', data: text('{"version": 1}'), store: true },
      { name: 'out/notes.txt', data: text('not read') },
      { name: '__MACOSX/out/._a.json', data: text('junk') }
    ]);
    const reading = await readZip(archive, 'out.zip');
    expect(reading).toEqual({
      ok: true,
      files: [
        { name: 'results.jsonl', text: '{"task_id": "a"}\n'.repeat(50) },
        { name: 'a.json', text: '{"version": 1}' }
      ],
      skipped: []
    });
  });

  it('says in one sentence when the archive is not a whole zip', async () => {
    const archive = zip([{ name: 'results.jsonl', data: text('{}\n') }]);
    expect(await readZip(archive.slice(0, archive.length - 30), 'cut.zip')).toEqual({
      ok: false,
      message:
        '“cut.zip” cannot be opened as a zip: it has no zip directory (is it a zip file, and whole?).'
    });
    expect(await readZip(text('hello'), 'hello.zip')).toMatchObject({ ok: false });
  });

  it('refuses a member whose checksum does not match', async () => {
    const archive = zip([{ name: 'results.jsonl', data: text('{}\n'), crc: 1 }]);
    expect(await readZip(archive, 'bad.zip')).toEqual({
      ok: false,
      message:
        '“bad.zip” cannot be opened as a zip: the entry “results.jsonl” is damaged (its checksum does not match).'
    });
  });

  it('says so when deflated data is damaged', async () => {
    const archive = zip([{ name: 'results.jsonl', data: text('{"a": 1}\n'.repeat(100)) }]);
    const localEnd = 30 + 'results.jsonl'.length;
    archive.fill(0xff, localEnd, localEnd + 8);
    const reading = await readZip(archive, 'broken.zip');
    expect(reading).toMatchObject({
      ok: false,
      message: expect.stringMatching(/“results\.jsonl”/)
    });
  });

  it('stops inflating a member at the cap and reads the rest', async () => {
    const bomb = new Uint8Array(MAX_ZIP_MEMBER_BYTES + 1_000_000);
    const archive = zip([
      { name: 'big.json', data: bomb },
      { name: 'results.jsonl', data: text('{}\n') }
    ]);
    expect(archive.length).toBeLessThan(20_000);
    const reading = await readZip(archive, 'bomb.zip');
    expect(reading).toEqual({
      ok: true,
      files: [{ name: 'results.jsonl', text: '{}\n' }],
      skipped: ['“big.json” in “bomb.zip” unpacks to more than 8 MB, so it was not read.']
    });
  });
});
