/**
 * QR codes for the presenter's "Share with class" panel. The encoder (npm `qrcode`) is loaded
 * on first use only, so no page pays for it until a teacher opens the panel; Svelte draws the
 * symbol from the path computed here (no SVG string is injected into the page).
 */
import { QR_MAX_BYTES } from '$lib/core/share/classroom-link';

/** Light modules around the symbol; the standard asks for 4 so that phones find the code. */
export const QUIET_ZONE = 4;

export interface QrSymbol {
  /** exactly the text encoded */
  text: string;
  /** QR version 1…40 */
  version: number;
  /** modules per side: 17 + 4 × version */
  size: number;
  /** one SVG path of every dark module, in module units, offset by the quiet zone */
  path: string;
}

type Encoder = typeof import('qrcode');
let encoder: Promise<Encoder> | null = null;

/** The `qrcode` module, imported once; a failed import is forgotten so that a retry can work. */
function loadEncoder(): Promise<Encoder> {
  encoder ??= import('qrcode').catch((error: unknown) => {
    encoder = null;
    throw error;
  });
  return encoder;
}

/**
 * Dark modules as one path: each run of dark modules in a row is one rectangle, which keeps
 * the path short (a version-40 symbol has ~15,000 dark modules but a few thousand runs).
 */
export function modulePath(size: number, dark: (row: number, col: number) => boolean): string {
  const parts: string[] = [];
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!dark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && dark(row, col)) col++;
      parts.push(`M${start + QUIET_ZONE} ${row + QUIET_ZONE}h${col - start}v1h-${col - start}z`);
    }
  }
  return parts.join('');
}

/**
 * Encodes `text` at error-correction level L (the most data per module, so the smallest
 * symbol: a projected code is scanned undamaged, it needs no repair margin).
 * Rejects with a plain sentence when the text is too long or the encoder cannot load.
 */
export async function encodeQr(text: string): Promise<QrSymbol> {
  let qr: Encoder;
  try {
    qr = await loadEncoder();
  } catch {
    throw new Error('The QR code maker could not be loaded. Reload the page and try again.');
  }
  let symbol: ReturnType<Encoder['create']>;
  try {
    symbol = qr.create(text, { errorCorrectionLevel: 'L' });
  } catch {
    throw new Error(
      `This link is too long for a QR code (${text.length.toLocaleString('en')} characters; a QR code holds at most ${QR_MAX_BYTES.toLocaleString('en')}).`
    );
  }
  const { size } = symbol.modules;
  return {
    text,
    version: symbol.version,
    size,
    path: modulePath(size, (row, col) => symbol.modules.get(row, col) === 1)
  };
}
