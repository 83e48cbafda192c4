/**
 * End to end: `npm run grade` over the fixtures (src/cli/fixtures, our own problems in
 * HumanEval's shape) with the real Pyodide sandbox. The expected verdicts follow from how each
 * sample was written: its `note` says what it is (correct, wrong, error, syntax error, infinite
 * loop). Messages are compared where the fixtures wrote them; elsewhere the exception type, since
 * Python's own wording changes between versions.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPECTED, P, T, E, comparable } from './fixtures-expected';
import { runGrade } from './main';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

interface Row {
  task_id: string;
  completion: string;
  note: string;
  result: string;
  passed: boolean;
}

let dir: string;
let exitCode: number;
let stdout = '';
let rows: Row[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'acl-grade-fixtures-'));
  // The problems go in gzip-compressed, as HumanEval.jsonl.gz does; the results land next to a
  // copy of the samples, not in the source tree.
  const problems = join(dir, 'lab-problems.jsonl.gz');
  await writeFile(problems, gzipSync(await readFile(join(FIXTURES, 'lab-problems.jsonl'))));
  const samples = join(dir, 'lab-samples.jsonl');
  await copyFile(join(FIXTURES, 'lab-samples.jsonl'), samples);
  const out: string[] = [];
  exitCode = await runGrade([problems, samples, '--timeout', '2', '--jobs', '2'], {
    stdout: { isTTY: false, write: (text) => void out.push(text) },
    stderr: { write: (text) => void out.push(text) }
  });
  stdout = out.join('');
  const text = await readFile(`${samples}_results.jsonl`, 'utf8');
  rows = text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Row);
}, 180_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('npm run grade on the fixtures, with the real sandbox', () => {
  it('grades all 80 samples and keeps their fields', async () => {
    expect(exitCode, stdout).toBe(0);
    const samples = (await readFile(join(FIXTURES, 'lab-samples.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Omit<Row, 'result' | 'passed'>);
    expect(rows).toHaveLength(80);
    rows.forEach((row, i) => {
      expect(row).toMatchObject(samples[i]);
      expect(Object.keys(row)).toEqual(['task_id', 'completion', 'note', 'result', 'passed']);
    });
  });

  it('gives each sample the verdict its note calls for', () => {
    for (const [taskId, expected] of Object.entries(EXPECTED)) {
      const mine = rows.filter((row) => row.task_id === taskId);
      expect(mine.map((row, i) => comparable(row.result, expected[i]))).toEqual(expected);
      for (const [i, row] of mine.entries()) {
        expect(row.passed, `${taskId} #${i}`).toBe(expected[i] === P);
        // The fixture's own description agrees with the table above.
        expect(row.note.startsWith('correct'), `${taskId} #${i}: ${row.note}`).toBe(row.passed);
        if (expected[i] === T) expect(row.note).toMatch(/^infinite loop/);
        if (expected[i] === E('SyntaxError') || expected[i] === E('IndentationError')) {
          expect(row.note).toMatch(/^syntax error/);
        }
      }
    }
  });

  it('prints pass@1 = 26/80 and pass@10 = 7/8, and skips pass@100', () => {
    // Correct samples per problem: 6, 3, 4, 3, 2, 7, 0, 1 of 10. pass@1 is the mean of c/n;
    // pass@10 with n = 10 is 1 for every problem with a correct sample.
    expect(stdout).toContain('26 of 80 samples passed, 54 failed (3 timed out)');
    expect(stdout).toContain('pass@1: 0.3250\n');
    expect(stdout).toContain('pass@10: 0.8750\n');
    expect(stdout).toContain(
      'pass@100: skipped (needs at least 100 samples of every problem; the fewest is 10)\n'
    );
    expect(stdout).not.toContain('Skipped');
    const perProblem = Object.keys(EXPECTED).map(
      (id) => rows.filter((row) => row.task_id === id && row.passed).length / 10
    );
    expect(perProblem).toEqual([0.6, 0.3, 0.4, 0.3, 0.2, 0.7, 0, 0.1]);
  });
});
