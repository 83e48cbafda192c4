/**
 * The simulated user of ClarifyGPT's evaluation: an ORACLE. As in the paper, where the
 * simulated user's answers were based on the problem's reference solution and tests, it knows
 * what the person who wrote the requirement meant, which no real user hands over.
 *
 * It answers from the problem's intended behaviour on the inputs the programs disagree on
 * (the ask request's `about`): the reference solution's results when the problem has one,
 * else the results of the candidate program that passes the most hidden tests. It states
 * results on the generated inputs and never quotes a hidden test: an input that is one of the
 * hidden tests is left out. Its runs happen inside the ask effect, so only the answer is logged.
 */
import type { AskRequest, AskResult, Asker, ExecRequest, Sandbox } from '../../run/effects';
import { isCallCase, type Problem } from '../../problems/problem';
import { outputOf } from './cluster';
import { printArguments, tryParseArguments } from '../../problems/literal';

/** The words every screen shows next to the simulated user's answers. */
export const ORACLE_LABEL =
  'simulated user (oracle: it knows the reference solution and hidden tests)';

interface SimulatedUserOptions {
  problem: Problem;
  /** runs the reference (or the candidates) on the inputs; nothing is logged */
  sandbox: Sandbox;
  timeoutMs?: number;
}

/** The arguments in one spelling, so `[1,2], 3` and `[1, 2], 3` compare equal. */
function normalise(source: string): string {
  const parsed = tryParseArguments(source);
  return parsed.ok ? printArguments(parsed.args) : source.replace(/\s+/g, '');
}

/**
 * An Asker that answers ClarifyGPT's questions from the hidden tests and reference solution,
 * for the headless CLI (`--answers simulated`) and the page's "simulated user (oracle)".
 */
export function createSimulatedUser(options: SimulatedUserOptions): Asker {
  const { problem, sandbox } = options;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const hiddenInputs = new Set(
    problem.hiddenTests.filter(isCallCase).map((t) => normalise(t.input))
  );

  const run = (
    code: string,
    tests: ExecRequest['tests'],
    suite: ExecRequest['suite'],
    signal?: AbortSignal
  ) =>
    sandbox.execute(
      { language: 'python', code, entryPoint: problem.entryPoint, tests, timeoutMs, suite },
      { signal }
    );

  /** The intended program: the reference, or the candidate that passes most hidden tests. */
  async function intended(
    programs: readonly string[],
    signal?: AbortSignal
  ): Promise<string | null> {
    if (problem.reference) return problem.reference;
    let best: { code: string; passed: number } | null = null;
    for (const code of programs) {
      const result = await run(code, problem.hiddenTests, 'hidden', signal);
      const passed = result.tests.filter((t) => t.status === 'pass').length;
      if (passed > 0 && (!best || passed > best.passed)) best = { code, passed };
    }
    return best?.code ?? null;
  }

  return {
    async ask(request: AskRequest, opts?: { signal?: AbortSignal }): Promise<AskResult> {
      const by = 'simulated-user' as const;
      const about = request.about;
      const none = (text: string): AskResult => ({
        answers: request.questions.map((_, i) => (i === 0 ? text : '')),
        by
      });
      if (!about || about.inputs.length === 0)
        return none('I have nothing to add to the requirement.');
      const inputs = about.inputs.filter((i) => !hiddenInputs.has(normalise(i)));
      const left = about.inputs.length - inputs.length;
      const code = await intended(about.programs, opts?.signal);
      if (code === null || inputs.length === 0)
        return none('I cannot tell from what I know which behaviour is meant.');
      const probes = inputs.map((input) => ({ input }));
      const result = await run(code, probes, 'probe', opts?.signal);
      const statements = new Map<string, string>();
      inputs.forEach((input, i) => {
        const test = result.tests[i];
        if (!test || test.status === 'timeout' || test.status === 'not-run') return;
        const out = outputOf(test);
        const call = `${problem.entryPoint}(${input})`;
        statements.set(
          input,
          out.crashed
            ? `${call} should raise ${test.error?.type ?? 'an error'}.`
            : `${call} should return ${out.shown}.`
        );
      });
      if (statements.size === 0)
        return none('I cannot tell from what I know which behaviour is meant.');
      // Each question gets the results for the inputs it mentions; the first question that
      // mentions none gets the rest, so every result is said once.
      const said = new Set<string>();
      const answers = request.questions.map((q) => {
        const mine = [...statements.keys()].filter(
          (input) => q.includes(input) && !said.has(input)
        );
        mine.forEach((input) => said.add(input));
        return mine.map((input) => statements.get(input)).join(' ');
      });
      const rest = [...statements.keys()].filter((input) => !said.has(input));
      if (rest.length > 0) {
        const i = Math.max(
          0,
          answers.findIndex((a) => a === '')
        );
        answers[i] = [answers[i], ...rest.map((input) => statements.get(input))]
          .filter(Boolean)
          .join(' ');
      }
      if (left > 0) {
        const note = `(${left} input${left === 1 ? ' is' : 's are'} one of the hidden tests and ${left === 1 ? 'is' : 'are'} not answered.)`;
        const i = answers.findIndex((a) => a !== '');
        answers[i] = `${answers[i]} ${note}`;
      }
      return { answers, by };
    }
  };
}
