/**
 * The QuickJS host, in this thread, where only the engine's own interrupt and memory bound can
 * stop a program: the sandbox's contract and the whole hostile suite (the memory bomb included)
 * with QuickJS's verdicts.
 */
import { describe, expect, it } from 'vitest';
import { hostileJsSuite } from '../../../testing/hostile-suite';
import { JS_HOSTILE, hostileJsRequest } from '../hostile';
import { prepareQuickJs } from './host';
import { createQuickJsSandbox, nodeQuickJsLoader } from './node';
import { jsSandboxContract } from '../../../testing/sandbox-contract';

jsSandboxContract('quickjs', () => createQuickJsSandbox());
hostileJsSuite('quickjs', () => createQuickJsSandbox());

describe('when the QuickJS wasm cannot be loaded', () => {
  it('says so plainly, and no program runs anywhere else', async () => {
    const broken = {
      ...nodeQuickJsLoader(),
      newModule: () => Promise.reject(new Error('404 Not Found'))
    };
    await expect(createQuickJsSandbox({ loader: broken })).rejects.toThrow(
      'The JavaScript worker could not be started: The JavaScript engine (QuickJS, WebAssembly) could not be loaded, so JavaScript cannot run on this page; reload it to try again. (404 Not Found)'
    );
  });
});

describe('when the host’s stack runs out before QuickJS’s limit', () => {
  it('the running test is a stack overflow, the run ends, and nothing else is reported', async () => {
    // 1 MB of QuickJS stack needs more than Node's main thread has (about 984 KB): the
    // recursion overflows the host's stack inside the wasm, as 256 KB did in a Chromium worker.
    const session = await prepareQuickJs(nodeQuickJsLoader(), { stackBytes: 1024 * 1024 });
    const bomb = JS_HOSTILE.find((c) => c.name === 'recursion-bomb')!;
    const events: string[] = [];
    const report = await session.run(hostileJsRequest(bomb), (e) => events.push(e.type));
    expect(report.status).toBe('error');
    const overflow = { type: 'InternalError', message: 'stack overflow', line: null };
    expect(report.error).toEqual(overflow);
    expect(report.outcomes).toEqual([
      { input: '1', expected: '1', status: 'error', actual: null, error: overflow }
    ]);
    expect(events).toEqual(['started', 'loaded', 'test']);
  });
});
