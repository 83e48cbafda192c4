/**
 * A learner's progress through the lessons, as this browser keeps it: one record per lesson.
 * Stored data outlives app versions and can be damaged, so whatever a store returns is
 * `unknown` until `parseRecord` has checked it.
 */
import { z } from 'zod';

/** The lesson's last run, packed the way a permalink packs it (see `share/permalink`). */
export const SavedRunSchema = z
  .object({
    /** the run and its log: JSON, deflate-raw, base64url (`encodeRun`) */
    payload: z.string().min(1).max(8_000_000),
    /** the player's step when it was saved */
    step: z.number().int().nonnegative(),
    /** when it was saved (ms since the epoch) */
    savedAt: z.number()
  })
  .strict();
export type SavedRun = z.infer<typeof SavedRunSchema>;

export const LessonRecordSchema = z
  .object({
    /** the lesson's slug, e.g. `self-debugging` */
    slug: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    /** the lesson page was opened at least once */
    visited: z.boolean(),
    /** a run of the lesson was stepped to its final verdict */
    finished: z.boolean(),
    /** the run on screen when the learner last stepped, if any */
    lastRun: SavedRunSchema.optional()
  })
  .strict();
export type LessonRecord = z.infer<typeof LessonRecordSchema>;

/**
 * Where records are kept. Implementations live in `runtimes/storage` (IndexedDB, memory);
 * every method may reject, and callers treat a rejection as "not saved".
 */
export interface ProgressStore {
  /** which kind of storage this is, for the page to say whether progress survives a reload */
  readonly kind: 'indexeddb' | 'memory';
  /** every stored value, unchecked */
  all(): Promise<unknown[]>;
  put(record: LessonRecord): Promise<void>;
  remove(slug: string): Promise<void>;
}

export type ParsedRecord =
  { ok: true; record: LessonRecord } | { ok: false; slug: string | null; reason: string };

/** Checks one stored value; a damaged one says which lesson it was for, when it can tell. */
export function parseRecord(value: unknown): ParsedRecord {
  const parsed = LessonRecordSchema.safeParse(value);
  if (parsed.success) return { ok: true, record: parsed.data };
  const slug =
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { slug?: unknown }).slug === 'string'
      ? (value as { slug: string }).slug
      : null;
  const issue = parsed.error.issues[0];
  const where = issue.path.length ? issue.path.join('.') : 'the record';
  return { ok: false, slug, reason: `${where}: ${issue.message}` };
}

/** A lesson nobody has opened yet. */
export const emptyRecord = (slug: string): LessonRecord => ({
  slug,
  visited: false,
  finished: false
});
