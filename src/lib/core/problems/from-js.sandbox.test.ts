/**
 * Parsed JavaScript lines run in the real Node JavaScript sandbox: the reference solution
 * passes the examples and the hidden check, and a wrong program fails the check, whether the
 * test is HumanEval-X's (console.assert) or MultiPL-E's (require('node:assert')).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeJsSandbox, type NodeJsSandbox } from '$lib/runtimes/javascript/node/sandbox';
import { problemFromJsLine } from './from-js';
import { humanEvalX, multiPlE } from './from-js.fixtures';
import type { Problem } from './problem';

let sandbox: NodeJsSandbox;
beforeAll(async () => {
  sandbox = await createNodeJsSandbox();
});
afterAll(() => sandbox?.dispose());

function parsed(line: object): Problem {
  const result = problemFromJsLine(JSON.stringify(line));
  if ('error' in result) throw new Error(result.error);
  return result.problem;
}

async function statuses(problem: Problem, code: string, suite: 'visible' | 'hidden') {
  const result = await sandbox.execute({
    language: problem.language,
    code,
    entryPoint: problem.entryPoint,
    tests: suite === 'visible' ? problem.visibleTests : problem.hiddenTests,
    timeoutMs: 5_000,
    suite
  });
  expect(result.status).toBe('ok');
  return result.tests.map((t) => t.status);
}

describe('parsed JavaScript lines in the sandbox', () => {
  it('HumanEval-X: the reference passes; an off-by-one fails its console.assert check', async () => {
    const problem = parsed(humanEvalX);
    expect(await statuses(problem, problem.reference ?? '', 'visible')).toEqual(['pass', 'pass']);
    expect(await statuses(problem, problem.reference ?? '', 'hidden')).toEqual(['pass']);
    const wrong = problem.reference?.replace('i < s.length', 'i < s.length - 1') ?? '';
    expect(wrong).not.toBe(problem.reference);
    expect(await statuses(problem, wrong, 'hidden')).toEqual(['fail']);
  });

  it('MultiPL-E: a correct program passes examples and asserts; a wrong one fails', async () => {
    const problem = parsed(multiPlE);
    const right =
      'function split_words(text){\n  return text.split(" ").filter(Boolean).reverse();\n}\n';
    expect(await statuses(problem, right, 'visible')).toEqual(['pass', 'pass']);
    expect(await statuses(problem, right, 'hidden')).toEqual(['pass']);
    const wrong = 'function split_words(text){\n  return text.split(" ");\n}\n';
    expect(await statuses(problem, wrong, 'hidden')).toEqual(['fail']);
  });
});
