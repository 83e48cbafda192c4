/** A whole run: what was run (technique, params, problem, model) and its event log. */
import { z } from 'zod';
import { ProblemSchema } from '../problems/problem';
import { LOG_VERSION, RunEventSchema } from './events';
import { ScriptChoiceSchema } from './script-choice';

/**
 * Which model answered the live effects. A scripted model carries its responses; live ones
 * carry only what names them, since a replay answers every effect from the log.
 */
export const ModelSpecSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('scripted'),
      id: z.string().max(200),
      /** shown on screen wherever the run is shown */
      label: z.string().max(300),
      /** the response to the n-th model call of a run (n counted from 0) */
      responses: z.array(z.string().max(50_000)).max(400),
      /** by-turn (default): answer by the assistant turns in the request; by-call: by call number */
      answer: z.enum(['by-turn', 'by-call']).optional(),
      /** after the responses, the rest of the path chosen by the learner's answer or a knob */
      choose: ScriptChoiceSchema.optional()
    })
    .strict(),
  /** an OpenAI-compatible endpoint; the API key is never part of a run (it stays in the browser) */
  z
    .object({
      kind: z.literal('endpoint'),
      /** the model name the server was asked for */
      id: z.string().max(200),
      label: z.string().max(300),
      /** the API root the requests went to */
      baseUrl: z.string().max(2000)
    })
    .strict(),
  /** a WebLLM model run in the learner's browser on WebGPU, by its WebLLM model id */
  z
    .object({
      kind: z.literal('webllm'),
      id: z.string().max(200),
      label: z.string().max(300)
    })
    .strict(),
  /** a GGUF model run in the learner's browser on the CPU (llama.cpp), by its file's URL */
  z
    .object({
      kind: z.literal('cpu'),
      id: z.string().max(2000),
      label: z.string().max(300),
      /** the learner's CPU model settings the run used (absent in runs made before them) */
      settings: z
        .object({
          temperature: z.number().min(0).max(2),
          maxTokens: z.number().int().positive().max(8192),
          /** the seed of calls that name none; absent: llama.cpp drew one */
          seed: z.number().int().nonnegative().optional(),
          /** the llama.cpp build asked for (automatic: 64-bit where the browser has memory64) */
          build: z.enum(['auto', 'wasm64', 'wasm32'])
        })
        .strict()
        .optional()
    })
    .strict()
]);
export type ModelSpec = z.infer<typeof ModelSpecSchema>;

export const RunSchema = z
  .object({
    version: z.literal(LOG_VERSION),
    technique: z.string().regex(/^[a-z][a-z0-9-]*$/),
    params: z.record(z.string(), z.unknown()),
    problem: ProblemSchema,
    model: ModelSpecSchema,
    /** the seed of ctx.random */
    seed: z.number().int(),
    events: z.array(RunEventSchema).max(5_000),
    /** where this run was forked from, if it was: the effect index and what changed */
    forkedAt: z
      .object({ effect: z.number().int().nonnegative(), change: z.string().max(500) })
      .strict()
      .optional()
  })
  .strict();
export type Run = z.infer<typeof RunSchema>;
