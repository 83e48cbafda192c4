/**
 * For tests: `npm run solve` on the fixture's task Solve/0 with one technique through an
 * endpoint, as the shell runs it; it must write nothing to stderr and exit 0. Returns the
 * task's results.jsonl line and its run log, for the technique's own assertions.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { RunSchema, type Run } from '../../lib/core/run/run';
import { runSolve } from './main';
import type { ResultLine } from './results';

export const PROBLEMS = fileURLToPath(new URL('../fixtures/solve-problems.jsonl', import.meta.url));

export async function solveOne(
  technique: string,
  origin: string,
  out: string
): Promise<{ line: ResultLine; run: Run }> {
  const stderr: string[] = [];
  const code = await runSolve(
    [
      ...['--technique', technique, '--task', 'Solve/0', '--model', 'lab-coder'],
      ...['--problems', PROBLEMS, '--endpoint', origin, '--out', out]
    ],
    {
      stdout: { isTTY: false, write: () => {} },
      stderr: { write: (text) => void stderr.push(text) },
      env: {}
    }
  );
  expect(stderr.join('')).toBe('');
  expect(code).toBe(0);
  const [line] = (await readFile(join(out, 'results.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as ResultLine);
  const run = RunSchema.parse(JSON.parse(await readFile(join(out, 'solve-0.json'), 'utf8')));
  return { line, run };
}
