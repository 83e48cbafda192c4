/**
 * Sampling, the baseline's other half: n independent programs at temperature T, each graded
 * on the hidden tests, and the unbiased pass@k curve for k = 1..n (Chen et al. 2021). The
 * final answer is chosen without looking at the hidden tests: the first sample that passes the
 * visible examples (else the first sample with a program), as a user with only the examples
 * would choose.
 */
import { z } from 'zod';
import type { Technique } from '../run/technique';
import { commonParams } from './kit/params';
import { gradeProgram, type Grade } from './kit/grading';
import { seededCall } from './kit/model-call';
import type { Problem } from '../problems/problem';
import type { RunContext } from '../run/context';
import { passAtK } from '../metrics/pass-at-k';
import { extractCode } from '../prompts/extract';
import { languageOf } from '../problems/languages';
import { firstRequest } from '../prompts/opening-request';

export const samplingParams = z
  .object({
    n: z.number().int().min(1).max(20).default(5).describe('how many programs to sample'),
    temperature: z
      .number()
      .min(0)
      .max(2)
      .default(0.8)
      .describe('sampling temperature: higher gives more varied programs'),
    ...commonParams
  })
  .strict();
type SamplingParams = z.infer<typeof samplingParams>;

/** One graded sample. */
export interface Sample {
  index: number;
  seed: number;
  code: string | null;
  grade: Grade | null;
  passed: boolean;
}

/** pass@k for k = 1..n when c of n samples pass (the curve a view draws). */
export function passAtKCurve(n: number, c: number): { k: number; value: number }[] {
  return Array.from({ length: n }, (_, i) => ({ k: i + 1, value: passAtK(n, c, i + 1) }));
}

const pct = (value: number) => `${Math.round(value * 100)}%`;

async function drawSample(
  problem: Problem,
  params: SamplingParams,
  ctx: RunContext,
  index: number
): Promise<Sample> {
  const { seed, reply } = await seededCall(
    ctx,
    firstRequest(problem),
    { temperature: params.temperature, maxTokens: params.maxTokens },
    `sample ${index} of ${params.n}`
  );
  const code = extractCode(reply.text, problem.language);
  const grade =
    code === null
      ? null
      : await gradeProgram(problem, code, params.timeoutMs, ctx, `sample ${index}`);
  const passed = grade !== null && grade.hiddenPassed === grade.hiddenTotal;
  ctx.emit({
    type: 'sample',
    index,
    seed,
    code,
    visiblePassed: grade?.visiblePassed ?? false,
    hiddenPassed: grade?.hiddenPassed ?? 0,
    hiddenTotal: problem.hiddenTests.length,
    passed
  });
  return { index, seed, code, grade, passed };
}

export const sampling: Technique<SamplingParams> = {
  id: 'sampling',
  title: 'Sampling n programs (pass@k)',
  citation: {
    authors: 'Mark Chen, Jerry Tworek, Heewoo Jun, Qiming Yuan, et al.',
    title: 'Evaluating Large Language Models Trained on Code',
    venue: 'arXiv',
    year: 2021,
    url: 'https://arxiv.org/abs/2107.03374'
  },
  params: samplingParams,

  async run(problem, params, ctx) {
    const samples: Sample[] = [];
    // One at a time, so stepping shows each sample's call, program and grading in order.
    for (let i = 1; i <= params.n; i++) samples.push(await drawSample(problem, params, ctx, i));

    const c = samples.filter((s) => s.passed).length;
    const curve = passAtKCurve(params.n, c);
    ctx.emit({ type: 'pass-at-k', n: params.n, c, curve });

    const withCode = samples.filter((s) => s.code !== null);
    const chosen = withCode.find((s) => s.grade?.visiblePassed) ?? withCode[0] ?? null;
    const total = problem.hiddenTests.length;
    const rates =
      `${c} of ${params.n} samples pass every hidden test: pass@1 = ${pct(curve[0].value)}, ` +
      `pass@${params.n} = ${pct(curve[params.n - 1].value)}.`;
    const choice =
      chosen === null
        ? ` No sample had a \`\`\`${languageOf(problem.language).fence} code block.`
        : ` Chosen without the hidden tests: sample ${chosen.index}, ` +
          (chosen.grade?.visiblePassed
            ? 'the first to pass the examples'
            : 'the first with a program (none passed the examples)') +
          `; it passes ${chosen.grade?.hiddenPassed ?? 0}/${total} hidden tests.`;
    ctx.emit({
      type: 'outcome',
      status: chosen?.passed ? 'solved' : 'unsolved',
      code: chosen?.code ?? null,
      visiblePassed: chosen?.grade?.visiblePassed ?? false,
      hiddenPassed: chosen?.grade?.hiddenPassed ?? 0,
      hiddenTotal: total,
      message: rates + choice
    });
  }
};
