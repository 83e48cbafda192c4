/**
 * Issue 21 through `npm run solve`: each hostile endpoint (src/lib/testing/hostile-endpoint.ts,
 * a real local HTTP server) must end its task with a sentence in results.jsonl, and the run
 * must go on to the end: no hang (the silent server and the stalled stream are bounded by
 * --call-timeout), no unbounded read, no misleading reason. Programs run in a stub sandbox
 * that passes exactly the reference solution: no Python is needed to see how calls end.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecRequest, ExecResult, Sandbox } from '../../lib/core/run/effects';
import { RunSchema } from '../../lib/core/run/run';
import { startHostileEndpoint, type HostileEndpoint } from '../../lib/testing/hostile-endpoint';
import { runSolve, type SolveIO } from './main';
import type { ResultLine } from './results';

const PROBLEMS = fileURLToPath(new URL('../fixtures/solve-problems.jsonl', import.meta.url));

/** Passes the tests of the reference solution, fails every other program's. */
function stubSandbox(): Sandbox {
  let reference: string | null = null;
  return {
    language: 'python',
    async execute(request: ExecRequest): Promise<ExecResult> {
      reference ??= request.code; // the first program run is the reference check
      const pass = request.code === reference;
      return {
        status: 'ok',
        tests: request.tests.map((t) => ({
          input: 'input' in t ? t.input : '',
          expected: 'expected' in t ? t.expected : '',
          status: pass ? 'pass' : 'fail',
          actual: null,
          error: null
        })),
        error: null,
        stdout: '',
        stderr: '',
        durationMs: 1
      };
    }
  };
}

let server: HostileEndpoint;
let dir: string;
beforeAll(async () => {
  server = await startHostileEndpoint();
  dir = await mkdtemp(join(tmpdir(), 'acl-solve-hostile-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs `direct` on Solve/0 against the behaviour named `model`; returns its result line. */
async function solveWith(model: string, ...extra: string[]) {
  const out = join(dir, model);
  const stderr: string[] = [];
  const io: SolveIO = {
    stdout: { isTTY: false, write: () => {} },
    stderr: { write: (text) => void stderr.push(text) },
    env: {},
    sandbox: stubSandbox(),
    retry: { policy: { retries: 1, baseMs: 1, maxMs: 4 } }
  };
  const argv = [
    ...['--technique', 'direct', '--problems', PROBLEMS, '--task', 'Solve/0'],
    ...['--endpoint', server.origin, '--model', model, '--out', out, ...extra]
  ];
  const code = await runSolve(argv, io);
  expect(stderr.join('')).toBe('');
  expect(code).toBe(0);
  const text = await readFile(join(out, 'results.jsonl'), 'utf8');
  const [line] = text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as ResultLine);
  return { line, out };
}

describe('npm run solve against hostile endpoints', () => {
  it('a server that never answers: --call-timeout ends each attempt, the task says why', async () => {
    const { line } = await solveWith('silent', '--call-timeout', '0.3');
    expect(line).toMatchObject({
      task_id: 'Solve/0',
      passed: false,
      stop_reason: 'endpoint-error'
    });
    expect(line.detail).toContain('failed 2 times in a row');
    // In solve the first-byte limit is the call's (its replies are not streamed): the
    // per-call limit is the one that speaks.
    expect(line.detail).toContain(
      'The model call took longer than 0.3 seconds, the limit per call, so it was stopped.'
    );
  });

  it('a stream that stalls after its first piece: --call-timeout ends it too', async () => {
    const { line } = await solveWith('stall', '--call-timeout', '0.3');
    expect(line).toMatchObject({ stop_reason: 'endpoint-error' });
    expect(line.detail).toContain('The model call took longer than 0.3 seconds');
  });

  it('an endless stream: read up to the token cap, kept and marked cut off', async () => {
    const { line, out } = await solveWith('endless');
    // The reply ("tok tok …") was used, as a length-cut reply is: the program it gave failed.
    expect(line).toMatchObject({ passed: false, stop_reason: 'finished', model_calls: 1 });
    const run = RunSchema.parse(JSON.parse(await readFile(join(out, 'solve-0.json'), 'utf8')));
    const call = run.events.find((e) => e.kind === 'model');
    expect(call?.kind === 'model' && call.result.finishReason).toBe('length');
    const maxTokens = server.requests.find((r) => r.model === 'endless')?.maxTokens as number;
    expect(call?.kind === 'model' && call.result.text.length).toBeLessThanOrEqual(maxTokens * 16);
  });

  it('a 50 MB line: stopped at 1 MB with a sentence, not retried', async () => {
    const before = server.sent.get('huge-line') ?? 0;
    const { line } = await solveWith('huge-line');
    expect(line).toMatchObject({ stop_reason: 'endpoint-error', retries: 0 });
    expect(line.detail).toContain('The reply was larger than 1 MB in a single line;');
    expect((server.sent.get('huge-line') ?? 0) - before).toBeLessThan(16 * 1024 * 1024);
  });

  it('a web page: says so, not retried', async () => {
    const { line } = await solveWith('html');
    expect(line).toMatchObject({ stop_reason: 'endpoint-error', retries: 0 });
    expect(line.detail).toContain('answered with a web page (“Welcome to nginx!”), not the API.');
  });

  it('429 with Retry-After, in seconds and as a date: the wait it asked for is reported', async () => {
    const seconds = await solveWith('retry-after-seconds');
    expect(seconds.line).toMatchObject({ stop_reason: 'endpoint-error', retries: 1 });
    expect(seconds.line.detail).toContain('answered 429');
    expect(seconds.line.detail).toContain('(retry after 30 seconds)');
    const date = await solveWith('retry-after-date');
    expect(date.line.detail).toContain('(retry after about 5 minutes)');
  });
});
