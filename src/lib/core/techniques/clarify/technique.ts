/**
 * ClarifyGPT (Mu et al. 2023, arXiv 2310.10996): find out whether a requirement is ambiguous
 * by sampling several programs and checking whether they behave alike, and if not, ask the
 * user targeted questions before writing the final program.
 *
 * 1. The model writes a few seed inputs; they are read as Python literals (never run here),
 *    checked against the signature, and grown by type-aware mutation (seeded by ctx.random).
 * 2. n programs are sampled at a high temperature and run on every input, in parallel.
 * 3. Inputs that crash every program are dropped; programs are grouped by output vectors.
 * 4. One group: no ambiguity found, the program is returned. Several: the model compares one
 *    representative per group, with their differing outputs, and writes questions; they go to
 *    ctx.ask; the answers are appended to the requirement; the final program is generated.
 *
 * The hidden tests only grade the final program; no prompt ever contains them.
 */
import { z } from 'zod';
import type { Technique } from '../../run/technique';
import { commonParams } from '../kit/params';
import { emitOutcome, gradeProgram } from '../kit/grading';
import { seededCall } from '../kit/model-call';
import { plural } from '../../text';
import type { Problem } from '../../problems/problem';
import type { RunContext } from '../../run/context';
import { extractCode } from '../../prompts/extract';
import { requirePython } from '../../problems/languages';
import { firstRequest } from '../../prompts/opening-request';
import {
  clarificationBlock,
  fallbackQuestion,
  inputsRequest,
  parseQuestions,
  questionsRequest,
  refinedPrompt,
  type Difference
} from './prompts';
import { buildMatrix, disagreements, loadProblem, type Matrix, type ProgramRun } from './cluster';
import { growInputs, type GrownInput } from './mutate';
import { parseSeeds } from './seeds';
import { arityOf } from './signature';
import { tryParseArguments } from '../../problems/literal';

export const clarifyParams = z
  .object({
    n: z.number().int().min(2).max(8).default(4).describe('how many programs to sample'),
    temperature: z
      .number()
      .min(0)
      .max(2)
      .default(0.8)
      .describe('sampling temperature of the n programs: higher gives more varied programs'),
    seedInputs: z
      .number()
      .int()
      .min(1)
      .max(10)
      .default(4)
      .describe('how many test inputs to ask the model for'),
    mutants: z
      .number()
      .int()
      .min(0)
      .max(30)
      .default(8)
      .describe('how many more inputs to grow from them by type-aware mutation'),
    maxQuestions: z
      .number()
      .int()
      .min(1)
      .max(3)
      .default(2)
      .describe('at most this many clarifying questions'),
    ...commonParams
  })
  .strict();
type ClarifyParams = z.infer<typeof clarifyParams>;

/** How many disagreeing inputs the question prompt (and the simulated user) gets. */
const SHOWN_DIFFERENCES = 4;

async function makeInputs(
  problem: Problem,
  params: ClarifyParams,
  ctx: RunContext
): Promise<GrownInput[]> {
  const reply = await ctx.model(
    {
      messages: inputsRequest(problem, params.seedInputs),
      temperature: 0,
      maxTokens: params.maxTokens
    },
    'write seed inputs'
  );
  const arity = arityOf(problem.prompt, problem.entryPoint);
  const parsed = parseSeeds(reply.text, problem.entryPoint, arity, params.seedInputs);
  let fromExamples = false;
  if (parsed.seeds.length === 0) {
    // The examples are no secret (the prompt shows them): better seeds than none.
    fromExamples = true;
    for (const t of problem.visibleTests) {
      const args = tryParseArguments(t.input);
      if (args.ok) parsed.seeds.push({ source: t.input, args: args.args });
    }
  }
  const seeds = parsed.seeds.map((s, i) => ({
    id: i + 1,
    source: s.source,
    args: s.args,
    parent: null,
    mutation: null
  }));
  const inputs: GrownInput[] = [...seeds, ...growInputs(parsed.seeds, params.mutants, ctx.random)];
  const mutants = inputs.length - seeds.length;
  ctx.emit({
    type: 'clarify-inputs',
    raw: reply.text,
    inputs: inputs.map((i) => ({
      id: i.id,
      source: i.source,
      parent: i.parent,
      operator: i.mutation?.operator ?? null,
      at: i.mutation?.at ?? null
    })),
    dropped: parsed.dropped,
    message:
      (fromExamples
        ? `The reply had no usable input, so the ${seeds.length} examples are the seeds`
        : `${plural(seeds.length, 'seed input')} from the model`) +
      `, ${mutants} grown by mutation` +
      (parsed.dropped.length
        ? `; ${parsed.dropped.length} of the model's line${parsed.dropped.length === 1 ? ' was' : 's were'} not a usable input.`
        : '.') +
      (arity ? '' : ' The prompt has no def line, so argument counts were not checked.')
  });
  return inputs;
}

async function samplePrograms(
  problem: Problem,
  params: ClarifyParams,
  ctx: RunContext
): Promise<(string | null)[]> {
  const codes: (string | null)[] = [];
  for (let index = 1; index <= params.n; index++) {
    const { seed, reply } = await seededCall(
      ctx,
      firstRequest(problem),
      { temperature: params.temperature, maxTokens: params.maxTokens },
      `program ${index} of ${params.n}`
    );
    const code = extractCode(reply.text);
    ctx.emit({ type: 'clarify-program', index, seed, code });
    codes.push(code);
  }
  return codes;
}

/** Every program on every input, in the worker pool at once; the log keeps start order. */
async function runAll(
  problem: Problem,
  codes: readonly (string | null)[],
  inputs: readonly GrownInput[],
  params: ClarifyParams,
  ctx: RunContext
): Promise<ProgramRun[]> {
  const tests = inputs.map((i) => ({ input: i.source }));
  return Promise.all(
    codes.map(async (code, i): Promise<ProgramRun> => {
      const index = i + 1;
      if (code === null) return { index, result: null, problem: 'the reply had no program' };
      const result = await ctx.execute(
        {
          language: 'python',
          code,
          entryPoint: problem.entryPoint,
          tests,
          timeoutMs: params.timeoutMs,
          suite: 'probe'
        },
        `run program ${index} on ${inputs.length} inputs`
      );
      const problemText = loadProblem(result);
      return problemText === null
        ? { index, result, problem: null }
        : { index, result: null, problem: problemText };
    })
  );
}

function emitClusters(
  ctx: RunContext,
  runs: readonly ProgramRun[],
  inputs: readonly GrownInput[],
  matrix: Matrix
): void {
  const groupOf = new Map(matrix.groups.flatMap((g, gi) => g.map((p) => [p, gi] as const)));
  const loaded = runs.filter((r) => r.result).length;
  const behaviours = matrix.groups.length;
  ctx.emit({
    type: 'clarify-clusters',
    inputs: matrix.kept.map((i) => inputs[i].id),
    programs: runs.map((r, p) => ({
      index: r.index,
      outputs: matrix.outputs[p]?.map((o) => o.shown) ?? [],
      group: groupOf.get(p) ?? null,
      problem: r.problem
    })),
    groups: matrix.groups.map((g) => g.map((p) => runs[p].index)),
    dropped: matrix.dropped.map((d) => ({ source: inputs[d.input].source, reason: d.reason })),
    message:
      `${plural(loaded, 'program')} ran on ${plural(matrix.kept.length, 'input')}: ` +
      plural(behaviours, 'behaviour') +
      (matrix.dropped.length ? `; ${matrix.dropped.length} input(s) dropped.` : '.')
  });
}

/** Grades the final program and closes the run with an outcome. */
async function finish(
  problem: Problem,
  code: string | null,
  params: ClarifyParams,
  ctx: RunContext,
  why: string,
  extra: string
): Promise<void> {
  if (code === null) {
    emitOutcome(ctx, problem, null, null, { why, extra });
    return;
  }
  ctx.emit({ type: 'program', turn: 1, code });
  const grade = await gradeProgram(problem, code, params.timeoutMs, ctx, 'the final program');
  emitOutcome(ctx, problem, code, grade, { why, extra });
}

export const clarify: Technique<ClarifyParams> = {
  id: 'clarify',
  title: 'ClarifyGPT: clarifying questions',
  citation: {
    authors: 'Fangwen Mu, Lin Shi, Song Wang, Zhuohao Yu, Binquan Zhang, et al.',
    title: 'ClarifyGPT: Empowering LLM-based Code Generation with Intention Clarification',
    venue: 'arXiv',
    year: 2023,
    url: 'https://arxiv.org/abs/2310.10996'
  },
  params: clarifyParams,

  async run(problem, params, ctx) {
    requirePython(problem.language, 'ClarifyGPT', 'it reads test inputs as Python literals');
    const inputs = await makeInputs(problem, params, ctx);
    const codes = await samplePrograms(problem, params, ctx);
    const runs = await runAll(problem, codes, inputs, params, ctx);
    const matrix = buildMatrix(runs, inputs.length);
    emitClusters(ctx, runs, inputs, matrix);

    if (matrix.groups.length === 0) {
      await finish(problem, null, params, ctx, 'none of the sampled programs ran', '');
      return;
    }
    const reps = matrix.groups.map((g) => g[0]);
    const repIndex = reps.map((p) => runs[p].index);
    if (matrix.groups.length === 1) {
      const agreed = matrix.groups[0].length;
      ctx.emit({
        type: 'clarify-ambiguity',
        ambiguous: false,
        representatives: repIndex,
        differing: [],
        message:
          `No ambiguity found: ${agreed === 1 ? 'the one program that ran' : `all ${agreed} programs that ran`} ` +
          `give the same outputs on ${matrix.kept.length} inputs, so nothing is asked.`
      });
      await finish(problem, codes[reps[0]], params, ctx, '', 'No question was needed.');
      return;
    }

    const columns = disagreements(matrix).slice(0, SHOWN_DIFFERENCES);
    const differing = columns.map((col) => {
      const input = inputs[matrix.kept[col]];
      return {
        input: input.id,
        source: input.source,
        outputs: reps.map((p) => matrix.outputs[p]?.[col].shown ?? '')
      };
    });
    ctx.emit({
      type: 'clarify-ambiguity',
      ambiguous: true,
      representatives: repIndex,
      differing,
      message:
        `${matrix.groups.length} behaviours: programs ${repIndex.join(', ')} stand for them; ` +
        `they disagree on ${disagreements(matrix).length} input(s).`
    });

    const labels = reps.map((_, i) => String.fromCharCode(65 + i));
    const differences: Difference[] = differing.map((d) => ({
      call: `${problem.entryPoint}(${d.source})`,
      outputs: d.outputs
    }));
    const reply = await ctx.model(
      {
        messages: questionsRequest(
          problem,
          reps.map((p, i) => ({ label: labels[i], code: codes[p] ?? '' })),
          differences,
          params.maxQuestions
        ),
        temperature: 0,
        maxTokens: params.maxTokens
      },
      'write clarifying questions'
    );
    let questions = parseQuestions(reply.text, params.maxQuestions);
    const fallback = questions.length === 0;
    if (fallback) questions = [fallbackQuestion(differences[0])];
    ctx.emit({
      type: 'clarify-questions',
      raw: reply.text,
      questions,
      fallback,
      message: fallback
        ? 'The reply had no question; one was written from the differing outputs.'
        : `${plural(questions.length, 'question')} for the user.`
    });

    const answer = await ctx.ask(
      {
        questions,
        about: {
          entryPoint: problem.entryPoint,
          inputs: differing.map((d) => d.source),
          programs: reps.map((p) => codes[p] ?? '')
        }
      },
      'answer the clarifying questions'
    );
    const block = clarificationBlock(questions, answer.answers);
    const answered = answer.answers.some((a) => a.trim() !== '');
    const after = answered ? refinedPrompt(problem.prompt, block) : problem.prompt;
    ctx.emit({
      type: 'clarify-refined',
      before: problem.prompt,
      after,
      block: answered ? block : '',
      answeredBy: answer.by ?? 'learner'
    });

    const final = await ctx.model(
      {
        messages: firstRequest({ ...problem, prompt: after }),
        temperature: 0,
        maxTokens: params.maxTokens
      },
      'write the final program'
    );
    await finish(
      problem,
      extractCode(final.text),
      params,
      ctx,
      'the final reply had no ```python code block',
      answered
        ? `Asked ${plural(questions.length, 'question')} about ${matrix.groups.length} behaviours.`
        : 'The questions were not answered, so the requirement stayed as it was.'
    );
  }
};
