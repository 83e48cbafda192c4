/**
 * Notes of AgentCoder (techniques/agentcoder.ts): the test designer's tests with their kind,
 * each round's run of them on the programmer's code, and after the run the tests the problem's
 * reference solution fails (wrong tests).
 */
import { z } from 'zod';
import { ASSERT_TESTS_FIELDS } from './assert-tests';
import { CellSchema } from './codet';

export const TestKindSchema = z.enum(['basic', 'edge', 'large']);
export type TestKind = z.infer<typeof TestKindSchema>;

export const AGENTCODER_NOTES = [
  /** the designer's asserts kept and dropped; `kinds` gives each kept test's kind, in order */
  z
    .object({
      type: z.literal('agentcoder-tests'),
      ...ASSERT_TESTS_FIELDS,
      kinds: z.array(TestKindSchema).describe('one per kept test')
    })
    .strict(),
  /** the executor's run of every kept test on one round's program */
  z
    .object({
      type: z.literal('agentcoder-round'),
      round: z.number().int().positive(),
      cells: z.array(CellSchema).describe('one per kept test, in order'),
      passed: z.boolean().describe('every test passed')
    })
    .strict(),
  /** the kept tests the reference solution fails: the test is wrong, not the program */
  z
    .object({
      type: z.literal('agentcoder-wrong-tests'),
      checked: z.number().int().nonnegative().describe('tests run on the reference (0: none)'),
      wrong: z.array(
        z
          .object({
            index: z.number().int().positive().describe('1-based kept test'),
            reason: z.string().describe('what the reference did on it')
          })
          .strict()
      ),
      message: z.string()
    })
    .strict()
] as const;
