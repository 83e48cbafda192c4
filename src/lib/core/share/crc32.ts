/**
 * CRC-32 (IEEE) of a string's UTF-16 code units, as 8 hex digits. Deflate-raw has no
 * checksum of its own, so a permalink carries this one: it catches every single-character
 * change and every cut, which would otherwise sometimes still decode to a different run.
 */
const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32Hex(text: string): string {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) {
    crc = TABLE[(crc ^ text.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  }
  return ((crc ^ 0xffffffff) >>> 0).toString(16).padStart(8, '0');
}
