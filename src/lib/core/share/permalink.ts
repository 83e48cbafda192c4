/**
 * Permalinks: a whole run plus the step the viewer was on, carried in the URL hash as
 * `#step=<n>&sum=<crc32>&run=<payload>`, where the payload is the run's JSON, deflate-raw compressed and
 * base64url encoded. Links come from strangers, so decoding treats them as hostile input: sizes
 * are capped before and during decompression, and every failure is one sentence for people.
 */
import { LOG_VERSION } from '../run/events';
import { RunSchema, type Run } from '../run/run';
import { clip, describeIssue } from './issues';
import { crc32Hex } from './crc32';

/** The longest hash we decode, in characters: links this long already strain browsers. */
export const MAX_HASH_CHARS = 2_000_000;
/** The most bytes a payload may inflate to; decompression stops as soon as it is exceeded. */
export const MAX_UNPACKED_BYTES = 8_000_000;
/**
 * The deepest JSON nesting we accept: the app walks runs recursively, and a link of a few KB
 * could otherwise nest a million arrays in `params` and overflow the stack long after it opened.
 */
export const MAX_DEPTH = 64;

/** A run opened from a link (or a stored run), or one sentence saying why it cannot be. */
export type DecodedShare = { ok: true; run: Run; step: number } | { ok: false; message: string };

const NO_RUN = 'This link is incomplete: it has no run in it.';
const BAD_BASE64 =
  'This link is damaged: it is not valid base64url text (it may have been cut or altered when it was copied).';
const BAD_DEFLATE = 'This link is damaged: its data does not decompress (it may be truncated).';
const BAD_SUM =
  'This link is damaged: its checksum does not match (it may have been cut or altered when it was copied).';
const BAD_JSON = 'This link is damaged: its data is not a readable run (it may have been altered).';

/** Sizes in decimal megabytes, rounded up so that anything over a limit reads as over it. */
const megabytes = (n: number) => String(Math.ceil(n / 100_000) / 10);
const tooLarge = (size: string, limit: number) =>
  `This link is too large to open safely (${size}, the limit is ${megabytes(limit)} MB).`;
const TOO_LARGE_UNPACKED = tooLarge(
  `over ${megabytes(MAX_UNPACKED_BYTES)} MB once unpacked`,
  MAX_UNPACKED_BYTES
);

/** Compresses a run into the payload of a permalink (base64url without padding). */
export async function encodeRun(run: Run): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(run));
  const stream = new Blob([json]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return toBase64Url(new Uint8Array(await new Response(stream).arrayBuffer()));
}

/** The URL hash of a permalink; `step` is how many events the viewer had stepped through. */
export function shareHash(payload: string, step: number): string {
  if (!Number.isInteger(step) || step < 0) throw new RangeError(`step must be an integer ≥ 0`);
  return `#step=${step}&sum=${crc32Hex(payload)}&run=${payload}`;
}

/**
 * Splits a permalink hash (with or without the leading '#', parameters in any order) into its
 * raw parts, without judging them: `null` means the parameter is absent. When a parameter is
 * repeated, the first one wins. The payload needs no percent-decoding: base64url is URL-safe.
 */
export function parseShareHash(hash: string): {
  payload: string | null;
  step: string | null;
  sum: string | null;
} {
  const found: { payload: string | null; step: string | null; sum: string | null } = {
    payload: null,
    step: null,
    sum: null
  };
  for (const part of hash.replace(/^#/, '').split('&')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    if (key === 'run') found.payload ??= value;
    if (key === 'step') found.step ??= value;
    if (key === 'sum') found.sum ??= value;
  }
  return found;
}

/**
 * Opens a permalink hash. Never throws: every failure is `{ ok: false }` with one sentence that
 * says what is wrong with the link. A missing step means the end of the run (`events.length`),
 * because a link without one is most likely a link to a finished run; a step past the end is
 * clamped to it, and a step that is not a whole number is an error.
 */
export async function decodeShareHash(hash: string): Promise<DecodedShare> {
  try {
    // Checked before any parsing, so a huge string costs nothing more than its length.
    if (hash.length > MAX_HASH_CHARS) {
      return fail(tooLarge(`${megabytes(hash.length)} MB`, MAX_HASH_CHARS));
    }
    const { payload, step, sum } = parseShareHash(hash);
    if (!payload) return fail(NO_RUN);
    if (step !== null && !/^\d+$/.test(step)) return fail(badStep(step));
    // Links made by shareHash carry a checksum; hand-written ones without it are still read.
    if (sum !== null && sum.toLowerCase() !== crc32Hex(payload)) return fail(BAD_SUM);
    const bytes = fromBase64Url(payload);
    if (!bytes) return fail(BAD_BASE64);
    const unpacked = await inflateCapped(bytes);
    if (unpacked === 'too-large') return fail(TOO_LARGE_UNPACKED);
    if (unpacked === 'damaged') return fail(BAD_DEFLATE);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(unpacked);
    } catch {
      return fail(BAD_JSON);
    }
    return openRunText(text, step);
  } catch {
    // Defensive: nothing above should throw, but a permalink must never crash the page.
    return fail('This link could not be opened because of an unexpected error.');
  }
}

/**
 * Opens a run from its JSON text and a step, with every check a permalink's run gets after it
 * is unpacked: JSON, nesting depth, format version, then the schema. The short links' page
 * (`/r/<id>`) opens stored runs through this too, so a stored run is held to the same rules
 * as a link. `step` is the raw parameter: null means the end of the run, past the end is
 * clamped, and anything but a whole number is an error. Never throws.
 */
export function openRunText(text: string, step: string | null): DecodedShare {
  try {
    if (step !== null && !/^\d+$/.test(step)) return fail(badStep(step));
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return fail(BAD_JSON);
    }
    if (nestingDepth(text) > MAX_DEPTH) {
      return fail(`This link's run is not valid: it is nested more than ${MAX_DEPTH} levels deep.`);
    }
    // Before the schema, so that another format gets "wrong version" rather than field errors.
    const version =
      typeof data === 'object' && data ? (data as { version?: unknown }).version : null;
    if (typeof version === 'number' && Number.isInteger(version) && version !== LOG_VERSION) {
      const age = version > LOG_VERSION ? 'a newer' : 'an older';
      return fail(
        `This link was made by ${age} version of the app (format ${version}); this app reads format ${LOG_VERSION}.`
      );
    }
    const parsed = RunSchema.safeParse(data, { reportInput: true });
    if (!parsed.success) {
      return fail(`This link's run is not valid: ${describeIssue(parsed.error.issues[0])}.`);
    }
    const { events } = parsed.data;
    return {
      ok: true,
      run: parsed.data,
      step: step === null ? events.length : Math.min(Number(step), events.length)
    };
  } catch {
    return fail('This run could not be opened because of an unexpected error.');
  }
}

// ---- helpers -----------------------------------------------------------------------------

/** The deepest nesting of arrays and objects in valid JSON text, counted without recursion. */
export function nestingDepth(json: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') max = Math.max(max, ++depth);
    else if (c === ']' || c === '}') depth--;
  }
  return max;
}

const badStep = (step: string) =>
  `This link is damaged: its step "${clip(step)}" is not a whole number.`;
const fail = (message: string): DecodedShare => ({ ok: false, message });

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  // In slices: spreading megabytes into fromCharCode would overflow the call stack.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Strict: only the base64url alphabet, no padding, and no length that no encoding produces. */
function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text) || text.length % 4 === 1) return null;
  const padded =
    text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

/**
 * Inflates raw deflate data chunk by chunk and cancels as soon as the output passes `limit`
 * (MAX_UNPACKED_BYTES unless told), so a deflate bomb (megabytes that unpack to gigabytes) is
 * never expanded in memory. Permalinks and the members of a zip (`bench/zip.ts`) use it.
 */
export async function inflateCapped(
  bytes: Uint8Array<ArrayBuffer>,
  limit = MAX_UNPACKED_BYTES
): Promise<Uint8Array | 'too-large' | 'damaged'> {
  const inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = inflated.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return new Uint8Array(await new Blob(chunks).arrayBuffer());
      size += value.byteLength;
      if (size > limit) {
        reader.cancel().catch(() => undefined);
        return 'too-large';
      }
      chunks.push(value);
    }
  } catch {
    return 'damaged';
  }
}
