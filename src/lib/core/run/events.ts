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
import { BUDGET_NOTES } from './notes/turn-budget';
import { CLARIFY_NOTES } from './notes/clarify';
import { TREE_NOTES } from './notes/tree';
import { CODET_NOTES } from './notes/codet';
import { AGENT_NOTES } from './notes/agents';
import { AGENTCODER_NOTES } from './notes/agentcoder';
import { MAPCODER_NOTES } from './notes/mapcoder';
import { ASSERT_TESTS_FIELDS } from './notes/assert-tests';

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

const ModelEventSchema = z
  .object({
    kind: z.literal('model'),
    ...effectTiming,
    request: ChatRequestSchema,
    result: ChatResultSchema,
    /** the result was written by a person forking the run, not by the model */
    edited: z.boolean().optional()
  })
  .strict();

const ExecuteEventSchema = z
  .object({
    kind: z.literal('execute'),
    ...effectTiming,
    request: ExecRequestSchema,
    result: ExecResultSchema
  })
  .strict();

const AskEventSchema = z
  .object({
    kind: z.literal('ask'),
    ...effectTiming,
    request: AskRequestSchema,
    result: AskResultSchema
  })
  .strict();

const lineRange = z
  .object({
    from: z.number().int().positive().describe('first line, 1-based'),
    to: z.number().int().positive().describe('last line, inclusive')
  })
  .strict();

/** Notes of the baseline, Self-Planning and Reflexion techniques (what their views reduce). */
const TECHNIQUE_NOTES = [
  /** one of n samples (sampling): its program and how it did on the tests */
  z
    .object({
      type: z.literal('sample'),
      index: z.number().int().positive().describe('1-based sample number'),
      seed: z.number().int().describe('the seed the model call was given'),
      code: z.string().nullable().describe('the program, or null if the reply had none'),
      visiblePassed: z.boolean().describe('the program passes every visible example'),
      hiddenPassed: z.number().int().nonnegative(),
      hiddenTotal: z.number().int().nonnegative(),
      passed: z.boolean().describe('the program passes every hidden test')
    })
    .strict(),
  /** the unbiased pass@k estimate for k = 1..n over this problem's samples */
  z
    .object({
      type: z.literal('pass-at-k'),
      n: z.number().int().positive(),
      c: z.number().int().nonnegative().describe('samples that pass every hidden test'),
      curve: z.array(z.object({ k: z.number().int().positive(), value: z.number() }).strict())
    })
    .strict(),
  /** the plan of Self-Planning, as parsed from the model's reply */
  z
    .object({
      type: z.literal('plan'),
      steps: z.array(z.string()).describe('the steps in order; empty when parsing failed'),
      raw: z.string().describe("the model's reply as written"),
      parsed: z.boolean().describe('false when no numbered or bulleted steps were found'),
      message: z.string().describe('what was found, in a sentence')
    })
    .strict(),
  /** which lines of the program implement each plan step (from `# Step N` comments) */
  z
    .object({
      type: z.literal('step-map'),
      steps: z.array(
        z
          .object({
            step: z.number().int().positive(),
            text: z.string(),
            ranges: z.array(lineRange).describe('empty when the program does not mark the step')
          })
          .strict()
      )
    })
    .strict(),
  /** the tests a model wrote for itself (Reflexion): which were kept, which dropped and why */
  z
    .object({
      type: z.literal('self-tests'),
      ...ASSERT_TESTS_FIELDS
    })
    .strict(),
  /** a reflection the model wrote after a failure, added to its memory (Reflexion) */
  z
    .object({
      type: z.literal('reflection'),
      iteration: z.number().int().positive(),
      text: z.string()
    })
    .strict(),
  /** self-tests that the problem's reference solution fails: the self-test itself is wrong */
  z
    .object({
      type: z.literal('wrong-self-tests'),
      checked: z.number().int().nonnegative().describe('self-tests run against the reference'),
      wrong: z.array(
        z
          .object({
            source: z.string(),
            reason: z.string().describe('what the reference did on it')
          })
          .strict()
      ),
      message: z.string()
    })
    .strict()
] as const;

const NoteSchema = z.discriminatedUnion('type', [
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
    .strict(),
  ...TECHNIQUE_NOTES,
  ...BUDGET_NOTES,
  ...CLARIFY_NOTES,
  ...TREE_NOTES,
  ...CODET_NOTES,
  ...AGENT_NOTES,
  ...AGENTCODER_NOTES,
  ...MAPCODER_NOTES
]);
export type Note = z.infer<typeof NoteSchema>;

const NoteEventSchema = z.object({ kind: z.literal('note'), ...timing, note: NoteSchema }).strict();

export const RunEventSchema = z.discriminatedUnion('kind', [
  ModelEventSchema,
  ExecuteEventSchema,
  AskEventSchema,
  NoteEventSchema
]);
export type RunEvent = z.infer<typeof RunEventSchema>;
type ModelEvent = z.infer<typeof ModelEventSchema>;
export type ExecuteEvent = z.infer<typeof ExecuteEventSchema>;
export type AskEvent = z.infer<typeof AskEventSchema>;
export type EffectEvent = ModelEvent | ExecuteEvent | AskEvent;
export type EffectKind = EffectEvent['kind'];

export function isEffect(event: RunEvent): event is EffectEvent {
  return event.kind !== 'note';
}
