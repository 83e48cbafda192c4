/**
 * The QR symbol drawn by the presenter is the one the encoder made for the given text: the
 * path is read back into a module matrix and compared with the encoder's, module by module.
 * The size limit is checked with the real encoder at the byte where a QR code runs out.
 */
import { describe, expect, it } from 'vitest';
import { create } from 'qrcode';
import { QR_MAX_BYTES } from '$lib/core/share/classroom-link';
import { QUIET_ZONE, encodeQr, modulePath } from './qr';

/** Reads a path made by modulePath back into a matrix of dark modules. */
function matrixOf(path: string, size: number): boolean[][] {
  const dark = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  for (const [, x, y, w] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
    for (let i = 0; i < Number(w); i++) {
      dark[Number(y) - QUIET_ZONE][Number(x) - QUIET_ZONE + i] = true;
    }
  }
  return dark;
}

/** A base64url-like string, as a permalink's payload is. */
function randomPayload(length: number, seed: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let state = seed;
  let text = '';
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    text += alphabet[state % 64];
  }
  return text;
}

describe('modulePath', () => {
  it('draws each run of dark modules in a row as one rectangle, inside the quiet zone', () => {
    const rows = ['#.##', '....', '####', '.#..'];
    const path = modulePath(4, (r, c) => rows[r][c] === '#');
    expect(path).toBe('M4 4h1v1h-1zM6 4h2v1h-2zM4 6h4v1h-4zM5 7h1v1h-1z');
    expect(matrixOf(path, 4).map((row) => row.map((d) => (d ? '#' : '.')).join(''))).toEqual(rows);
  });
});

describe('encodeQr', () => {
  it('draws exactly the modules the encoder made for the text, at level L', async () => {
    const text = 'http://127.0.0.1:4314/lessons/self-debugging?step=7';
    const symbol = await encodeQr(text);
    const reference = create(text, { errorCorrectionLevel: 'L' });
    expect(symbol.text).toBe(text);
    expect(symbol.version).toBe(reference.version);
    expect(symbol.size).toBe(17 + 4 * symbol.version);
    const expected = Array.from({ length: symbol.size }, (_, r) =>
      Array.from({ length: symbol.size }, (_, c) => reference.modules.get(r, c) === 1)
    );
    expect(matrixOf(symbol.path, symbol.size)).toEqual(expected);
  });

  it('fits every link of QR_MAX_BYTES characters, and refuses one byte more in plain words', async () => {
    const head = 'http://127.0.0.1:4314/replay#step=3&sum=0a1b2c3d&run=';
    for (const seed of [1, 2, 3]) {
      const link = head + randomPayload(QR_MAX_BYTES - head.length, seed);
      expect((await encodeQr(link)).version).toBeLessThanOrEqual(40);
    }
    // Lower-case letters can only be stored as bytes, so this is exactly one byte too many.
    await expect(encodeQr('a'.repeat(QR_MAX_BYTES + 1))).rejects.toThrow(
      'This link is too long for a QR code (2,954 characters; a QR code holds at most 2,953).'
    );
    expect((await encodeQr('a'.repeat(QR_MAX_BYTES))).version).toBe(40);
  });
});
