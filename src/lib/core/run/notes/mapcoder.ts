/**
 * Notes of MapCoder (techniques/mapcoder.ts): the problems the recall agent recalled (and what
 * of its reply could not be parsed), the planning agent's plans with their confidence and the
 * order they are tried in, and each run of a plan's code on the task's examples.
 */
import { z } from 'zod';

const unparsed = z
  .array(z.string())
  .describe('parts of the reply that could not be read, as written');

export const MAPCODER_NOTES = [
  /** the recall agent's similar problems, each with the plan that solved it */
  z
    .object({
      type: z.literal('mapcoder-recall'),
      problems: z.array(
        z
          .object({
            description: z.string().describe('what the recalled problem asks'),
            steps: z.array(z.string()).describe('the plan that solved it, one step each')
          })
          .strict()
      ),
      unparsed,
      message: z.string()
    })
    .strict(),
  /** the planning agent's plans, as written, and the order they are tried in */
  z
    .object({
      type: z.literal('mapcoder-plans'),
      plans: z.array(
        z
          .object({
            index: z.number().int().positive().describe('1-based, in the order written'),
            steps: z.array(z.string()),
            confidence: z
              .number()
              .int()
              .min(0)
              .max(100)
              .nullable()
              .describe('0 to 100 as the planner wrote it; null when it gave none')
          })
          .strict()
      ),
      order: z.array(z.number().int().positive()).describe('plan indices, most confident first'),
      unparsed,
      message: z.string()
    })
    .strict(),
  /** one run of a plan's code on the examples: round 0 is the coding agent's, then repairs */
  z
    .object({
      type: z.literal('mapcoder-attempt'),
      plan: z.number().int().positive(),
      round: z.number().int().nonnegative().describe('0: the first code; n: debug round n'),
      status: z
        .enum(['ran', 'error', 'timeout', 'no-code'])
        .describe('no-code: the reply had no code block, so nothing ran'),
      passed: z.number().int().nonnegative().describe('examples passed'),
      total: z.number().int().nonnegative().describe('examples run')
    })
    .strict()
] as const;
