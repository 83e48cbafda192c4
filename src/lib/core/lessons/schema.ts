/** The lesson format: one folder per lesson, `NN-slug/`, checked at build time. */
import { z } from 'zod';
import { ScriptChoiceSchema } from '../run/script-choice';
import { COURSE_SIGNALS, COURSE_SPENDS } from './course-map';

export const LessonFrontMatterSchema = z
  .object({
    title: z.string().min(1).max(120).describe('the lesson title, shown in menus and headings'),
    summary: z.string().min(1).max(300).describe('one sentence: what the learner will see'),
    technique: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/)
      .describe('the technique id the run uses'),
    params: z
      .record(z.string(), z.unknown())
      .default({})
      .describe("the technique's parameters for this lesson (checked by its own schema)"),
    citation: z.string().min(1).max(500).describe('the paper the technique comes from'),
    differs: z
      .array(z.string().trim().min(1).max(300))
      .min(1)
      .max(6)
      .describe(
        'how this lesson differs from the paper it cites, one short sentence each (1–6): what ' +
          'the app really does where the paper did otherwise, shown under the citation'
      ),
    predict: z
      .array(
        z
          .object({
            before: z
              .number()
              .int()
              .min(1)
              .describe('the step this question comes before: the step that reveals the answer'),
            question: z.string().trim().min(1).max(200).describe('what the learner predicts'),
            choices: z.array(z.string().trim().min(1).max(120)).min(2).max(4),
            answer: z.number().int().min(0).max(3).describe('the index of the right choice'),
            why: z.string().trim().min(1).max(300).describe('one sentence: why, shown after')
          })
          .strict()
          .refine((p) => p.answer < p.choices.length, {
            message: 'the answer must be the index of one of the choices',
            path: ['answer']
          })
      )
      .max(6)
      .optional()
      .describe('prediction points: the player stops before step N and asks (in step order)'),
    next: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .optional()
      .describe(
        'why the next lesson’s technique exists: what this one leaves open (every lesson but ' +
          'the last has one), shown at the end of the lesson'
      ),
    map: z
      .object({
        signal: z
          .enum(COURSE_SIGNALS)
          .describe('where the technique’s signal comes from: examples, nothing, user, own-tests'),
        spends: z
          .array(z.enum(COURSE_SPENDS))
          .min(1)
          .max(4)
          .describe('how it spends more compute: depth, width, choice, caps')
      })
      .strict()
      .optional()
      .describe('the lesson’s place on the course map of the home page')
  })
  .strict();
export type LessonFrontMatter = z.infer<typeof LessonFrontMatterSchema>;

export const WalkthroughSchema = z
  .object({
    id: z.string().min(1).max(200).describe('the scripted model id recorded in run logs'),
    label: z.string().min(1).max(300).describe('what the screen says about who wrote the replies'),
    responses: z
      .array(z.string().min(1))
      .min(1)
      .max(400)
      .describe('the replies to the model calls of the run, in order'),
    answer: z
      .enum(['by-turn', 'by-call'])
      .optional()
      .describe(
        'by-turn (default): the reply is chosen by how many assistant turns the request holds; ' +
          'by-call: the n-th model call of the run gets the n-th reply (sampling, search)'
      ),
    choose: ScriptChoiceSchema.optional().describe(
      'after `responses`, the rest of the path, chosen by the learner’s answer to a ' +
        'clarifying question or by a knob of the run (each case names the verdict it reaches)'
    )
  })
  .strict();
export type Walkthrough = z.infer<typeof WalkthroughSchema>;

/**
 * An optional second run on the same problem (`baseline.yaml`), shown beside the lesson's run:
 * e.g. the same task without a plan. It has its own technique, params and scripted replies.
 */
export const BaselineSchema = WalkthroughSchema.extend({
  technique: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/)
    .describe('the technique id of the baseline run, e.g. direct'),
  params: z
    .record(z.string(), z.unknown())
    .default({})
    .describe("the baseline technique's parameters (checked by its own schema)")
}).strict();
export type Baseline = z.infer<typeof BaselineSchema>;

/**
 * One more run of the lesson's problem (`run-<name>.yaml`), for lessons that compare
 * techniques: its own technique, params and scripted replies, and what the run is called on
 * screen. The lesson's own walkthrough is always the first run of the list.
 */
export const LessonRunSchema = BaselineSchema.extend({
  title: z
    .string()
    .min(1)
    .max(80)
    .describe('what the run is called in the run picker and the table, e.g. "Self-debugging"')
}).strict();
export type LessonRunFile = z.infer<typeof LessonRunSchema>;

/** A run of a lesson's `run-<name>.yaml`, named by its file. */
export interface LessonRun extends LessonRunFile {
  /** `<name>` of `run-<name>.yaml`: how links and the run picker refer to it */
  name: string;
}

/** The name of the lesson's own walkthrough in its list of runs. */
export const WALKTHROUGH_RUN = 'walkthrough';
