/**
 * Reads the text files of a .zip of a solve folder, without a dependency: the central
 * directory is parsed here and each member inflated by the platform's `DecompressionStream`
 * ("deflate-raw", in every current browser and in Node; `inflateCapped`, as permalinks do). A zip comes from anyone, so the caps
 * are on what is really inflated, not on the sizes the archive declares: at most
 * {@link MAX_ZIP_ENTRIES} members, {@link MAX_ZIP_MEMBER_BYTES} a member and
 * {@link MAX_ZIP_TOTAL_BYTES} in all, counted while inflating (a zip bomb stops at the cap).
 * A broken, encrypted or ZIP64 archive is one sentence; nothing here throws.
 */
import { crc32 } from '../share/crc32';
import { inflateCapped } from '../share/permalink';
import type { TextFile } from './folder';

/** Members of one archive: a solve folder of MBPP's 500 tasks has about 502. */
export const MAX_ZIP_ENTRIES = 2_000;
/** One member inflated: the largest run log or results file the page opens. */
export const MAX_ZIP_MEMBER_BYTES = 8_000_000;
/** Every member read, inflated. */
export const MAX_ZIP_TOTAL_BYTES = 200_000_000;

export type ZipReading =
  { ok: true; files: TextFile[]; skipped: string[] } | { ok: false; message: string };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

class ZipError extends Error {}

interface Member {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  localOffset: number;
}

/** The central directory's members, after the end record that locates it. */
function members(view: DataView): Member[] {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  let end = -1;
  for (let i = view.byteLength - 22; i >= Math.max(0, view.byteLength - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ZipError('it has no zip directory (is it a zip file, and whole?)');
  const count = view.getUint16(end + 10, true);
  const size = view.getUint32(end + 12, true);
  const offset = view.getUint32(end + 16, true);
  if (count === 0xffff || offset === 0xffffffff)
    throw new ZipError('it is a ZIP64 archive, which this page does not read');
  if (count > MAX_ZIP_ENTRIES)
    throw new ZipError(`it has ${count} entries; at most ${MAX_ZIP_ENTRIES} are read`);
  if (offset + size > end) throw new ZipError('its directory points outside the file');
  const out: Member[] = [];
  const names = new TextDecoder();
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL)
      throw new ZipError('its directory is damaged');
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    if (at + 46 + skip > end) throw new ZipError('its directory is damaged');
    out.push({
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      crc: view.getUint32(at + 16, true),
      compressedSize: view.getUint32(at + 20, true),
      localOffset: view.getUint32(at + 42, true),
      name: names.decode(bytes.subarray(at + 46, at + 46 + nameLength))
    });
    at += 46 + skip;
  }
  return out;
}

/** The bytes of one member, checked against its CRC; null when over `limit`. */
async function contentOf(view: DataView, m: Member, limit: number): Promise<Uint8Array | null> {
  const at = m.localOffset;
  if (at + 30 > view.byteLength || view.getUint32(at, true) !== LOCAL)
    throw new ZipError(`the entry “${m.name}” is damaged`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + m.compressedSize > view.byteLength)
    throw new ZipError(`the entry “${m.name}” runs past the end of the file`);
  const raw = new Uint8Array(view.buffer as ArrayBuffer, view.byteOffset + start, m.compressedSize);
  let content: Uint8Array | null;
  if (m.method === 0) content = raw.byteLength > limit ? null : raw;
  else if (m.method === 8) {
    const inflated = await inflateCapped(raw, limit);
    if (inflated === 'damaged')
      throw new ZipError(`the entry “${m.name}” does not inflate (damaged data)`);
    content = inflated === 'too-large' ? null : inflated;
  } else
    throw new ZipError(
      `the entry “${m.name}” is compressed in a way this page does not read (method ${m.method})`
    );
  if (content && crc32(content) !== m.crc)
    throw new ZipError(`the entry “${m.name}” is damaged (its checksum does not match)`);
  return content;
}

/** A member's file name without its folders, or null for folders and hidden or system files. */
function baseName(path: string): string | null {
  if (path.endsWith('/') || path.startsWith('__MACOSX/')) return null;
  const name = path.split('/').pop() ?? '';
  return name === '' || name.startsWith('.') ? null : name;
}

/**
 * The .json and .jsonl members of a zip as text files (by base name, folders dropped); other
 * members are not inflated. `name` is the archive's, for the sentences.
 */
export async function readZip(data: ArrayBuffer | Uint8Array, name: string): Promise<ZipReading> {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const files: TextFile[] = [];
  const skipped: string[] = [];
  let total = 0;
  try {
    for (const m of members(view)) {
      const base = baseName(m.name);
      if (!base || !/\.jsonl?$/i.test(base)) continue;
      if (m.flags & 1) throw new ZipError(`the entry “${m.name}” is encrypted`);
      if (files.some((f) => f.name === base)) {
        skipped.push(
          `“${m.name}” in “${name}” was not read: a file named “${base}” was read already (one folder a zip).`
        );
        continue;
      }
      const limit = Math.min(MAX_ZIP_MEMBER_BYTES, MAX_ZIP_TOTAL_BYTES - total);
      const content = await contentOf(view, m, limit);
      if (!content) {
        skipped.push(
          limit < MAX_ZIP_MEMBER_BYTES
            ? `“${name}” unpacks to more than ${MAX_ZIP_TOTAL_BYTES / 1e6} MB; “${m.name}” and what follows were not read.`
            : `“${m.name}” in “${name}” unpacks to more than ${MAX_ZIP_MEMBER_BYTES / 1e6} MB, so it was not read.`
        );
        if (limit < MAX_ZIP_MEMBER_BYTES) break;
        continue;
      }
      total += content.byteLength;
      files.push({ name: base, text: new TextDecoder().decode(content) });
    }
  } catch (error) {
    const why = error instanceof ZipError ? error.message : 'it is damaged';
    return { ok: false, message: `“${name}” cannot be opened as a zip: ${why}.` };
  }
  return { ok: true, files, skipped };
}
