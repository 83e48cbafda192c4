/** Notes of the turn budget (self-debugging and Reflexion): each answer to a request for more turns. */
import { z } from 'zod';

export const BUDGET_NOTES = [
  /** the model asked for more turns; the technique granted or refused them */
  z
    .object({
      type: z.literal('turn-budget'),
      turn: z.number().int().positive().describe('the turn whose reply made the request'),
      decision: z.enum(['granted', 'refused']),
      turns: z.number().int().nonnegative().describe('turns added (0 when refused)'),
      request: z.string().max(300).describe('the reason the model gave'),
      cap: z.number().int().positive().describe('the turn cap after this decision'),
      extensionsLeft: z.number().int().nonnegative(),
      message: z
        .string()
        .describe('the decision in words: "granted 1 more turn: …" or "refused: …"')
    })
    .strict()
] as const;
