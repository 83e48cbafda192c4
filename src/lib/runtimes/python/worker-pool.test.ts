/**
 * `WorkerPool` with scripted workers (as in `client.test.ts`): which worker gets which request,
 * the queue, crashes, time limits, load failures and status. Runs are answered when the test
 * says so (`release`), so nothing depends on timing except the one time-limit test, whose
 * assertions do not depend on how long anything took.
 */
import { describe, expect, it } from 'vitest';
import { ExecResultSchema, type ExecRequest, type ExecResult } from '../../core/run/effects';
import type { SandboxStatus, WorkerHandlers, WorkerPort } from './client';
import type { HostMessage } from './serve.js';
import { WorkerPool, defaultPoolSize } from './worker-pool';
import { WorkerSandbox } from '../../testing/python-worker-sandbox';

const request = (code: string, timeoutMs = 5_000): ExecRequest => ({
  language: 'python',
  code,
  entryPoint: 'f',
  tests: [{ input: '1', expected: '1' }],
  timeoutMs,
  suite: 'visible'
});

/** What a healthy worker answers: every test passes, stdout echoes the code. */
function passing(run: ExecRequest): ExecResult {
  return {
    status: 'ok',
    tests: run.tests.map((test) => ({
      ...('check' in test ? { input: 'check', expected: 'ok' } : { expected: '', ...test }),
      status: 'pass',
      actual: null,
      error: null
    })),
    error: null,
    stdout: run.code,
    stderr: '',
    durationMs: 1
  };
}

interface FakeRun {
  worker: number;
  code: string;
  /** answers the run (default: passing) */
  release(result?: ExecResult): void;
  /** the worker dies mid-run */
  crash(message: string): void;
  /** the worker keeps running and ignores the interrupt */
  hang(): void;
}

type Init = Extract<HostMessage, { type: 'init' }>;

/**
 * A pool whose workers load when `load` says and hold each run until the test releases it.
 * `load(worker)` decides per spawned worker: 'ready' (default), 'later' (ready when the test
 * calls `finishLoading(worker)`) or a failure message. With `snapshot`, a worker asked to make
 * a memory snapshot answers `ready` with those bytes.
 */
function fakePool(
  size: number,
  load: (worker: number) => 'ready' | 'later' | string = () => 'ready',
  snapshot?: Uint8Array
) {
  const statuses: SandboxStatus[] = [];
  const inits: Init[] = [];
  const pending = new Map<number, () => void>();
  const runs: FakeRun[] = [];
  const waiting: Array<() => void> = [];
  let spawned = 0;
  let terminated = 0;
  let inFlight = 0;
  let maxInFlight = 0;

  const spawn = (handlers: WorkerHandlers): WorkerPort => {
    const worker = ++spawned;
    let dead = false;
    const script = (message: HostMessage) => {
      if (dead) return;
      if (message.type === 'init') {
        inits[worker - 1] = message;
        const outcome = load(worker);
        const ready = () =>
          handlers.onMessage(
            message.makeSnapshot && snapshot ? { type: 'ready', snapshot } : { type: 'ready' }
          );
        if (outcome === 'later') pending.set(worker, ready);
        else if (outcome === 'ready') ready();
        else handlers.onMessage({ type: 'failed', message: outcome });
        return;
      }
      if (message.type !== 'run') return;
      const { id, request: run } = message;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      handlers.onMessage({ type: 'event', id, event: { type: 'started' } });
      handlers.onMessage({ type: 'event', id, event: { type: 'loaded', stdout: '', stderr: '' } });
      const finish = (then: () => void) => {
        inFlight--;
        if (!dead) then();
      };
      runs.push({
        worker,
        code: run.code,
        release: (result = passing(run)) =>
          finish(() => handlers.onMessage({ type: 'done', id, result, restart: false })),
        crash: (text) => finish(() => handlers.onError(new Error(text))),
        hang: () => {}
      });
      for (const wake of waiting.splice(0)) wake();
    };
    return {
      postMessage: (message) => queueMicrotask(() => script(message)),
      terminate: () => {
        if (!dead) terminated++;
        dead = true;
      }
    };
  };

  const pool = new WorkerPool({
    size,
    spawn,
    graceMs: 10,
    onStatus: (status) => statuses.push(status)
  });
  /** Resolves once `count` runs have reached workers. */
  const arrived = async (count: number) => {
    while (runs.length < count) await new Promise<void>((wake) => waiting.push(wake));
    return runs;
  };
  return {
    pool,
    statuses,
    runs,
    arrived,
    /** the `init` message each worker got, by worker number − 1 */
    inits,
    finishLoading: (worker: number) => pending.get(worker)?.(),
    spawned: () => spawned,
    terminated: () => terminated,
    maxInFlight: () => maxInFlight
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('WorkerPool', () => {
  it('sizes itself from the cores, between 1 and 4', () => {
    expect(defaultPoolSize()).toBeGreaterThanOrEqual(1);
    expect(defaultPoolSize()).toBeLessThanOrEqual(4);
    expect(
      new WorkerPool({ size: 0, spawn: () => ({ postMessage() {}, terminate() {} }) }).size
    ).toBe(1);
  });

  it('starts no worker until needed, and warm() starts only the first', async () => {
    const fake = fakePool(3);
    expect(fake.spawned()).toBe(0);
    await fake.pool.warm();
    expect(fake.spawned()).toBe(1);
    const pending = fake.pool.execute(request('a'));
    (await fake.arrived(1))[0].release();
    expect((await pending).stdout).toBe('a');
    expect(fake.spawned()).toBe(1);
    fake.pool.dispose();
  });

  it('runs requests in parallel on separate workers', async () => {
    const fake = fakePool(2);
    const results = [fake.pool.execute(request('a')), fake.pool.execute(request('b'))];
    const runs = await fake.arrived(2);
    // Both are running before either is answered.
    expect(fake.maxInFlight()).toBe(2);
    expect(new Set(runs.map((run) => run.worker))).toEqual(new Set([1, 2]));
    runs[1].release();
    runs[0].release();
    expect((await Promise.all(results)).map((result) => result.stdout)).toEqual(['a', 'b']);
    fake.pool.dispose();
  });

  it('queues requests beyond its size and serves them first come, first served', async () => {
    const fake = fakePool(2);
    const codes = ['a', 'b', 'c', 'd', 'e'];
    const results = codes.map((code) => fake.pool.execute(request(code)));
    for (let done = 0; done < codes.length; done++) {
      const runs = await fake.arrived(done + 1);
      runs[done].release();
      await settle();
    }
    const answered = await Promise.all(results);
    expect(answered.map((result) => result.stdout)).toEqual(codes);
    expect(fake.runs.map((run) => run.code)).toEqual(codes);
    expect(fake.spawned()).toBe(2);
    expect(fake.maxInFlight()).toBeLessThanOrEqual(2);
    fake.pool.dispose();
  });

  it("keeps a crash to its own request: the others' results are unaffected", async () => {
    const fake = fakePool(3);
    const results = ['a', 'b', 'c'].map((code) => fake.pool.execute(request(code)));
    const runs = await fake.arrived(3);
    const byCode = (code: string) => runs.find((run) => run.code === code) as FakeRun;
    byCode('b').crash('out of memory');
    byCode('a').release();
    byCode('c').release();
    const [a, b, c] = (await Promise.all(results)).map((result) => ExecResultSchema.parse(result));
    expect([a.status, a.stdout, c.status, c.stdout]).toEqual(['ok', 'a', 'ok', 'c']);
    expect(b.status).toBe('error');
    expect(b.error?.type).toBe('SandboxError');
    expect(b.error?.message).toContain('out of memory');
    // The crashed worker is replaced in the background; the pool keeps working.
    await settle();
    expect(fake.spawned()).toBe(4);
    const next = fake.pool.execute(request('d'));
    (await fake.arrived(4))[3].release();
    expect((await next).stdout).toBe('d');
    fake.pool.dispose();
  });

  it('gives each request its own time limit and respawns only the stuck worker', async () => {
    const fake = fakePool(2);
    const stuck = fake.pool.execute(request('stuck', 50));
    const fine = fake.pool.execute(request('fine'));
    const runs = await fake.arrived(2);
    runs.find((run) => run.code === 'stuck')?.hang();
    const timedOut = await stuck;
    expect(timedOut.status).toBe('timeout');
    expect(timedOut.tests[0].status).toBe('timeout');
    expect(fake.terminated()).toBe(1);
    runs.find((run) => run.code === 'fine')?.release();
    expect((await fine).status).toBe('ok');
    await settle();
    expect(fake.spawned()).toBe(3);
    fake.pool.dispose();
  });

  it('rejects waiting requests when Python cannot be loaded, and tries again later', async () => {
    let failing = true;
    const fake = fakePool(2, () => (failing ? 'network down.' : 'ready'));
    const first = fake.pool.execute(request('a'));
    const second = fake.pool.execute(request('b'));
    await expect(first).rejects.toThrow('Python could not be started: network down.');
    await expect(second).rejects.toThrow(/could not be started/);
    expect(fake.statuses.at(-1)).toMatchObject({ state: 'failed' });
    failing = false;
    const retry = fake.pool.execute(request('c'));
    (await fake.arrived(1))[0].release();
    expect((await retry).stdout).toBe('c');
    fake.pool.dispose();
  });

  it('serves the queue from the workers left when one fails to load', async () => {
    const fake = fakePool(2, (worker) => (worker === 2 ? 'no memory' : 'ready'));
    const results = ['a', 'b'].map((code) => fake.pool.execute(request(code)));
    (await fake.arrived(1))[0].release();
    await settle();
    (await fake.arrived(2))[1].release();
    expect((await Promise.all(results)).map((result) => result.stdout)).toEqual(['a', 'b']);
    expect(new Set(fake.runs.map((run) => run.worker))).toEqual(new Set([1]));
    fake.pool.dispose();
  });

  it('reports one status for all its workers', async () => {
    const fake = fakePool(2);
    const results = ['a', 'b'].map((code) => fake.pool.execute(request(code)));
    const runs = await fake.arrived(2);
    const messages = fake.statuses.map((status) => status.message);
    // The first worker speaks for itself; from the second on, the pool counts. The second
    // starts once the first is ready (it would start from the first one's snapshot).
    expect(messages).toEqual([
      'Loading Python (the first time takes a few seconds)…',
      'Python is ready.',
      'Running 1 program (1 of 2 workers ready)…',
      'Running 2 programs (2 of 2 workers ready)…'
    ]);
    expect(fake.statuses.at(-1)).toEqual({
      state: 'running',
      message: 'Running 2 programs (2 of 2 workers ready)…'
    });
    for (const run of runs) run.release();
    await Promise.all(results);
    expect(fake.statuses.at(-1)).toEqual({
      state: 'ready',
      message: 'Python is ready (2 workers).'
    });
    fake.pool.dispose();
    expect(fake.statuses.at(-1)).toMatchObject({ state: 'idle' });
  });

  it("starts later workers from the first one's snapshot, and no second cold load", async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const fake = fakePool(3, (worker) => (worker === 1 ? 'later' : 'ready'), bytes);
    const results = ['a', 'b', 'c'].map((code) => fake.pool.execute(request(code)));
    await settle();
    // Three requests wait, but while the first worker loads cold no other one starts.
    expect(fake.spawned()).toBe(1);
    expect(fake.inits[0]).toMatchObject({ makeSnapshot: true, snapshot: null });
    fake.finishLoading(1);
    const runs = await fake.arrived(3);
    expect(fake.spawned()).toBe(3);
    for (const init of fake.inits.slice(1)) {
      expect(init).toMatchObject({ makeSnapshot: false, snapshot: bytes });
    }
    // A worker replaced after a crash starts from the snapshot too.
    runs[0].crash('gone');
    runs[1].release();
    runs[2].release();
    await Promise.all(results);
    await settle();
    expect(fake.spawned()).toBe(4);
    expect(fake.inits[3]).toMatchObject({ makeSnapshot: false, snapshot: bytes });
    fake.pool.dispose();
  });

  it('asks the next worker for the snapshot when the first fails to load', async () => {
    const bytes = new Uint8Array([7]);
    const fake = fakePool(2, (worker) => (worker === 1 ? 'no memory' : 'ready'), bytes);
    const results = ['a', 'b'].map((code) => fake.pool.execute(request(code)));
    await Promise.allSettled(results);
    const again = fake.pool.execute(request('c'));
    (await fake.arrived(1))[0].release();
    await again;
    expect(fake.inits[1]).toMatchObject({ makeSnapshot: true, snapshot: null });
    fake.pool.dispose();
  });

  it('drops an aborted request from the queue without touching the workers', async () => {
    const fake = fakePool(1);
    const first = fake.pool.execute(request('a'));
    const controller = new AbortController();
    const second = fake.pool.execute(request('b'), { signal: controller.signal });
    await fake.arrived(1);
    controller.abort();
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    fake.runs[0].release();
    expect((await first).stdout).toBe('a');
    expect(fake.runs.map((run) => run.code)).toEqual(['a']);
    expect(fake.terminated()).toBe(0);
    fake.pool.dispose();
  });

  it('rejects running and waiting requests when disposed, and every later one', async () => {
    const fake = fakePool(1);
    const running = fake.pool.execute(request('a'));
    const waiting = fake.pool.execute(request('b'));
    await fake.arrived(1);
    fake.pool.dispose();
    await expect(running).rejects.toThrow(/shut down/);
    await expect(waiting).rejects.toThrow(/shut down/);
    await expect(fake.pool.execute(request('c'))).rejects.toThrow(/shut down/);
  });
});

describe('WorkerSandbox', () => {
  it('is a pool of one worker that forwards its status as is', async () => {
    const statuses: SandboxStatus[] = [];
    const sandbox = new WorkerSandbox({ onStatus: (status) => statuses.push(status) });
    expect(sandbox.size).toBe(1);
    expect(sandbox.language).toBe('python');
    sandbox.dispose();
    await expect(sandbox.execute(request('a'))).rejects.toThrow(/shut down/);
  });
});
