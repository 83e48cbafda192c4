/** The model call of techniques that sample: each call draws its own seed. */
import type { ChatMessage, ChatResult } from '../../run/effects';
import type { RunContext } from '../../run/context';

/**
 * One model call with its own seed, drawn from the run's seeded random, so each call of a
 * sampling or search technique is reproducible on its own. Returns the seed with the reply.
 */
export async function seededCall(
  ctx: RunContext,
  messages: ChatMessage[],
  sampling: { temperature: number; maxTokens: number },
  label: string
): Promise<{ seed: number; reply: ChatResult }> {
  const seed = Math.floor(ctx.random() * 2 ** 31);
  const reply = await ctx.model({ messages, ...sampling, seed }, label);
  return { seed, reply };
}
