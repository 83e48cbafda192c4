/**
 * The JavaScript runtime's choice of runner, up to the WebContainer boundary: a boot that never
 * settles (what `WebContainer.boot()` does offline) ends in the fallback with its message, and
 * programs run in the worker runner all along. (The worker itself needs a browser: e2e.)
 */
import { describe, expect, it } from 'vitest';
import { JsRuntime, type JsRuntimeState } from './runtime';
import {
  OFFLINE_MESSAGE,
  WebContainerUnavailable,
  bootWebContainer
} from './webcontainer/webcontainer';

describe('bootWebContainer', () => {
  it('gives up after its timeout when boot() never settles, with the offline sentence', async () => {
    const hanging = () =>
      Promise.resolve({ WebContainer: { boot: () => new Promise<never>(() => {}) } });
    const started = performance.now();
    const error = await bootWebContainer(150, hanging).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebContainerUnavailable);
    expect((error as Error).message).toBe(OFFLINE_MESSAGE);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('says why when boot() fails outright', async () => {
    const failing = () =>
      Promise.resolve({
        WebContainer: { boot: () => Promise.reject(new Error('Unable to create more instances')) }
      });
    await expect(bootWebContainer(5_000, failing)).rejects.toThrow(
      'The Node runtime could not start (Unable to create more instances); using the built-in runner.'
    );
  });
});

describe('JsRuntime', () => {
  it('reports booting, then the fallback, and never waits for the boot', async () => {
    const states: JsRuntimeState[] = [];
    const runtime = new JsRuntime({
      webContainer: true,
      boot: () => Promise.reject(new WebContainerUnavailable(OFFLINE_MESSAGE)),
      onState: (s) => states.push(s)
    });
    expect(runtime.state.mode).toBe('worker');
    await runtime.start();
    expect(states.map((s) => s.mode)).toEqual(['booting', 'fallback']);
    expect(states[0]).toMatchObject({ busy: true });
    expect(states[1]).toEqual({ mode: 'fallback', message: OFFLINE_MESSAGE, busy: false });
  });

  it('says why there is no Node runtime on a page that is not cross-origin isolated', async () => {
    const runtime = new JsRuntime({ webContainer: false });
    await runtime.start();
    expect(runtime.state.mode).toBe('worker');
    expect(runtime.state.message).toContain('not cross-origin isolated');
  });
});
