/**
 * AgentCoder (Huang et al., arXiv 2312.13010): three agents. The test designer writes basic,
 * edge and large-input tests from the requirement alone; the programmer writes the code,
 * thinking step by step; the test executor — a script, not a model — runs the designer's tests
 * on the code in the sandbox and hands the failures back to the programmer, until every test
 * passes or the round cap is reached. The hidden tests grade the final program once. Afterwards
 * the designer's tests run on the problem's reference solution: a test it fails was wrong.
 *
 * The invariant this module holds: the designer's request is built by `designerRequest` from
 * `requirementOf(problem)` — the prompt text, entry point and examples, never a program — and
 * it is asked first, before any program exists, so it is the same whatever the programmer
 * writes. Every effect label starts with the agent at work ("programmer: …"), which is how the
 * role-lanes view tells who is working (grading and the reference check belong to nobody).
 */
import { z } from 'zod';
import type { Technique } from '../run/technique';
import type { ChatMessage } from '../run/effects';
import type { Problem } from '../problems/problem';
import type { RunContext } from '../run/context';
import type { TestKind } from '../run/notes/agentcoder';
import { commonParams } from './kit/params';
import { emitOutcome, gradeProgram, passedAll } from './kit/grading';
import {
  parseAssertTests,
  testsOnReference,
  wrongTestsMessage,
  type DroppedTest
} from './kit/assert-tests';
import { cellsOf } from './codet';
import { extractCode } from '../prompts/extract';
import { requirePython } from '../problems/languages';
import { NO_CODE_FEEDBACK } from '../prompts/self-debug';
import { asSelfTestCases, selfTestFeedback, type SelfTestCandidate } from '../prompts/reflexion';
import {
  designerRequest,
  DESIGNER_TESTS,
  fixAsk,
  kindOfComment,
  programmerRequest,
  requirementOf,
  type TestCounts
} from '../prompts/agentcoder';
import { plural } from '../text';

/** The three agents, by the names their effect labels start with. */
export const PROGRAMMER = 'programmer';
export const DESIGNER = 'test designer';
export const EXECUTOR = 'test executor';

/** Effect labels (the views read the round from them). */
export const DESIGN_CALL = `${DESIGNER}: write the tests`;
export const TESTS_PARSE = `${EXECUTOR}: check which tests parse (pass = kept)`;
export const CODE_CALL = /^programmer: write the code \(round (\d+)\)$/;
export const TESTS_RUN = /^test executor: run the tests \(round (\d+)\)$/;
export const REFERENCE_CHECK = "run the designer's tests on the reference solution";

export const agentcoderParams = z
  .object({
    maxRounds: z
      .number()
      .int()
      .min(1)
      .max(6)
      .default(3)
      .describe('programs the programmer may write, the first one included'),
    basicTests: z.number().int().min(1).max(8).default(3).describe('basic tests asked for'),
    edgeTests: z.number().int().min(0).max(8).default(3).describe('edge-case tests asked for'),
    largeTests: z.number().int().min(0).max(4).default(1).describe('large-input tests asked for'),
    temperature: z.number().min(0).max(2).default(0).describe('sampling temperature (greedy: 0)'),
    ...commonParams
  })
  .strict();
type AgentcoderParams = z.infer<typeof agentcoderParams>;

const countsOf = (p: AgentcoderParams): TestCounts => ({
  basic: p.basicTests,
  edge: p.edgeTests,
  large: p.largeTests
});

/** Each assert line's kind, from the comment lines that open the groups (basic before any). */
function kindsByLine(reply: string): Map<string, TestKind> {
  const lines = (extractCode(reply) ?? reply).split('\n').map((l) => l.trim());
  const kinds = new Map<string, TestKind>();
  let kind: TestKind = 'basic';
  for (const line of lines) {
    kind = kindOfComment(line) ?? kind;
    if (!line.startsWith('#') && !kinds.has(line)) kinds.set(line, kind);
  }
  return kinds;
}

interface DesignedTests {
  kept: SelfTestCandidate[];
  kinds: TestKind[];
}

/** The designer writes the tests; the executor keeps the asserts, at most the count per kind. */
async function designTests(
  problem: Problem,
  params: AgentcoderParams,
  ctx: RunContext
): Promise<DesignedTests> {
  const counts = countsOf(params);
  const reply = await ctx.model(
    {
      messages: designerRequest(requirementOf(problem), counts),
      temperature: params.temperature,
      maxTokens: params.maxTokens
    },
    DESIGN_CALL
  );
  const total = counts.basic + counts.edge + counts.large;
  const parsed = await parseAssertTests(
    problem,
    reply.text,
    { limit: 30, noun: 'tests', timeoutMs: params.timeoutMs, label: TESTS_PARSE, unique: true },
    ctx
  );
  const byLine = kindsByLine(reply.text);
  const kept: SelfTestCandidate[] = [];
  const kinds: TestKind[] = [];
  const dropped: DroppedTest[] = [...parsed.dropped];
  for (const test of parsed.kept) {
    const kind = byLine.get(test.source) ?? 'basic';
    if (kinds.filter((k) => k === kind).length >= counts[kind]) {
      dropped.push({ source: test.source, reason: `more than ${counts[kind]} ${kind} tests` });
      continue;
    }
    kept.push(test);
    kinds.push(kind);
  }
  const tally = (['basic', 'edge', 'large'] as const)
    .map((k) => `${kinds.filter((x) => x === k).length} ${k}`)
    .join(', ');
  const message =
    parsed.candidates === 0
      ? 'The reply had no test lines.'
      : `${kept.length} of ${parsed.candidates} lines kept as tests (${tally}; ${total} asked for)` +
        (dropped.length > 0 ? `; ${dropped.length} dropped.` : '.');
  ctx.emit({ type: 'agentcoder-tests', kept, dropped, kinds, message });
  ctx.emit({
    type: 'agent-message',
    from: DESIGNER,
    to: kept.length > 0 ? EXECUTOR : null,
    summary: kept.length > 0 ? plural(kept.length, 'test') : 'no usable test',
    text: kept.map((k) => k.source).join('\n') || reply.text
  });
  return { kept, kinds };
}

/** Runs the designer's tests on the reference and notes the wrong ones; returns a sentence. */
async function markWrongTests(
  problem: Problem,
  kept: SelfTestCandidate[],
  params: AgentcoderParams,
  ctx: RunContext
): Promise<string> {
  const checked = await testsOnReference(problem, kept, params.timeoutMs, ctx, REFERENCE_CHECK);
  if (checked === null) return '';
  const { wrong } = checked;
  const message = checked.ran
    ? wrongTestsMessage(wrong.length, `the designer's ${kept.length} tests`)
    : "The designer's tests could not be checked: the reference solution did not run.";
  ctx.emit({
    type: 'agentcoder-wrong-tests',
    checked: checked.ran ? kept.length : 0,
    wrong,
    message
  });
  return message;
}

export const agentcoder: Technique<AgentcoderParams> = {
  id: 'agentcoder',
  title: 'AgentCoder: programmer, test designer, test executor',
  citation: {
    authors: 'Dong Huang, Jie M. Zhang, Michael Luck, Qingwen Bu, Yuhao Qing, Heming Cui',
    title: 'AgentCoder: Multi-Agent Code Generation with Effective Testing and Self-optimisation',
    venue: 'arXiv',
    year: 2023,
    url: 'https://arxiv.org/abs/2312.13010'
  },
  params: agentcoderParams,

  async run(problem, params, ctx) {
    requirePython(problem.language, 'AgentCoder', "its test designer's tests are Python asserts");
    ctx.emit({
      type: 'agents',
      agents: [
        { id: DESIGNER, kind: 'model', role: 'writes tests from the requirement alone' },
        { id: PROGRAMMER, kind: 'model', role: 'writes the code, step by step' },
        { id: EXECUTOR, kind: 'script', role: 'runs the tests, reports the failures' }
      ]
    });
    const { kept } = await designTests(problem, params, ctx);

    const request = { temperature: params.temperature, maxTokens: params.maxTokens };
    const messages: ChatMessage[] = programmerRequest(problem);
    let code: string | null = null;
    let stopReason = '';
    const stop = (round: number, reason: string) => {
      stopReason = reason;
      ctx.emit({ type: 'decision', turn: round, action: 'stop', reason });
    };
    const proceed = (round: number, reason: string) =>
      ctx.emit({ type: 'decision', turn: round, action: 'continue', reason });
    const cap = `the round cap is reached (${plural(params.maxRounds, 'round')})`;

    for (let round = 1; ; round++) {
      const reply = await ctx.model(
        { ...request, messages: [...messages] },
        `${PROGRAMMER}: write the code (round ${round})`
      );
      messages.push({ role: 'assistant', content: reply.text });
      const next = extractCode(reply.text, problem.language);
      if (next === null) {
        ctx.emit({ type: 'feedback', turn: round, text: NO_CODE_FEEDBACK });
        if (round >= params.maxRounds) {
          stop(round, cap);
          break;
        }
        proceed(round, 'ask again for code');
        messages.push({ role: 'user', content: NO_CODE_FEEDBACK });
        continue;
      }
      code = next;
      ctx.emit({ type: 'program', turn: round, code });
      if (kept.length === 0) {
        ctx.emit({
          type: 'agent-message',
          from: PROGRAMMER,
          to: null,
          summary: 'program',
          text: code
        });
        stop(round, 'the test designer wrote no usable test');
        break;
      }
      ctx.emit({
        type: 'agent-message',
        from: PROGRAMMER,
        to: EXECUTOR,
        summary: `program, round ${round}`,
        text: code
      });
      const result = await ctx.execute(
        {
          language: 'python',
          code,
          entryPoint: problem.entryPoint,
          tests: asSelfTestCases(kept, problem.entryPoint),
          timeoutMs: params.timeoutMs,
          suite: 'visible'
        },
        `${EXECUTOR}: run the tests (round ${round})`
      );
      const passed = passedAll(result);
      ctx.emit({
        type: 'agentcoder-round',
        round,
        cells: cellsOf(result, kept.length),
        passed
      });
      if (passed) {
        const text = `All ${plural(kept.length, 'test')} pass.`;
        ctx.emit({ type: 'agent-message', from: EXECUTOR, to: null, summary: 'all pass', text });
        stop(round, "all the test designer's tests pass");
        break;
      }
      const failures = selfTestFeedback(kept, result, problem.entryPoint, DESIGNER_TESTS);
      ctx.emit({ type: 'feedback', turn: round, text: failures });
      const failed = result.tests.filter((t) => t.status !== 'pass').length;
      const last = round >= params.maxRounds;
      ctx.emit({
        type: 'agent-message',
        from: EXECUTOR,
        to: last ? null : PROGRAMMER,
        summary:
          result.status === 'ok'
            ? `${failed} of ${kept.length} tests fail`
            : 'the code did not run',
        text: failures
      });
      if (last) {
        stop(round, cap);
        break;
      }
      proceed(round, 'hand the failures back');
      messages.push({ role: 'user', content: fixAsk(failures) });
    }

    const grade = code === null ? null : await gradeProgram(problem, code, params.timeoutMs, ctx);
    const wrong = await markWrongTests(problem, kept, params, ctx);
    const extra = code === null ? wrong : `Stopped because ${stopReason}. ${wrong}`.trim();
    emitOutcome(ctx, problem, code, grade, { why: stopReason, extra });
  }
};
