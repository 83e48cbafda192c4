/**
 * A class that follows the teacher's step: what the server, the teacher's page and the
 * students' pages agree on, as plain data (no network, no DOM), so both sides are tested in
 * Node. The server keeps the session (src/lib/server/store/classes.ts); the pages talk to it
 * over `/api/classes/…` and read its Server-Sent Events.
 */

/**
 * The letters of a class code: no 0/O, 1/I/L, so a code read aloud or copied from a projector
 * is typed right. 31 symbols, 6 of them: about 887 million codes.
 */
export const CLASS_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** How many characters a new code has. */
export const CLASS_CODE_LENGTH = 6;
/** What a code looks like (upper case, as shown); anything else is not looked up. */
export const CLASS_CODE_PATTERN = new RegExp(`^[${CLASS_CODE_ALPHABET}]{${CLASS_CODE_LENGTH},8}$`);

/** A code as typed or as found in an address: upper case, or null when it cannot be one. */
export function normalizeClassCode(text: string): string | null {
  const code = text.trim().toUpperCase();
  return CLASS_CODE_PATTERN.test(code) ? code : null;
}

/** A class ends after this many hours without a step from the teacher. */
export const CLASS_QUIET_HOURS = 4;

/** The header that carries the teacher's secret token (never a URL: URLs end up in logs). */
export const TEACHER_TOKEN_HEADER = 'x-class-token';

/** The highest step a class can be moved to (far above any run's; a bound for bad input). */
export const MAX_CLASS_STEP = 100_000;

/** True when `value` is a step a class can be at. */
export const isClassStep = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_CLASS_STEP;

/**
 * What a class's event stream says, one of these per Server-Sent Event:
 * - `step`: the teacher's step (its `version` counts the moves, and is the event's id, so a
 *   browser that reconnects says which it saw last);
 * - `followers`: how many students' pages follow the class now;
 * - `end`: the class is over (the teacher ended it, or it was quiet too long).
 */
export type ClassEvent =
  | { type: 'step'; step: number; version: number }
  | { type: 'followers'; count: number }
  | { type: 'end'; reason: 'ended' | 'expired' };

/** The event's SSE name: what `EventSource.addEventListener` listens for. */
export const CLASS_EVENT_NAMES = ['step', 'followers', 'end'] as const;

/**
 * Reads one event's data (JSON text from the server, or from a NOTIFY payload) or answers null
 * for anything that is not exactly one of the events above.
 */
export function parseClassEvent(text: string): ClassEvent | null {
  const v = jsonObject(text);
  if (!v) return null;
  const whole = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;
  if (v.type === 'step' && isClassStep(v.step) && whole(v.version))
    return { type: 'step', step: v.step, version: v.version };
  if (v.type === 'followers' && whole(v.count)) return { type: 'followers', count: v.count };
  if (v.type === 'end' && (v.reason === 'ended' || v.reason === 'expired'))
    return { type: 'end', reason: v.reason };
  return null;
}

/** The JSON object in `text`, or null when it is not JSON or not an object. */
export function jsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Where a student's page stands against the teacher. */
export type Standing = 'following' | 'ahead' | 'behind' | 'here';

/** The student's standing: following, or on their own ahead of, behind or at the teacher's step. */
export function standing(following: boolean, mine: number, teacher: number): Standing {
  if (following) return 'following';
  if (mine > teacher) return 'ahead';
  if (mine < teacher) return 'behind';
  return 'here';
}

/** The sentence a student reads about their standing (with the Follow the teacher button). */
export function standingSentence(s: Standing, teacher: number): string {
  switch (s) {
    case 'following':
      return `Following the teacher: step ${teacher}.`;
    case 'ahead':
      return `You are ahead of the teacher, who is at step ${teacher}.`;
    case 'behind':
      return `You are behind the teacher, who is at step ${teacher}.`;
    case 'here':
      return `You are at the teacher's step (${teacher}), stepping on your own.`;
  }
}

/** "3 following", "1 following", "Nobody follows yet". */
export function followersText(count: number): string {
  return count === 0 ? 'Nobody follows yet' : `${count.toLocaleString('en')} following`;
}
