/**
 * Notes of multi-agent techniques (AgentCoder, and any later one): who the agents are, and each
 * message one agent hands to another. The role-lanes view (views/role-lanes.ts) draws a lane per
 * agent from these notes alone, plus the effect labels: an effect whose label starts with
 * `<agent id>: ` is that agent at work.
 */
import { z } from 'zod';

const agentId = z.string().min(1).describe("the agent's name, which its effect labels start with");

export const AGENT_NOTES = [
  /** the team, once at the start: a lane each, in this order */
  z
    .object({
      type: z.literal('agents'),
      agents: z.array(
        z
          .object({
            id: agentId,
            kind: z.enum(['model', 'script']).describe('a model answers it, or plain code does'),
            role: z.string().describe('what it does, in a few words')
          })
          .strict()
      )
    })
    .strict(),
  /** what one agent hands on: a program, tests, failures; `to` null when nobody takes it */
  z
    .object({
      type: z.literal('agent-message'),
      from: agentId,
      to: agentId.nullable(),
      summary: z.string().describe('the message in a few words ("5 tests", "2 of 5 tests fail")'),
      text: z.string().describe('what was handed on, whole')
    })
    .strict()
] as const;
