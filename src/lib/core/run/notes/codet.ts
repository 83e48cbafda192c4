/**
 * Notes of CodeT (techniques/codet.ts): the model's tests as kept and dropped, each program with
 * its row of the programs × tests matrix, and the consensus groups with the program chosen.
 */
import { z } from 'zod';
import { ASSERT_TESTS_FIELDS } from './assert-tests';

/** How one program did on one kept test: a matrix cell. */
export const CellSchema = z.enum(['pass', 'fail', 'error', 'timeout', 'not-run']);
export type Cell = z.infer<typeof CellSchema>;

const indices = z.array(z.number().int().positive());

export const CODET_NOTES = [
  /** the model's tests: the asserts kept (the matrix's columns) and the lines dropped, with why */
  z
    .object({
      type: z.literal('codet-tests'),
      ...ASSERT_TESTS_FIELDS
    })
    .strict(),
  /** one sampled program and how it did on every kept test (a row of the matrix) */
  z
    .object({
      type: z.literal('codet-program'),
      index: z.number().int().positive().describe('1-based program number'),
      seed: z.number().int().describe('the seed its model call was given'),
      code: z.string().nullable().describe('the program, or null if the reply had none'),
      cells: z
        .array(CellSchema)
        .nullable()
        .describe('one per kept test, in order; null when there was no program to run'),
      visiblePassed: z
        .boolean()
        .nullable()
        .describe("passes the task's examples (not used to choose; shown beside the choice)")
    })
    .strict(),
  /** the consensus groups ranked by score, the program chosen, and why */
  z
    .object({
      type: z.literal('codet-groups'),
      groups: z.array(
        z
          .object({
            programs: indices.describe('programs that pass exactly the same kept tests'),
            passed: indices.describe('the 1-based kept tests they pass'),
            score: z.number().int().nonnegative().describe('programs × tests passed')
          })
          .strict()
      ),
      winner: z.number().int().positive().nullable().describe('the program chosen, if any'),
      byExamples: z
        .number()
        .int()
        .positive()
        .nullable()
        .describe("the first program passing the task's examples (how sampling picks)"),
      message: z.string()
    })
    .strict()
] as const;
