/**
 * Pages' views over one tab's runtimes: Python is made once and outlives the page that made
 * it; a page hears the status of what it uses, and says when one of its steps waits for
 * Python. The pool here is a fake whose loading the test finishes by hand.
 */
import { describe, expect, it } from 'vitest';
import type { ExecRequest, ExecResult } from '$lib/core/run/effects';
import type { Run } from '$lib/core/run/run';
import type { SandboxStatus } from './python/client';
import { browserRuntimes } from './browser';
import { TabRuntimes, type PythonPool, type RuntimeStatus } from './tab';

const request: ExecRequest = {
  language: 'python',
  code: 'def f():\n    return 1\n',
  entryPoint: 'f',
  tests: [],
  timeoutMs: 1000,
  suite: 'visible'
};

const run = {
  technique: 'direct',
  params: {},
  seed: 1,
  events: [],
  problem: { id: 'p', language: 'python', visibleTests: [], hiddenTests: [] },
  model: { kind: 'scripted', id: 'm', label: 'm', responses: [] }
} as unknown as Run;

/** A pool that loads when the test says so. */
class FakePool implements PythonPool {
  readonly language = 'python';
  started = { cold: 0, fromSnapshot: 0 };
  workersReady = 0;
  disposed = false;
  executed = 0;
  readonly #onStatus: (status: SandboxStatus) => void;
  #loaded: Promise<void> | null = null;
  #finish = () => {};

  constructor(onStatus: (status: SandboxStatus) => void) {
    this.#onStatus = onStatus;
  }

  warm(): Promise<void> {
    if (!this.#loaded) {
      this.started.cold++;
      this.#loaded = new Promise((resolve) => (this.#finish = resolve));
      this.#onStatus({
        state: 'loading',
        message: 'Downloading Python: 1.0 of 13.5 MB…',
        download: { loaded: 1e6, total: 13.5e6, secondsLeft: null }
      });
    }
    return this.#loaded;
  }

  finishLoading(): void {
    this.workersReady = 1;
    this.#onStatus({ state: 'ready', message: 'Python is ready.' });
    this.#finish();
  }

  async execute(): Promise<ExecResult> {
    await this.warm();
    this.executed++;
    return { status: 'ok', tests: [], error: null, stdout: '', stderr: '', durationMs: 1 };
  }

  dispose(): void {
    this.disposed = true;
  }
}

function fakeTab() {
  const pools: FakePool[] = [];
  const tab = new TabRuntimes({
    createPython: async (onStatus) => {
      const pool = new FakePool(onStatus);
      pools.push(pool);
      return pool;
    }
  });
  return { tab, pools };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the tab’s runtimes seen by its pages', () => {
  it('make Python once, and the next page runs on the pool the first page loaded', async () => {
    const { tab, pools } = fakeTab();
    const first = browserRuntimes(
      () => {},
      undefined,
      () => tab
    );
    first.warm('python');
    await tick();
    pools[0].finishLoading();
    const a = await first.create(run);
    await a.sandbox!.execute(request);
    first.dispose(); // the learner presses Next

    const second = browserRuntimes(
      () => {},
      undefined,
      () => tab
    );
    second.warm('python');
    const b = await second.create(run);
    await b.sandbox!.prepare!(request);
    await b.sandbox!.execute(request);
    expect(pools).toHaveLength(1);
    expect(pools[0].disposed).toBe(false);
    expect(pools[0].started.cold).toBe(1);
    expect(pools[0].executed).toBe(2);
  });

  it('start a run before Python is up; a step that runs code waits, and says so', async () => {
    const { tab, pools } = fakeTab();
    const seen: RuntimeStatus[] = [];
    const page = browserRuntimes(
      (status) => seen.push(status),
      undefined,
      () => tab
    );
    page.warm('python');
    const runtimes = await page.create(run); // does not wait for Python
    await tick();
    expect(pools[0].workersReady).toBe(0);
    expect(seen.at(-1)).toMatchObject({ runtime: 'python', waiting: false });

    let prepared = false;
    const preparing = runtimes.sandbox!.prepare!(request).then(() => (prepared = true));
    await tick();
    expect(prepared).toBe(false);
    expect(seen.at(-1)).toMatchObject({
      runtime: 'python',
      waiting: true,
      status: { state: 'loading', download: { loaded: 1e6 } }
    });
    pools[0].finishLoading();
    await preparing;
    expect(seen.at(-1)).toMatchObject({ waiting: false, status: { state: 'ready' } });
  });

  it('stop telling a page that has gone, and leave Python alone on another page', async () => {
    const { tab, pools } = fakeTab();
    const gone: RuntimeStatus[] = [];
    const javascriptPage: RuntimeStatus[] = [];
    const first = browserRuntimes(
      (status) => gone.push(status),
      undefined,
      () => tab
    );
    const other = browserRuntimes(
      (status) => javascriptPage.push(status),
      undefined,
      () => tab
    );
    await other.create(run);
    first.warm('python');
    await tick();
    first.dispose();
    const heard = gone.length;
    pools[0].finishLoading();
    expect(heard).toBeGreaterThan(0);
    expect(gone).toHaveLength(heard);
    expect(javascriptPage).toEqual([]); // it never used Python
  });

  it('let a page aborted while waiting for Python go without touching the pool', async () => {
    const { tab, pools } = fakeTab();
    const page = browserRuntimes(
      () => {},
      undefined,
      () => tab
    );
    const runtimes = await page.create(run);
    const abort = new AbortController();
    const preparing = runtimes.sandbox!.prepare!(request, { signal: abort.signal });
    await tick();
    abort.abort();
    await expect(preparing).rejects.toMatchObject({ name: 'AbortError' });
    expect(pools[0].disposed).toBe(false);
  });
});
