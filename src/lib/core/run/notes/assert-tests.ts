/**
 * The fields of a note about model-written tests (Reflexion's self-tests, CodeT's generated
 * tests): the asserts kept, the lines dropped with why, and a sentence saying so.
 */
import { z } from 'zod';

export const ASSERT_TESTS_FIELDS = {
  kept: z.array(
    z
      .object({
        source: z.string().describe('the assert as the model wrote it'),
        check: z.string().describe('the check(candidate) it became')
      })
      .strict()
  ),
  dropped: z.array(z.object({ source: z.string(), reason: z.string() }).strict()),
  message: z.string()
};
