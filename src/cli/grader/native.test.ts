/**
 * The bench's reference path: native CPython grading the fixtures the way openai/human-eval does
 * (one process per sample, the whole program in one namespace). It must give the verdict table
 * that `fixtures.test.ts` holds our Pyodide grader to, so the two graders agree sample by sample.
 * Skipped where there is no `python3`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseHumanEvalProblems, parseHumanEvalSamples } from '../../lib/core/problems/humaneval';
import { EXPECTED, comparable } from './fixtures-expected';
import { findPython, gradeNatively } from './native';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const python = await findPython().catch(() => null);

describe.skipIf(python === null)('the native human-eval reference on the fixtures', () => {
  it('gives every sample the verdict of the shared table', async () => {
    const read = (name: string) => readFile(join(FIXTURES, name), 'utf8');
    const problems = parseHumanEvalProblems(await read('lab-problems.jsonl')).items;
    const samples = parseHumanEvalSamples(await read('lab-samples.jsonl')).items;
    const verdicts = await gradeNatively(
      new Map(problems.map((problem) => [problem.task_id, problem])),
      samples,
      { python: python ?? 'python3', jobs: 2, timeoutMs: 2_000 }
    );
    for (const [taskId, expected] of Object.entries(EXPECTED)) {
      const mine = samples.flatMap((sample, i) => (sample.task_id === taskId ? [verdicts[i]] : []));
      expect(
        mine.map((verdict, i) => comparable(verdict.result, expected[i])),
        taskId
      ).toEqual(expected);
    }
  }, 120_000);
});
