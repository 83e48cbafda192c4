/**
 * What the playground keeps in this browser's localStorage: the draft problem and the choices
 * (technique, knobs, model), and the last run. Read back through schemas: anything damaged, of
 * another version or too large is dropped, never trusted. The run is kept apart from the draft
 * so a run that no longer reads (an older log version) does not cost the learner their draft.
 */
import { z } from 'zod';
import { DraftSchema } from '$lib/core/playground/draft';
import { RunSchema, type Run } from '$lib/core/run/run';

export const SETUP_KEY = 'acl:playground';
export const RUN_KEY = 'acl:playground-run';
/** A run larger than this (as JSON) is not kept: localStorage holds about 5 MB a site. */
export const MAX_RUN_CHARS = 2_000_000;

export const SetupSchema = z
  .object({
    version: z.literal(1),
    draft: DraftSchema,
    technique: z.string().max(100),
    /** knob values by technique id, so switching back keeps what was set */
    values: z.record(z.string().max(100), z.record(z.string().max(100), z.unknown())),
    model: z.enum(['live', 'echo'])
  })
  .strict();
export type Setup = z.infer<typeof SetupSchema>;

/** Parses stored JSON with a schema; null when missing, unreadable or not of that shape. */
function read<T>(schema: z.ZodType<T>, text: string | null): T | null {
  if (!text) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export const parseSetup = (text: string | null): Setup | null => read(SetupSchema, text);
export const parseRun = (text: string | null): Run | null =>
  text && text.length <= MAX_RUN_CHARS ? read(RunSchema, text) : null;

/** The part of `Storage` used (a fake one in tests). */
export type PlaygroundStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Writes, or removes the key when the value is too large or the storage refuses. */
export function store(storage: PlaygroundStorage | null, key: string, value: unknown): boolean {
  if (!storage) return false;
  const text = JSON.stringify(value);
  try {
    if (text.length > MAX_RUN_CHARS) {
      storage.removeItem(key);
      return false;
    }
    storage.setItem(key, text);
    return true;
  } catch {
    return false; // storage full or blocked: the page still works, it just forgets on reload
  }
}

export function load(storage: PlaygroundStorage | null, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}
