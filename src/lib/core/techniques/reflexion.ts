/**
 * Reflexion for code (Shinn et al., arXiv 2303.11366): the model writes its own tests, then
 * the function; the self-tests run; on a failure the model writes a short reflection that is
 * kept in a memory, and retries with the failures and every reflection so far. Only the
 * self-tests drive the loop; the hidden tests grade the final program once. Afterwards the
 * self-tests are run on the problem's reference solution (when it has one): a self-test the
 * reference fails was wrong, and may have led the loop astray.
 *
 * Self-tests become HumanEval-style checks (`def check(candidate): assert …`), which keeps any
 * assert shape the model writes; the sandbox decides which lines parse (see prompts/reflexion).
 * A plain `assert f(ARGS) == EXPECTED` runs as a call instead, so the feedback can say what
 * the function returned, as self-debugging's does.
 *
 * Unlike the paper's programming agent, which gave each retry only its latest reflection, this
 * loop keeps every reflection in memory (and the whole conversation): the lesson says so.
 */
import { z } from 'zod';
import type { Technique } from '../run/technique';
import { commonParams } from './kit/params';
import { emitOutcome, gradeProgram, passedAll } from './kit/grading';
import type { ChatMessage } from '../run/effects';
import type { Problem } from '../problems/problem';
import type { RunContext } from '../run/context';
import { extractCode } from '../prompts/extract';
import { requirePython } from '../problems/languages';
import { NO_CODE_FEEDBACK } from '../prompts/self-debug';
import {
  IMPLEMENT_ASK,
  asSelfTestCases,
  reflectionAsk,
  retryAsk,
  selfTestFeedback,
  selfTestRequest,
  tidyReflection,
  type SelfTestCandidate
} from '../prompts/reflexion';
import { parseAssertTests, testsOnReference, wrongTestsMessage } from './kit/assert-tests';
import { TurnBudget, budgetParams } from './turn-budget';

/** The label of the sandbox run that decides which test lines are kept. */
export const PARSE_CHECK_LABEL = 'check which self-tests parse (pass = kept)';
/** The label of the run of the self-tests on the reference solution. */
export const REFERENCE_CHECK_LABEL = 'run the self-tests on the reference solution';
/** Matches the label of an iteration's self-test run; the views read the iteration from it. */
export const SELF_TEST_RUN = /^run the self-tests \(iteration (\d+)\)$/;
/** The label of the self-test run of iteration `turn` (matched by SELF_TEST_RUN). */
const selfTestRunLabel = (turn: number): string => `run the self-tests (iteration ${turn})`;

export const reflexionParams = z
  .object({
    maxIterations: z
      .number()
      .int()
      .min(1)
      .max(10)
      .default(3)
      .describe('programs the model may write, the first one included'),
    selfTests: z
      .number()
      .int()
      .min(1)
      .max(20)
      .default(5)
      .describe('self-tests asked for; at most this many are kept'),
    temperature: z.number().min(0).max(2).default(0).describe('sampling temperature (greedy: 0)'),
    ...budgetParams,
    ...commonParams
  })
  .strict();
type ReflexionParams = z.infer<typeof reflexionParams>;

/** Asks for self-tests and keeps those the sandbox finds to be asserts calling the function. */
async function writeSelfTests(
  problem: Problem,
  params: ReflexionParams,
  ctx: RunContext,
  messages: ChatMessage[]
): Promise<SelfTestCandidate[]> {
  const reply = await ctx.model(
    { messages: [...messages], temperature: params.temperature, maxTokens: params.maxTokens },
    'write your own tests'
  );
  messages.push({ role: 'assistant', content: reply.text });
  const { candidates, kept, dropped } = await parseAssertTests(
    problem,
    reply.text,
    {
      limit: params.selfTests,
      noun: 'self-tests',
      timeoutMs: params.timeoutMs,
      label: PARSE_CHECK_LABEL
    },
    ctx
  );
  ctx.emit({
    type: 'self-tests',
    kept,
    dropped,
    message:
      candidates === 0
        ? 'The reply had no test lines to keep.'
        : `${kept.length} of ${candidates} lines kept as self-tests` +
          (dropped.length > 0 ? `; ${dropped.length} dropped.` : '.')
  });
  return kept;
}

/** Runs the kept self-tests on the reference and notes those it fails (wrong self-tests). */
async function checkSelfTests(
  problem: Problem,
  kept: SelfTestCandidate[],
  params: ReflexionParams,
  ctx: RunContext
): Promise<string> {
  const checked = await testsOnReference(
    problem,
    kept,
    params.timeoutMs,
    ctx,
    REFERENCE_CHECK_LABEL
  );
  if (checked === null) return '';
  if (!checked.ran) {
    const message = 'The self-tests could not be checked: the reference solution did not run.';
    ctx.emit({ type: 'wrong-self-tests', checked: 0, wrong: [], message });
    return message;
  }
  const wrong = checked.wrong.map((w) => ({ source: kept[w.index - 1].source, reason: w.reason }));
  const message = wrongTestsMessage(wrong.length, `${kept.length} self-tests`);
  ctx.emit({ type: 'wrong-self-tests', checked: kept.length, wrong, message });
  return message;
}

export const reflexion: Technique<ReflexionParams> = {
  id: 'reflexion',
  title: 'Reflexion: self-tests, reflections, retries',
  citation: {
    // The NeurIPS author list; later arXiv versions add Edward Berman.
    authors: 'Noah Shinn, Federico Cassano, Ashwin Gopinath, Karthik Narasimhan, Shunyu Yao',
    title: 'Reflexion: Language Agents with Verbal Reinforcement Learning',
    venue: 'NeurIPS',
    year: 2023,
    url: 'https://arxiv.org/abs/2303.11366'
  },
  params: reflexionParams,

  async run(problem, params, ctx) {
    requirePython(problem.language, 'Reflexion', 'its self-written tests are Python asserts');
    const request = { temperature: params.temperature, maxTokens: params.maxTokens };
    // One conversation throughout: a turn-counting scripted model can answer it, and the
    // model sees its own tests, programs and failures as it goes.
    const messages = selfTestRequest(problem, params.selfTests);
    const kept = await writeSelfTests(problem, params, ctx, messages);
    messages.push({ role: 'user', content: IMPLEMENT_ASK });

    const memory: string[] = [];
    let code: string | null = null;
    let stopReason = '';
    // The budget counts programs; a reply may ask for more, the reflections included.
    const budget = new TurnBudget(params, params.maxIterations, 'iteration', ctx);
    const stop = (turn: number, reason: string) => {
      stopReason = reason;
      ctx.emit({ type: 'decision', turn, action: 'stop', reason });
    };

    for (let turn = 1; ; turn++) {
      const reply = await ctx.model(
        { ...request, messages: [...messages] },
        turn === 1 ? 'write the program' : `write the program again (iteration ${turn})`
      );
      messages.push({ role: 'assistant', content: reply.text });
      budget.consider(reply.text, turn);
      const next = extractCode(reply.text);
      if (next === null) {
        if (budget.spentAt(turn)) {
          stop(turn, budget.stopReason());
          break;
        }
        const again = `${NO_CODE_FEEDBACK}\n${budget.reminder(turn)}`;
        ctx.emit({ type: 'feedback', turn, text: again });
        ctx.emit({ type: 'decision', turn, action: 'continue', reason: 'ask again for code' });
        messages.push({ role: 'user', content: again });
        continue;
      }
      code = next;
      ctx.emit({ type: 'program', turn, code });
      if (kept.length === 0) {
        stop(turn, 'there are no usable self-tests to run');
        break;
      }
      const result = await ctx.execute(
        {
          language: 'python',
          code,
          entryPoint: problem.entryPoint,
          tests: asSelfTestCases(kept, problem.entryPoint),
          timeoutMs: params.timeoutMs,
          suite: 'visible'
        },
        selfTestRunLabel(turn)
      );
      if (passedAll(result)) {
        stop(turn, 'all self-tests pass');
        break;
      }
      const feedback = selfTestFeedback(kept, result, problem.entryPoint);
      ctx.emit({ type: 'feedback', turn, text: feedback });
      if (budget.spentAt(turn)) {
        stop(turn, budget.stopReason());
        break;
      }
      ctx.emit({ type: 'decision', turn, action: 'continue', reason: 'ask for a reflection' });
      messages.push({ role: 'user', content: reflectionAsk(feedback) });
      const thought = await ctx.model(
        { ...request, messages: [...messages] },
        `reflect on the failures (iteration ${turn})`
      );
      messages.push({ role: 'assistant', content: thought.text });
      budget.consider(thought.text, turn);
      const text = tidyReflection(thought.text);
      if (text !== '') {
        memory.push(text);
        ctx.emit({ type: 'reflection', iteration: turn, text });
      } else {
        ctx.emit({ type: 'feedback', turn, text: 'The model wrote no reflection.' });
      }
      messages.push({ role: 'user', content: `${retryAsk(memory)}\n${budget.reminder(turn)}` });
    }

    const grade = code === null ? null : await gradeProgram(problem, code, params.timeoutMs, ctx);
    const wrong = await checkSelfTests(problem, kept, params, ctx);
    const why = code === null ? wrong : `Stopped because ${stopReason}. ${wrong}`.trim();
    emitOutcome(ctx, problem, code, grade, { why: stopReason, extra: why });
  }
};
