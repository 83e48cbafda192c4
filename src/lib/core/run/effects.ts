/**
 * The three kinds of effect a technique may perform, as schemas (the permalink decoder
 * validates logs with them) and the interfaces that runtimes implement.
 */
import { z } from 'zod';
import { TestCaseSchema } from '../problems/problem';

// ---- model -------------------------------------------------------------------------------

export const ChatMessageSchema = z
  .object({
    role: z.enum(['system', 'user', 'assistant']),
    content: z.string().max(200_000)
  })
  .strict();
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

export const ChatRequestSchema = z
  .object({
    messages: z.array(ChatMessageSchema).min(1).max(500),
    temperature: z.number().min(0).max(2),
    maxTokens: z.number().int().positive().max(100_000),
    seed: z.number().int().optional()
  })
  .strict();
export type ChatRequest = z.infer<typeof ChatRequestSchema>;

export const ChatResultSchema = z
  .object({
    text: z.string().max(200_000),
    finishReason: z.enum(['stop', 'length', 'abort']),
    modelId: z.string().max(300),
    usage: z
      .object({
        promptTokens: z.number().int().nonnegative(),
        completionTokens: z.number().int().nonnegative(),
        /** true when counts are estimated (scripted models), not reported by a tokenizer */
        estimated: z.boolean()
      })
      .strict()
  })
  .strict();
export type ChatResult = z.infer<typeof ChatResultSchema>;

/** A chat-completions model: WebLLM, an OpenAI-compatible endpoint, or a scripted one. */
export interface LanguageModel {
  readonly id: string;
  complete(
    request: ChatRequest,
    options?: { signal?: AbortSignal; onToken?: (token: string) => void }
  ): Promise<ChatResult>;
}

// ---- execution ---------------------------------------------------------------------------

export const ExecRequestSchema = z
  .object({
    language: z.literal('python'),
    code: z.string().max(200_000),
    entryPoint: z.string().regex(/^[A-Za-z_]\w*$/),
    tests: z.array(TestCaseSchema).max(1000),
    timeoutMs: z.number().int().positive().max(120_000),
    /** which tests these are, for people reading the log; the sandbox ignores it */
    suite: z.enum(['visible', 'hidden'])
  })
  .strict();
export type ExecRequest = z.infer<typeof ExecRequestSchema>;

export const ErrorInfoSchema = z
  .object({
    type: z.string().max(200),
    message: z.string().max(5_000),
    /** 1-based line in the program (not in any wrapper), when the error points into it */
    line: z.number().int().positive().nullable()
  })
  .strict();
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;

export const TestOutcomeSchema = z
  .object({
    input: z.string(),
    expected: z.string(),
    status: z.enum(['pass', 'fail', 'error', 'timeout', 'not-run']),
    /** repr() of the value returned, when the call returned */
    actual: z.string().max(10_000).nullable(),
    error: ErrorInfoSchema.nullable()
  })
  .strict();
export type TestOutcome = z.infer<typeof TestOutcomeSchema>;

export const ExecResultSchema = z
  .object({
    /**
     * ok: the program loaded and every test ran (each may still fail);
     * error: the program could not be loaded (syntax error, exception at top level, early exit)
     * or the sandbox failed; timeout: the time limit ended the run.
     */
    status: z.enum(['ok', 'error', 'timeout']),
    tests: z.array(TestOutcomeSchema),
    error: ErrorInfoSchema.nullable(),
    stdout: z.string().max(100_000),
    stderr: z.string().max(100_000),
    durationMs: z.number().nonnegative()
  })
  .strict();
export type ExecResult = z.infer<typeof ExecResultSchema>;

/** Runs untrusted code against tests with a time limit. */
export interface Sandbox {
  readonly language: 'python';
  execute(request: ExecRequest, options?: { signal?: AbortSignal }): Promise<ExecResult>;
}

// ---- asking the human --------------------------------------------------------------------

export const AskRequestSchema = z
  .object({ questions: z.array(z.string().max(5_000)).max(20) })
  .strict();
export type AskRequest = z.infer<typeof AskRequestSchema>;
export const AskResultSchema = z
  .object({ answers: z.array(z.string().max(5_000)).max(20) })
  .strict();
export type AskResult = z.infer<typeof AskResultSchema>;

/** Answers clarifying questions: the learner in the page, or a simulated user. */
export interface Asker {
  ask(request: AskRequest, options?: { signal?: AbortSignal }): Promise<AskResult>;
}
