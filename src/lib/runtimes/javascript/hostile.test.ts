/**
 * The hostile JavaScript suite (`hostile.ts`) against the real Node host: every program ends
 * within its time limit plus slack, with the expected verdict, and a normal program passes
 * right after it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecResultSchema, type ExecRequest, type ExecResult } from '../../core/run/effects';
import {
  JS_CANARY,
  JS_CANARY_STDOUT,
  JS_HOSTILE,
  JS_HOSTILE_TIMEOUT_MS,
  hostileJsRequest
} from './hostile';
import { createNodeJsSandbox, type NodeJsSandbox } from './node-sandbox';

/** Room for a busy CI machine: starting a worker thread, terminating one, building results. */
const SLACK_MS = 2_500;

let sandbox: NodeJsSandbox;

beforeAll(async () => {
  sandbox = await createNodeJsSandbox();
});

afterAll(async () => {
  await sandbox?.dispose();
});

async function execute(request: ExecRequest): Promise<ExecResult> {
  return ExecResultSchema.parse(await sandbox.execute(request));
}

describe('hostile JavaScript programs', () => {
  it('has enough distinct cases', () => {
    expect(JS_HOSTILE.length).toBeGreaterThanOrEqual(10);
    expect(new Set(JS_HOSTILE.map((c) => c.name)).size).toBe(JS_HOSTILE.length);
  });

  for (const c of JS_HOSTILE) {
    const verdict = c.expectOutcome ? `${c.expectStatus} / ${c.expectOutcome}` : c.expectStatus;
    it(`${c.name}: ${verdict}`, async () => {
      const started = performance.now();
      const result = await execute(hostileJsRequest(c));
      const elapsed = performance.now() - started;
      const summary = JSON.stringify({ ...result, stdout: result.stdout.slice(0, 200) });
      expect(elapsed, summary).toBeLessThan((c.timeoutMs ?? JS_HOSTILE_TIMEOUT_MS) + SLACK_MS);
      // Node is the host these verdicts are written for: no alternative statuses here.
      expect(result.status, summary).toBe(c.expectStatus);
      const first = result.tests[0];
      if (c.expectOutcome) expect(first.status, summary).toBe(c.expectOutcome);
      if (c.expectError) {
        const error = c.expectOutcome ? first.error : result.error;
        expect(error?.type, summary).toBe(c.expectError);
      }
      if (c.expectStdout) expect(result.stdout).toContain(c.expectStdout);
      expect(result.stdout.length).toBeLessThan(20_200);

      const canary = await execute(hostileJsRequest(JS_CANARY, 10_000));
      expect(canary.tests[0].status, JSON.stringify(canary)).toBe('pass');
      expect(canary.stdout).toBe(JS_CANARY_STDOUT);
    });
  }

  it('keeps verdicts of finished tests and lines of errors after hostile edits', async () => {
    const loop = JS_HOSTILE.find((c) => c.name === 'while-true-in-a-test');
    const result = await execute(hostileJsRequest(loop!));
    expect(result.tests.map((t) => t.status)).toEqual(['pass', 'timeout', 'not-run']);
    const bomb = await execute(
      hostileJsRequest(JS_HOSTILE.find((c) => c.name === 'recursion-bomb')!)
    );
    expect(bomb.tests[0].error?.line).toBe(2);
    const thrown = await execute(
      hostileJsRequest(JS_HOSTILE.find((c) => c.name === 'throw-before-tests')!)
    );
    expect(thrown.error).toMatchObject({ message: 'not today', line: 2 });
    const polluted = await execute(
      hostileJsRequest(JS_HOSTILE.find((c) => c.name === 'prototype-pollution')!)
    );
    expect(polluted.tests[0].actual).toBe('2');
  });
});
