/**
 * Rewrites a zip archive with every entry stored (not compressed), at build time, for Pyodide's
 * standard library (`python_stdlib.zip`).
 *
 * Why: the package's zip deflates each of its 600 files on its own (9.6 MB of Python source in
 * 2.5 MB), and a deflated file does not compress again, so the server sent those 2.5 MB as
 * they were. Stored, the archive is one 9.7 MB stream of text that brotli compresses across
 * files (1.6 MB at quality 11): about 0.9 MB less on every cold visit. Python's `zipimport`
 * reads stored entries as it reads deflated ones (and skips inflating them); the archive
 * lives in the worker's memory file system, where it takes the 9.7 MB instead of 2.5 MB.
 *
 * Only what that archive needs: no ZIP64, no encryption, no data descriptors after the data
 * (the central directory's sizes and CRCs are used). Anything else is refused with an error
 * rather than written wrong. Entries keep their order, names, times and attributes, so the
 * output depends only on the input. Plain JavaScript: `vite.config.ts` runs it.
 */
import zlib from 'node:zlib';

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const STORED = 0;
const DEFLATED = 8;

/**
 * @typedef {{ name: Buffer, time: number, date: number, flags: number, crc: number,
 *   data: Buffer, internalAttr: number, externalAttr: number, madeBy: number }} Entry
 */

/**
 * The offset of the end-of-central-directory record: the last one, searched backwards over
 * the comment it may carry (at most 65,535 bytes).
 * @param {Buffer} zip
 */
function endRecordOf(zip) {
  const lowest = Math.max(0, zip.length - 22 - 0xffff);
  for (let at = zip.length - 22; at >= lowest; at--) if (zip.readUInt32LE(at) === END) return at;
  throw new Error('not a zip archive: no end-of-central-directory record');
}

/**
 * @param {Buffer} raw
 * @param {Buffer} name
 */
function inflated(raw, name) {
  try {
    return zlib.inflateRawSync(raw);
  } catch {
    throw new Error(`${name}: its data cannot be inflated`);
  }
}

/**
 * Every entry of `zip`, its data uncompressed and checked against its CRC.
 * @param {Buffer} zip
 * @returns {Entry[]}
 */
export function readZip(zip) {
  const end = endRecordOf(zip);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  if (count === 0xffff || at === 0xffffffff) throw new Error('ZIP64 archives are not supported');
  /** @type {Entry[]} */
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL) throw new Error(`entry ${i}: bad central header`);
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const packed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength);
    if (flags & 1) throw new Error(`${name}: encrypted entries are not supported`);
    if (zip.readUInt32LE(local) !== LOCAL) throw new Error(`${name}: bad local header`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + packed);
    /** @type {Buffer} */
    let data;
    if (method === STORED) data = Buffer.from(raw);
    else if (method === DEFLATED) data = inflated(raw, name);
    else throw new Error(`${name}: compression method ${method} is not supported`);
    if (data.length !== size || zlib.crc32(data) !== crc)
      throw new Error(`${name}: its data does not match its size and CRC`);
    entries.push({
      name: Buffer.from(name),
      time: zip.readUInt16LE(at + 12),
      date: zip.readUInt16LE(at + 14),
      // Bit 3 (sizes in a descriptor after the data) and the compression option bits go:
      // a stored entry here has its sizes in its header. Bit 11 (UTF-8 names) stays.
      flags: flags & 0x0800,
      crc,
      data,
      internalAttr: zip.readUInt16LE(at + 36),
      externalAttr: zip.readUInt32LE(at + 38),
      madeBy: zip.readUInt16LE(at + 4)
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * A zip of `entries`, each stored.
 * @param {Entry[]} entries
 * @returns {Buffer}
 */
export function writeStoredZip(entries) {
  /** @type {Buffer[]} */
  const parts = [];
  /** @type {Buffer[]} */
  const central = [];
  let offset = 0;
  for (const entry of entries) {
    const header = Buffer.alloc(30);
    header.writeUInt32LE(LOCAL, 0);
    header.writeUInt16LE(20, 4); // version needed: 2.0
    header.writeUInt16LE(entry.flags, 6);
    header.writeUInt16LE(STORED, 8);
    header.writeUInt16LE(entry.time, 10);
    header.writeUInt16LE(entry.date, 12);
    header.writeUInt32LE(entry.crc, 14);
    header.writeUInt32LE(entry.data.length, 18);
    header.writeUInt32LE(entry.data.length, 22);
    header.writeUInt16LE(entry.name.length, 26);
    header.writeUInt16LE(0, 28);
    parts.push(header, entry.name, entry.data);

    const record = Buffer.alloc(46);
    record.writeUInt32LE(CENTRAL, 0);
    record.writeUInt16LE(entry.madeBy, 4);
    record.writeUInt16LE(20, 6);
    header.copy(record, 8, 6, 30); // flags … name length: as in the local header
    record.writeUInt16LE(0, 30); // extra
    record.writeUInt16LE(0, 32); // comment
    record.writeUInt16LE(0, 34); // disk
    record.writeUInt16LE(entry.internalAttr, 36);
    record.writeUInt32LE(entry.externalAttr >>> 0, 38);
    record.writeUInt32LE(offset, 42);
    central.push(record, entry.name);
    offset += 30 + entry.name.length + entry.data.length;
  }
  const directory = Buffer.concat(central);
  if (offset + directory.length > 0xffffffff || entries.length >= 0xffff)
    throw new Error('the archive would need ZIP64');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

/**
 * `zip` with every entry stored.
 * @param {Buffer} zip
 */
export function storedZip(zip) {
  return writeStoredZip(readZip(zip));
}

/**
 * True when every entry of `zip` is stored (a copy made by {@link storedZip}).
 * @param {Buffer} zip
 */
export function isStoredZip(zip) {
  const end = endRecordOf(zip);
  let at = zip.readUInt32LE(end + 16);
  for (let i = zip.readUInt16LE(end + 10); i > 0; i--) {
    if (zip.readUInt32LE(at) !== CENTRAL || zip.readUInt16LE(at + 10) !== STORED) return false;
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return true;
}
