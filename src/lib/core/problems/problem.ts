import { z } from 'zod';
import { LanguageSchema } from './languages';

/** One call of the entry point: arguments and expected value, both in the problem's language. */
export const TestCaseSchema = z
  .object({
    input: z
      .string()
      .max(10_000)
      .describe(
        'the arguments of the call as source in the problem\'s language, e.g. "[1, 2, 3], 2"'
      ),
    expected: z
      .string()
      .max(10_000)
      .describe(
        'the expected return value as a literal of the problem\'s language, e.g. "3" or "[1, 2]"'
      )
  })
  .strict();
export type TestCase = z.infer<typeof TestCaseSchema>;

/**
 * A probe: a call with no expected value. It counts as run, not passed or failed, and its
 * outcome reports what the call returned (ClarifyGPT compares programs by these outputs).
 */
export const ProbeCaseSchema = z
  .object({ input: TestCaseSchema.shape.input })
  .strict()
  .describe('a call whose result is reported, not judged');

/**
 * A HumanEval-style check: Python source that defines `check(candidate)` and asserts on it.
 * It passes when `check(entry_point)` returns without raising. For JavaScript, a
 * HumanEval-X / MultiPL-E test body with assert-style checks, run after the program.
 */
export const CheckCaseSchema = z
  .object({
    check: z
      .string()
      .max(200_000)
      .describe(
        'Python source defining check(candidate), as in HumanEval\'s "test" field, or a ' +
          'JavaScript test body that asserts on the entry point'
      )
  })
  .strict();
export type CheckCase = z.infer<typeof CheckCaseSchema>;

/** A test that calls the entry point with an input and expects a value (not a whole check). */
export const isCallCase = (test: TestCase | CheckCase): test is TestCase => 'input' in test;

/** A programming problem as the app uses it (HumanEval import/export maps onto this later). */
export const ProblemSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/)
      .describe('a stable id in kebab-case, used in links and logs'),
    language: LanguageSchema,
    title: z.string().min(1).max(200).describe('a short title for people'),
    prompt: z
      .string()
      .min(1)
      .max(20_000)
      .describe('the requirement as the model sees it: signature and docstring'),
    entryPoint: z
      .string()
      .regex(/^[A-Za-z_]\w*$/)
      .describe('the name of the function the tests call'),
    visibleTests: z
      .array(TestCaseSchema)
      .min(1)
      .max(200)
      .describe('examples the technique may run and show the model'),
    hiddenTests: z
      .array(z.union([TestCaseSchema, CheckCaseSchema]))
      .min(1)
      .max(500)
      .describe(
        'tests that only grade the final answer, calls with expected values or HumanEval ' +
          'checks; never shown to the model'
      ),
    reference: z
      .string()
      .max(20_000)
      .optional()
      .describe('a correct solution, used to check the tests themselves')
  })
  .strict();
export type Problem = z.infer<typeof ProblemSchema>;
