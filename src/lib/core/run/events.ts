/**
 * The event log: the single source of truth of a run. Effects (model, execute, ask) are
 * recorded with their request and result; notes say what the technique decided. Views are
 * pure functions of a prefix of this log. The format is versioned (LOG_VERSION) because
 * logs travel in permalinks and files.
 */
import { z } from 'zod';
import {
  AskRequestSchema,
  AskResultSchema,
  ChatRequestSchema,
  ChatResultSchema,
  ExecRequestSchema,
  ExecResultSchema
} from './effects';

export const LOG_VERSION = 1;

const timing = {
  /** position in the log, 0-based */
  seq: z.number().int().nonnegative(),
  /** virtual run time in ms when the event happened: the sum of earlier effects' durations */
  t: z.number().nonnegative()
};
const effectTiming = {
  ...timing,
  /** how long the effect took, in ms */
  dur: z.number().nonnegative(),
  /** what the technique wanted from this effect, in a few words (shown in the timeline) */
  label: z.string().max(200)
};

export const ModelEventSchema = z
  .object({
    kind: z.literal('model'),
    ...effectTiming,
    request: ChatRequestSchema,
    result: ChatResultSchema,
    /** the result was written by a person forking the run, not by the model */
    edited: z.boolean().optional()
  })
  .strict();

export const ExecuteEventSchema = z
  .object({
    kind: z.literal('execute'),
    ...effectTiming,
    request: ExecRequestSchema,
    result: ExecResultSchema
  })
  .strict();

export const AskEventSchema = z
  .object({
    kind: z.literal('ask'),
    ...effectTiming,
    request: AskRequestSchema,
    result: AskResultSchema
  })
  .strict();

export const NoteSchema = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('program'), turn: z.number().int().positive(), code: z.string() })
    .strict(),
  z
    .object({ type: z.literal('feedback'), turn: z.number().int().positive(), text: z.string() })
    .strict(),
  z
    .object({
      type: z.literal('decision'),
      turn: z.number().int().nonnegative(),
      action: z.enum(['continue', 'stop']),
      reason: z.string()
    })
    .strict(),
  z
    .object({
      type: z.literal('outcome'),
      status: z.enum(['solved', 'unsolved', 'error']),
      /** the final program, or null if the model never produced one */
      code: z.string().nullable(),
      visiblePassed: z.boolean(),
      hiddenPassed: z.number().int().nonnegative(),
      hiddenTotal: z.number().int().nonnegative(),
      message: z.string()
    })
    .strict()
]);
export type Note = z.infer<typeof NoteSchema>;

export const NoteEventSchema = z
  .object({ kind: z.literal('note'), ...timing, note: NoteSchema })
  .strict();

export const RunEventSchema = z.discriminatedUnion('kind', [
  ModelEventSchema,
  ExecuteEventSchema,
  AskEventSchema,
  NoteEventSchema
]);
export type RunEvent = z.infer<typeof RunEventSchema>;
export type ModelEvent = z.infer<typeof ModelEventSchema>;
export type ExecuteEvent = z.infer<typeof ExecuteEventSchema>;
export type AskEvent = z.infer<typeof AskEventSchema>;
export type NoteEvent = z.infer<typeof NoteEventSchema>;
export type EffectEvent = ModelEvent | ExecuteEvent | AskEvent;
export type EffectKind = EffectEvent['kind'];

export function isEffect(event: RunEvent): event is EffectEvent {
  return event.kind !== 'note';
}
