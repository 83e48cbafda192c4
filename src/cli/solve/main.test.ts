/**
 * The solve command's refusals, before any model call or Python: each says what is wrong in
 * a sentence and exits with the documented code (2 bad usage, 1 unusable input).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSolve, type SolveIO } from './main';

const PROBLEMS = fileURLToPath(new URL('../fixtures/solve-problems.jsonl', import.meta.url));

function capture(env: Record<string, string> = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: SolveIO = {
    stdout: { isTTY: false, write: (text) => void stdout.push(text) },
    stderr: { write: (text) => void stderr.push(text) },
    env,
    sandbox: {
      language: 'python',
      execute: () => Promise.reject(new Error('no program should run in these tests'))
    }
  };
  return { io, out: () => stdout.join(''), err: () => stderr.join('') };
}

describe('runSolve refuses', () => {
  let dir: string;
  const args = (...extra: string[]) => [
    '--technique',
    'direct',
    '--problems',
    PROBLEMS,
    '--endpoint',
    'http://127.0.0.1:9/v1',
    '--model',
    'm',
    '--out',
    join(dir, 'out'),
    ...extra
  ];
  beforeAll(async () => void (dir = await mkdtemp(join(tmpdir(), 'acl-solve-main-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints the usage for --help and for bad usage', async () => {
    const help = capture();
    expect(await runSolve(['--help'], help.io)).toBe(0);
    expect(help.out()).toContain('usage: npm run solve --');
    const bad = capture();
    expect(await runSolve(['--technique', 'direct'], bad.io)).toBe(2);
    expect(bad.err()).toContain('missing --problems, --endpoint, --model, --out');
    expect(bad.err()).toContain('usage:');
  });

  it.each([
    [
      ['--api-key-env', 'LAB_NO_SUCH_KEY'],
      2,
      'The environment variable LAB_NO_SUCH_KEY is not set'
    ],
    [['--task', 'Solve/0', '--task', 'Nope/1'], 1, 'has the task id "Nope/1"']
  ])('%j with exit code %i', async (extra, code, message) => {
    const c = capture();
    expect(await runSolve(args(...extra), c.io)).toBe(code);
    expect(c.err()).toContain(message);
  });

  it('an endpoint that is not a web address', async () => {
    const c = capture();
    const argv = args();
    argv[argv.indexOf('--endpoint') + 1] = 'localhost:11434';
    expect(await runSolve(argv, c.io)).toBe(2);
    expect(c.err()).toContain('http://');
  });

  it('unreadable problems and answers files', async () => {
    const missing = capture();
    const argv = args();
    argv[argv.indexOf('--problems') + 1] = join(dir, 'none.jsonl');
    expect(await runSolve(argv, missing.io)).toBe(1);
    expect(missing.err()).toContain('there is no such file');

    const answers = join(dir, 'answers.json');
    await writeFile(answers, '{"Solve/0": 42}');
    const bad = capture();
    expect(await runSolve(args('--answers', answers), bad.io)).toBe(1);
    expect(bad.err()).toContain('the answer of "Solve/0" must be a string');
  });

  it('an output folder it cannot write to', async () => {
    const c = capture();
    const argv = args();
    const out = join(dir, 'blocked');
    argv[argv.indexOf('--out') + 1] = out;
    await mkdir(join(out, 'results.jsonl'), { recursive: true });
    expect(await runSolve(argv, c.io)).toBe(1);
    expect(c.err()).toContain(`Cannot write ${join(out, 'results.jsonl')}`);
  });
});
