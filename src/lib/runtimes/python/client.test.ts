/**
 * Host-side failure paths that real Pyodide does not produce on demand: workers that fail to
 * load or die mid-run, played by scripted ports. The real sandbox is tested in
 * `node-sandbox.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import { ExecResultSchema, type ExecRequest } from '../../core/run/effects';
import { SandboxClient, type SandboxStatus, type WorkerHandlers, type WorkerPort } from './client';
import type { HostMessage } from './serve.js';

const REQUEST: ExecRequest = {
  language: 'python',
  code: 'def f(x):\n    return x\n',
  entryPoint: 'f',
  tests: [
    { input: '1', expected: '1' },
    { input: '2', expected: '2' }
  ],
  timeoutMs: 1_000,
  suite: 'visible'
};

/** A client whose workers run `script` on each message from the host. */
function scripted(script: (message: HostMessage, handlers: WorkerHandlers, spawn: number) => void) {
  const statuses: SandboxStatus[] = [];
  let spawned = 0;
  const client = new SandboxClient({
    onStatus: (status) => statuses.push(status),
    failureHint: 'Try again.',
    spawn: (handlers): WorkerPort => {
      const spawn = ++spawned;
      return {
        postMessage: (message) => queueMicrotask(() => script(message, handlers, spawn)),
        terminate: () => {}
      };
    }
  });
  return { client, statuses, spawned: () => spawned };
}

describe('SandboxClient', () => {
  it('rejects with a plain sentence when Pyodide fails to load, and retries next time', async () => {
    const { client, statuses, spawned } = scripted((message, handlers) => {
      if (message.type === 'init') handlers.onMessage({ type: 'failed', message: 'network down.' });
    });
    await expect(client.execute(REQUEST)).rejects.toThrow(
      'Python could not be started: network down. Try again.'
    );
    expect(statuses.at(-1)).toMatchObject({ state: 'failed' });
    await expect(client.execute(REQUEST)).rejects.toThrow(/could not be started/);
    expect(spawned()).toBe(2);
  });

  it('treats a worker error before loading as a load failure', async () => {
    const { client } = scripted((message, handlers) => {
      if (message.type === 'init') handlers.onError(new Error(''));
    });
    await expect(client.load()).rejects.toThrow(
      'Python could not be started: the worker could not be started. Try again.'
    );
  });

  it('keeps finished tests when the worker dies mid-run, then uses a fresh worker', async () => {
    const { client, spawned } = scripted((message, handlers, spawn) => {
      if (message.type === 'init') return handlers.onMessage({ type: 'ready' });
      if (message.type !== 'run') return;
      const { id } = message;
      const pass = { input: '1', expected: '1', status: 'pass', actual: '1', error: null };
      handlers.onMessage({ type: 'event', id, event: { type: 'started' } });
      handlers.onMessage({ type: 'event', id, event: { type: 'loaded', stdout: 'a', stderr: '' } });
      handlers.onMessage({
        type: 'event',
        id,
        event: { type: 'test', index: 0, outcome: pass, stdout: 'b', stderr: '' }
      });
      if (spawn === 1) handlers.onError(new Error('out of memory'));
      else handlers.onMessage({ type: 'done', id, result: { bogus: true }, restart: false });
    });
    const crashed = ExecResultSchema.parse(await client.execute(REQUEST));
    expect(crashed.status).toBe('error');
    expect(crashed.error).toMatchObject({ type: 'SandboxError' });
    expect(crashed.error?.message).toContain('out of memory');
    expect(crashed.tests.map((t) => t.status)).toEqual(['pass', 'not-run']);
    expect(crashed.stdout).toBe('ab');
    // The second worker answers with something that is not an ExecResult: never trusted.
    const malformed = ExecResultSchema.parse(await client.execute(REQUEST));
    expect(malformed.error?.message).toMatch(/malformed/);
    expect(spawned()).toBe(2);
  });

  it('keeps a trace that was complete before the worker died', async () => {
    const trace = {
      steps: [{ line: 1, event: 'call', function: 'f', depth: 0, locals: { x: '1' } }],
      truncated: true
    };
    const { client } = scripted((message, handlers) => {
      if (message.type === 'init') return handlers.onMessage({ type: 'ready' });
      if (message.type !== 'run') return;
      const { id } = message;
      handlers.onMessage({ type: 'event', id, event: { type: 'started' } });
      handlers.onMessage({ type: 'event', id, event: { type: 'loaded', stdout: '', stderr: '' } });
      handlers.onMessage({
        type: 'event',
        id,
        event: { type: 'trace', trace, stdout: '', stderr: '' }
      });
      handlers.onError(new Error('killed'));
    });
    const traced = ExecResultSchema.parse(
      await client.execute({ ...REQUEST, trace: { test: 0, maxSteps: 1 } })
    );
    expect(traced.trace).toEqual(trace);
    // Asked for no trace: the result has no trace field at all.
    const untraced = ExecResultSchema.parse(await client.execute(REQUEST));
    expect(untraced).not.toHaveProperty('trace');
  });
});
