/**
 * The hostile JavaScript suite (`hostile.ts`) as Vitest tests, for any sandbox: every program
 * ends within its time limit plus slack, with the verdict its engine must give, and a normal
 * program passes right after it. `hostile.test.ts` runs it in Node's V8 (a process per program),
 * `quickjs.test.ts` in QuickJS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecResultSchema, type ExecRequest, type ExecResult } from '../core/run/effects';
import {
  JS_CANARY,
  JS_CANARY_STDOUT,
  JS_HOSTILE,
  JS_HOSTILE_TIMEOUT_MS,
  expectationsFor,
  hostileJsRequest,
  type JsEngine
} from '../runtimes/javascript/hostile';
import type { NodeJsSandbox } from '../runtimes/javascript/node/sandbox';

/** Room for a busy CI machine: starting a worker, stopping one, building results. */
const SLACK_MS = 2_500;

/** Declares the suite for the sandbox `create` makes, whose programs run in `engine`. */
export function hostileJsSuite(engine: JsEngine, create: () => Promise<NodeJsSandbox>): void {
  let sandbox: NodeJsSandbox;

  beforeAll(async () => {
    sandbox = await create();
  });

  afterAll(async () => {
    await sandbox?.dispose();
  });

  async function execute(request: ExecRequest): Promise<ExecResult> {
    return ExecResultSchema.parse(await sandbox.execute(request));
  }

  const find = (name: string) => JS_HOSTILE.find((c) => c.name === name)!;

  describe(`hostile JavaScript programs (${engine})`, () => {
    it('has enough distinct cases', () => {
      expect(JS_HOSTILE.length).toBeGreaterThanOrEqual(10);
      expect(new Set(JS_HOSTILE.map((c) => c.name)).size).toBe(JS_HOSTILE.length);
    });

    for (const c of JS_HOSTILE.map((each) => expectationsFor(each, engine))) {
      const verdict = c.expectOutcome ? `${c.expectStatus} / ${c.expectOutcome}` : c.expectStatus;
      it(`${c.name}: ${verdict}`, async () => {
        const started = performance.now();
        const result = await execute(hostileJsRequest(c));
        const elapsed = performance.now() - started;
        const summary = JSON.stringify({ ...result, stdout: result.stdout.slice(0, 200) });
        expect(elapsed, summary).toBeLessThan((c.timeoutMs ?? JS_HOSTILE_TIMEOUT_MS) + SLACK_MS);
        // Each engine's verdicts are written down: no alternative statuses here.
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
      const result = await execute(hostileJsRequest(find('while-true-in-a-test')));
      expect(result.tests.map((t) => t.status)).toEqual(['pass', 'timeout', 'not-run']);
      const bomb = await execute(hostileJsRequest(find('recursion-bomb')));
      expect(bomb.tests[0].error?.line).toBe(2);
      const thrown = await execute(hostileJsRequest(find('throw-before-tests')));
      expect(thrown.error).toMatchObject({ message: 'not today', line: 2 });
      const polluted = await execute(hostileJsRequest(find('prototype-pollution')));
      expect(polluted.tests[0].actual).toBe('2');
    });
  });
}
