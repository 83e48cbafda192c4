/**
 * CRC-32 (IEEE). Of a string's UTF-16 code units, as 8 hex digits: deflate-raw has no
 * checksum of its own, so a permalink carries this one: it catches every single-character
 * change and every cut, which would otherwise sometimes still decode to a different run. Of
 * bytes, as a number: the checksum zip stores for each member (`bench/zip.ts`).
 */
const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crcOf(length: number, unit: (i: number) => number): number {
  let crc = 0xffffffff;
  for (let i = 0; i < length; i++) crc = TABLE[(crc ^ unit(i)) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function crc32Hex(text: string): string {
  return crcOf(text.length, (i) => text.charCodeAt(i))
    .toString(16)
    .padStart(8, '0');
}

export const crc32 = (bytes: Uint8Array): number => crcOf(bytes.length, (i) => bytes[i]);
