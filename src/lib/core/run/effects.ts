/**
 * The three kinds of effect a technique may perform, as schemas (the permalink decoder
 * validates logs with them) and the interfaces that runtimes implement.
 */
import { z } from 'zod';
import { CheckCaseSchema, ProbeCaseSchema, TestCaseSchema } from '../problems/problem';
import type { ScriptContext } from './script-choice';

// ---- model -------------------------------------------------------------------------------

const ChatMessageSchema = z
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
    seed: z.number().int().optional(),
    /** nucleus sampling: keep the smallest set of tokens whose probability adds up to topP */
    topP: z.number().min(0).max(1).optional(),
    /** stop generating at the first of these strings (OpenAI accepts at most 4) */
    stop: z.array(z.string().min(1).max(100)).max(4).optional(),
    /** how many completions to sample for the same prompt */
    n: z.number().int().min(1).max(16).optional()
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
    options?: {
      signal?: AbortSignal;
      onToken?: (token: string) => void;
      /** the 0-based number of this model call in the run, replayed calls included */
      call?: number;
      /** what a scripted model may choose its reply by; live models ignore it */
      script?: ScriptContext;
      /** the server asked to wait this many ms before the call is tried again (endpoints) */
      onWait?: (ms: number) => void;
    }
  ): Promise<ChatResult>;
}

// ---- execution ---------------------------------------------------------------------------

/**
 * The languages a program may be written in. TypeScript is transpiled and run as JavaScript.
 * For JavaScript and TypeScript a test's `input` is JavaScript argument source, `expected` a
 * JavaScript expression compared by structural equality (like `node:assert`'s
 * `deepStrictEqual`), and a check is a test body that calls `candidate` with assert-style checks.
 */
const ExecLanguageSchema = z.enum(['python', 'javascript', 'typescript']);
export type ExecLanguage = z.infer<typeof ExecLanguageSchema>;

export const ExecRequestSchema = z
  .object({
    language: ExecLanguageSchema,
    code: z.string().max(200_000),
    entryPoint: z.string().regex(/^[A-Za-z_]\w*$/),
    /**
     * calls with expected values, HumanEval checks (outcome input/expected then describe the
     * check), or probes: calls without an expected value whose outcome is "ran" with `actual`
     */
    tests: z.array(z.union([TestCaseSchema, CheckCaseSchema, ProbeCaseSchema])).max(1000),
    timeoutMs: z.number().int().positive().max(120_000),
    /** which tests these are, for people reading the log; the sandbox ignores it */
    suite: z.enum(['visible', 'hidden', 'probe']),
    trace: z
      .object({
        test: z
          .number()
          .int()
          .nonnegative()
          .describe('the index in `tests` of the test to trace; other tests run untraced'),
        maxSteps: z
          .number()
          .int()
          .positive()
          .max(5000)
          .describe('how many steps to record; after that the program runs on untraced')
      })
      .strict()
      .optional()
      .describe(
        "record the program's lines, calls and returns during one test (for stepping through it)"
      )
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
    /** '' for a probe, which has no expected value */
    expected: z.string(),
    /** ran: a probe returned (its value is in `actual`; nothing was judged) */
    status: z.enum(['pass', 'fail', 'error', 'timeout', 'not-run', 'ran']),
    /** repr() of the value returned, when the call returned */
    actual: z.string().max(10_000).nullable(),
    error: ErrorInfoSchema.nullable()
  })
  .strict();
export type TestOutcome = z.infer<typeof TestOutcomeSchema>;

/** One thing a traced program did: a call, a line about to run, a return or an exception. */
const TraceStepSchema = z
  .object({
    line: z
      .number()
      .int()
      .positive()
      .describe('1-based line in the program: the line about to run, or where the event happened'),
    event: z
      .enum(['call', 'line', 'return', 'exception'])
      .describe(
        'call: a function of the program was entered (or a generator resumed); line: the line ' +
          'is about to run; return: the function returns (or a generator yields); exception: ' +
          'an exception was raised or passed through this line'
      ),
    function: z
      .string()
      .max(300)
      .describe('the qualified name of the running function, e.g. "f", "Stack.push", "<lambda>"'),
    depth: z
      .number()
      .int()
      .nonnegative()
      .describe("how many of the program's own calls enclose this one; the test's call is 0"),
    locals: z
      .record(z.string().max(300), z.string().max(300))
      .describe(
        "the function's local variables at this step as repr() text, each cut to about 200 " +
          'characters, at most 20 names'
      ),
    returnValue: z
      .string()
      .max(300)
      .optional()
      .describe('repr() of the value returned (or yielded), on return events that did not raise')
  })
  .strict();
export type TraceStep = z.infer<typeof TraceStepSchema>;

/** A line trace of one test: what the program's own code did, step by step. */
export const ExecTraceSchema = z
  .object({
    steps: z.array(TraceStepSchema).max(5000).describe('the recorded steps, in order'),
    truncated: z
      .boolean()
      .describe('true when maxSteps ran out and the program went on without being recorded')
  })
  .strict();
export type ExecTrace = z.infer<typeof ExecTraceSchema>;

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
    durationMs: z.number().nonnegative(),
    trace: ExecTraceSchema.nullable()
      .optional()
      .describe(
        'the trace asked for by the request: absent when none was asked; null when the traced ' +
          'test never ran (the program did not load, an earlier test ran out of time, no such ' +
          'test) or the sandbox was stopped before the trace was complete'
      )
  })
  .strict();
export type ExecResult = z.infer<typeof ExecResultSchema>;

/**
 * Runs untrusted code against tests with a time limit. `language` is the language it was made
 * for; a sandbox that routes requests by their own `language` (the browser's) says 'python'.
 */
export interface Sandbox {
  readonly language: ExecLanguage;
  execute(request: ExecRequest, options?: { signal?: AbortSignal }): Promise<ExecResult>;
  /**
   * Resolves once the sandbox can start `request` without loading its runtime first (e.g. the
   * browser's Python, which loads in the background). The run awaits it before it starts
   * timing the effect, so a logged duration never includes a runtime's start. It need not
   * reject when loading fails: `execute` then says why.
   */
  prepare?(request: ExecRequest, options?: { signal?: AbortSignal }): Promise<void>;
}

// ---- asking the human --------------------------------------------------------------------

export const AskRequestSchema = z
  .object({
    questions: z.array(z.string().max(5_000)).max(20),
    about: z
      .object({
        entryPoint: z.string().regex(/^[A-Za-z_]\w*$/),
        inputs: z.array(z.string().max(10_000)).max(20).describe('call arguments, Python source'),
        programs: z.array(z.string().max(200_000)).max(20)
      })
      .strict()
      .optional()
      .describe(
        'what the questions are about, for a simulated user: the inputs on which these ' +
          'programs (one per behaviour) disagree'
      )
  })
  .strict();
export type AskRequest = z.infer<typeof AskRequestSchema>;
export const AskResultSchema = z
  .object({
    /** one per question ('' when a question was left unanswered) */
    answers: z.array(z.string().max(5_000)).max(20),
    /** who answered: a person, or a simulated user (an oracle that knows the tests) */
    by: z.enum(['learner', 'simulated-user']).optional()
  })
  .strict();
export type AskResult = z.infer<typeof AskResultSchema>;

/** Answers clarifying questions: the learner in the page, or a simulated user. */
export interface Asker {
  ask(request: AskRequest, options?: { signal?: AbortSignal }): Promise<AskResult>;
}
