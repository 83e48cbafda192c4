/**
 * The address of a comparison: one or two runs in the `/compare` hash, each packed the way a
 * permalink packs its run — `#a=<payload>&asum=<crc32>&astep=<n>`, then `b`, `bsum`, `bstep`
 * for the second run, if any. Each side is handed back as a permalink hash, so decoding
 * goes through the permalink's own checks (sizes, checksum, schema) and its sentences.
 */
import { crc32Hex } from './crc32';

type CompareSide = 'a' | 'b';

/** The hash part for one side, from a payload made by `encodeRun`. */
function compareHashPart(side: CompareSide, payload: string, step: number): string {
  if (!Number.isInteger(step) || step < 0) throw new RangeError('step must be an integer ≥ 0');
  return `${side}=${payload}&${side}sum=${crc32Hex(payload)}&${side}step=${step}`;
}

/** `#a=…` with one run, or both when `b` is given. */
export function compareHash(
  a: { payload: string; step: number },
  b?: { payload: string; step: number }
): string {
  const parts = [compareHashPart('a', a.payload, a.step)];
  if (b) parts.push(compareHashPart('b', b.payload, b.step));
  return `#${parts.join('&')}`;
}

/**
 * Splits a comparison hash into a permalink hash per side (`step=…&sum=…&run=…`), or null for
 * a side that is absent. The first of a repeated parameter wins.
 */
export function splitCompareHash(hash: string): Record<CompareSide, string | null> {
  const found = new Map<string, string>();
  for (const part of hash.replace(/^#/, '').split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq);
    if (!found.has(key)) found.set(key, part.slice(eq + 1));
  }
  const side = (s: CompareSide): string | null => {
    const payload = found.get(s);
    if (payload === undefined) return null;
    const sum = found.get(`${s}sum`);
    const step = found.get(`${s}step`);
    return [
      ...(step !== undefined ? [`step=${step}`] : []),
      ...(sum !== undefined ? [`sum=${sum}`] : []),
      `run=${payload}`
    ].join('&');
  };
  return { a: side('a'), b: side('b') };
}

/** The permalink hash inside a pasted link (`…/replay#step=…`), or null when it has none. */
export function hashOfLink(text: string): string | null {
  const at = text.trim().indexOf('#');
  if (at < 0) return null;
  const hash = text.trim().slice(at);
  return /(^#|&)run=/.test(hash) ? hash : null;
}
