/**
 * Self-debugging's feedback kinds, on the first lesson's problem and scripted replies, with
 * the real sandbox. The replies are the input; the feedback each kind builds is the output.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { notesOf } from '$lib/testing/run-support';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { effectsOf, runTechnique } from '../run/context';
import { outcomeAt } from '../views/timeline';
import { parseLesson } from '../lessons/load';
import { selfDebug, selfDebugParams, type SelfDebugParams } from './self-debug';
import { summarizeTrace } from '../prompts/trace-summary';
import { ScriptedModel } from '$lib/runtimes/model/scripted';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';

const folder = '02-self-debugging';
const files = Object.fromEntries(
  readdirSync(join('lessons', folder)).map((f) => [
    f,
    readFileSync(join('lessons', folder, f), 'utf8')
  ])
);
const lesson = parseLesson({ folder, files });
const model = new ScriptedModel(lesson.walkthrough.id, lesson.walkthrough.responses);

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
});

async function run(feedback: SelfDebugParams['feedback']) {
  const params = selfDebugParams.parse({ feedback });
  const result = await runTechnique(selfDebug, lesson.problem, params, {
    runtimes: { model, sandbox },
    seed: 1
  });
  expect(result.error).toBeUndefined();
  const feedbacks = notesOf(result.events).flatMap((n) => (n.type === 'feedback' ? [n.text] : []));
  return { events: result.events, feedbacks };
}

describe('self-debugging feedback kinds', () => {
  it('simple feedback says only that the code is wrong', async () => {
    const { feedbacks, events } = await run('simple');
    expect(feedbacks).toHaveLength(2);
    for (const text of feedbacks) {
      expect(text).toMatch(/not correct/);
      expect(text).not.toMatch(/expected|returned|\[5, 1, 1\]/);
    }
    expect(outcomeAt(events)?.status).toBe('solved');
  });

  it('explanation feedback names the failing call and asks for a line-by-line explanation', async () => {
    const { feedbacks } = await run('explanation');
    expect(feedbacks[0]).toContain('count_windows([5, 1, 1], 3, 7) returned 0, expected 1');
    expect(feedbacks[0]).toMatch(/explain, line by line/);
  });

  it('trace feedback runs the failing example traced and shows what the code did', async () => {
    const { feedbacks, events } = await run('trace');
    const traced = effectsOf(events).filter(
      (e) => e.kind === 'execute' && e.request.trace !== undefined
    );
    expect(traced).toHaveLength(2); // one per failing turn
    const first = traced[0];
    if (first.kind !== 'execute') throw new Error('not an execution');
    expect(first.request.tests).toEqual([lesson.problem.visibleTests[1]]);
    expect(first.result.trace?.steps.length).toBeGreaterThan(2);
    // Turn 1's range(len(values) - k) is empty for [5, 1, 1], k=3: the loop body never runs.
    expect(feedbacks[0]).toContain('This is what your code did on count_windows([5, 1, 1], 3, 7)');
    expect(feedbacks[0]).toMatch(/call count_windows\(values=\[5, 1, 1\], k=3, limit=7\)/);
    expect(feedbacks[0]).toContain('line 2 → count=0');
    expect(feedbacks[0]).toMatch(/line 6: return 0/);
    // Turn 2's running sum counts a window that does not exist: the trace shows count=1.
    expect(feedbacks[1]).toContain('line 3 → count=1');
    expect(outcomeAt(events)?.status).toBe('solved');
  });

  it('a long trace keeps its start and end', () => {
    const steps = Array.from({ length: 60 }, (_, i) => ({
      line: 2,
      event: 'line' as const,
      function: 'f',
      depth: 0,
      locals: { i: String(i) }
    }));
    const text = summarizeTrace({ steps, truncated: true }, 10);
    const lines = text.split('\n');
    // Each step's change (i + 1) is written on the line before it.
    expect(lines[0]).toBe('line 2 → i=1');
    expect(lines).toContain('… 50 steps left out …');
    expect(lines.at(-2)).toBe('line 2');
    expect(lines.at(-3)).toBe('line 2 → i=59');
    expect(lines.at(-1)).toMatch(/trace stops here/);
  });
});
