/**
 * Which link a teacher hands the class as a QR code. A server that keeps runs gives a short
 * link (`/r/<id>?step=N`), which fits whatever the run. Without one: the permalink (the whole run in the URL
 * hash) is the faithful one, but a QR code holds at most QR_MAX_BYTES; past that, a lesson's
 * walkthrough can still be reached by its short step link (`/lessons/<slug>?step=N`), while a
 * live or forked run cannot (its log exists only in this browser), so it is offered for copying.
 */
import type { Run } from '../run/run';
import { encodeRun, shareHash } from './permalink';

/**
 * The most bytes a QR code can hold: version 40 (177×177 modules) at error-correction level L
 * in byte mode. 2,956 data codewords = 23,648 bits, minus 4 bits of mode and 16 of length,
 * leaves 2,953 bytes (ISO/IEC 18004, table 7). Our links are ASCII, so bytes = characters.
 */
export const QR_MAX_BYTES = 2953;

/** The lesson the run belongs to, when the run on screen is its unchanged walkthrough. */
export interface WalkthroughOrigin {
  /** the lesson's slug, without its number: `self-debugging` */
  slug: string;
}

export type ClassroomLink =
  /** this server's short link to the stored run (`/r/<id>?step=N`): every run fits */
  | { kind: 'short'; url: string; permalink: string }
  /** the permalink fits in a QR code */
  | { kind: 'permalink'; url: string }
  /**
   * the lesson's step link, which shows the same walkthrough at the same step: because the
   * permalink is too long for a QR code, or because the teacher asked for the smaller code
   */
  | { kind: 'step-link'; url: string; permalink: string; reason: 'too-long' | 'chosen' }
  /** too long for a QR code and nothing shorter shows this run: copy it instead */
  | { kind: 'too-long'; permalink: string; bytes: number };

/** The byte length of `text` in UTF-8, which is what a QR code's byte mode stores. */
export const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length;

/** The permalink of `run` opened at `step`, as the Share dialog makes it, and its payload. */
export async function permalinkUrl(
  run: Run,
  step: number,
  origin: string
): Promise<{ url: string; payload: string }> {
  const payload = await encodeRun(run);
  return { url: `${origin}/replay${shareHash(payload, step)}`, payload };
}

/** The deep link to step `step` of a lesson's walkthrough (the player's step number). */
export function stepLink(origin: string, slug: string, step: number): string {
  if (!Number.isInteger(step) || step < 0) throw new RangeError('step must be an integer ≥ 0');
  return `${origin}/lessons/${encodeURIComponent(slug)}?step=${step}`;
}

/**
 * Chooses the link for the QR code: the server's short link when there is one (a few dozen
 * characters, whatever the run), else the permalink when it fits (unless the step link is
 * preferred, which only a walkthrough has), else the walkthrough's step link, else nothing to
 * encode (`too-long`).
 */
export function chooseClassroomLink(options: {
  permalink: string;
  origin: string;
  step: number;
  /** null for a live or forked run, or a run that is not a lesson's */
  walkthrough: WalkthroughOrigin | null;
  /**
   * `step-link`: the teacher asked for the lesson's link, whose code is far smaller (a
   * permalink that fits may still need a version-40 symbol, hard to scan across a room)
   */
  prefer?: 'permalink' | 'step-link';
  /** the short link at this step, when the server stored the run (null: no store) */
  short?: string | null;
}): ClassroomLink {
  const { permalink, origin, step, walkthrough, prefer = 'permalink', short = null } = options;
  if (short) return { kind: 'short', url: short, permalink };
  const bytes = utf8Bytes(permalink);
  const fits = bytes <= QR_MAX_BYTES;
  if (fits && (prefer === 'permalink' || !walkthrough))
    return { kind: 'permalink', url: permalink };
  if (walkthrough) {
    const url = stepLink(origin, walkthrough.slug, step);
    return { kind: 'step-link', url, permalink, reason: fits ? 'chosen' : 'too-long' };
  }
  return { kind: 'too-long', permalink, bytes };
}
