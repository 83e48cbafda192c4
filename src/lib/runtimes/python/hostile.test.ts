/**
 * The hostile-program suite (`hostile.ts`) against the real Node sandbox: every program ends
 * within its time limit plus the grace period, with the expected verdict, and the sandbox is
 * healthy afterwards (the case's follow-up, then the canary, pass).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecResultSchema, type ExecResult } from '../../core/run/effects';
import { CANARY, CANARY_STDOUT, HOSTILE, HOSTILE_TIMEOUT_MS, hostileRequest } from './hostile';
import { createNodeSandbox, type NodeSandbox } from './node-sandbox';

/** How long an interrupted program may take to stop before its worker is terminated. */
const GRACE_MS = 1_000;
/** Room for a busy CI machine: posting messages, terminating a worker, building the result. */
const SLACK_MS = 2_000;
/** The canary and follow-ups may wait for a respawned worker's Pyodide; they are not timed. */
const FOLLOW_UP_TIMEOUT_MS = 10_000;

let sandbox: NodeSandbox;

beforeAll(async () => {
  sandbox = await createNodeSandbox({ graceMs: GRACE_MS });
});

afterAll(async () => {
  await sandbox?.dispose();
});

async function execute(request: ReturnType<typeof hostileRequest>): Promise<ExecResult> {
  return ExecResultSchema.parse(await sandbox.execute(request));
}

describe('hostile programs', () => {
  it('has enough distinct cases', () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(15);
    expect(new Set(HOSTILE.map((c) => c.name)).size).toBe(HOSTILE.length);
    for (const c of HOSTILE) expect(c.why.length, c.name).toBeGreaterThan(20);
  });

  for (const c of HOSTILE) {
    const verdict = c.expectOutcome ? `${c.expectStatus} / ${c.expectOutcome}` : c.expectStatus;
    it(`${c.name}: ${verdict}`, async () => {
      const started = performance.now();
      const result = await execute(hostileRequest(c));
      const elapsed = performance.now() - started;
      const summary = JSON.stringify({ ...result, stdout: result.stdout.slice(0, 200) });
      expect(elapsed, summary).toBeLessThan(HOSTILE_TIMEOUT_MS + GRACE_MS + SLACK_MS);
      expect(result.status, summary).toBe(c.expectStatus);
      const first = result.tests[0];
      if (c.expectOutcome) expect(first.status, summary).toBe(c.expectOutcome);
      if (c.expectError) {
        const error = c.expectOutcome ? first.error : result.error;
        expect(error?.type, summary).toBe(c.expectError);
      }
      if (c.expectStdout) expect(result.stdout).toContain(c.expectStdout);
      expect(result.stdout.length).toBeLessThan(21_000);

      if (c.next) {
        const next = await execute(hostileRequest(c.next, FOLLOW_UP_TIMEOUT_MS));
        expect(
          next.tests.map((t) => t.status),
          JSON.stringify(next)
        ).toEqual(next.tests.map(() => 'pass'));
      }
      const canary = await execute(hostileRequest(CANARY, FOLLOW_UP_TIMEOUT_MS));
      expect(canary.tests[0].status, JSON.stringify(canary)).toBe('pass');
      expect(canary.stdout).toBe(CANARY_STDOUT);
    });
  }
});
