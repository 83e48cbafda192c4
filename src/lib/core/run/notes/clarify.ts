/**
 * Notes of ClarifyGPT (technique `clarify`): the test inputs and where they came from, the
 * sampled programs, their outputs grouped into clusters, the questions and the refined
 * requirement. The views under `components/views/clarify/` reduce these.
 */
import { z } from 'zod';

const inputSchema = z
  .object({
    id: z.number().int().positive().describe('1-based, in the order inputs were made'),
    source: z.string().describe('the call arguments as Python source'),
    parent: z
      .number()
      .int()
      .positive()
      .nullable()
      .describe('the input it was mutated from; null for a seed the model wrote'),
    operator: z.string().nullable().describe('the mutation operator, e.g. "int +1"'),
    at: z.string().nullable().describe('where the operator acted, e.g. "argument 1[2]"')
  })
  .strict();

const droppedSchema = z
  .object({
    source: z.string().describe('the input as written'),
    reason: z.string().describe('why it was dropped, in plain words')
  })
  .strict();

export const CLARIFY_NOTES = [
  /** the seed inputs the model wrote (parsed as literals, checked against the signature) and the mutants grown from them */
  z
    .object({
      type: z.literal('clarify-inputs'),
      raw: z.string().describe("the model's reply with the seed inputs"),
      inputs: z.array(inputSchema),
      dropped: z.array(droppedSchema).describe('seed lines that were not usable inputs'),
      message: z.string()
    })
    .strict(),
  /** one of the n sampled programs */
  z
    .object({
      type: z.literal('clarify-program'),
      index: z.number().int().positive().describe('1-based program number'),
      seed: z.number().int().describe('the seed the model call was given'),
      code: z.string().nullable().describe('the program, or null if the reply had none')
    })
    .strict(),
  /** every program's output on every kept input, and programs grouped by identical outputs */
  z
    .object({
      type: z.literal('clarify-clusters'),
      inputs: z.array(z.number().int().positive()).describe('ids of the inputs kept, in order'),
      programs: z
        .array(
          z
            .object({
              index: z.number().int().positive(),
              outputs: z
                .array(z.string())
                .describe('per kept input: the repr returned, "raises T", "timeout" or "not run"'),
              group: z
                .number()
                .int()
                .nonnegative()
                .nullable()
                .describe('0-based cluster; null when the program was left out'),
              problem: z
                .string()
                .nullable()
                .describe('why it was left out (no code, did not load), else null')
            })
            .strict()
        )
        .describe('one row per sampled program'),
      groups: z
        .array(z.array(z.number().int().positive()))
        .describe('program numbers per cluster; the first of each is its representative'),
      dropped: z.array(droppedSchema).describe('inputs on which every program crashed'),
      message: z.string()
    })
    .strict(),
  /** whether the programs disagree, and where: the representatives' differing outputs */
  z
    .object({
      type: z.literal('clarify-ambiguity'),
      ambiguous: z.boolean(),
      representatives: z.array(z.number().int().positive()).describe('program numbers'),
      differing: z
        .array(
          z
            .object({
              input: z.number().int().positive(),
              source: z.string(),
              outputs: z.array(z.string()).describe('per representative, in order')
            })
            .strict()
        )
        .describe('the inputs on which the representatives disagree (at most a few)'),
      message: z.string()
    })
    .strict(),
  /** the clarifying questions, as parsed from the model's reply (or written from the outputs) */
  z
    .object({
      type: z.literal('clarify-questions'),
      raw: z.string().describe("the model's reply"),
      questions: z.array(z.string()),
      fallback: z
        .boolean()
        .describe('true when the reply had no question and one was written from the outputs'),
      message: z.string()
    })
    .strict(),
  /** the requirement before and after the clarification block was added */
  z
    .object({
      type: z.literal('clarify-refined'),
      before: z.string(),
      after: z.string(),
      block: z.string().describe('the clarification block that was appended'),
      answeredBy: z
        .enum(['learner', 'simulated-user'])
        .describe('who answered: a person, or the simulated user (an oracle)')
    })
    .strict()
] as const;
