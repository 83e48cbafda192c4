/** The knobs every technique that writes and runs programs shares. */
import { z } from 'zod';

/** Reply length and time limit: spread into a technique's own params schema. */
export const commonParams = {
  maxTokens: z.number().int().min(64).max(8192).default(1024).describe('reply length limit'),
  timeoutMs: z
    .number()
    .int()
    .min(100)
    .max(60_000)
    .default(5_000)
    .describe('time limit of one execution')
};
