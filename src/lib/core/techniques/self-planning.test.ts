/**
 * Self-Planning end to end on the first lesson's problem, with scripted replies (the input)
 * and the real Pyodide sandbox (execution and grading).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CountingSandbox, notesOf } from '$lib/testing/run-support';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { selfPlanning, selfPlanningParams } from './self-planning';
import { EXAMPLE_PLANS } from '../prompts/self-planning';
import { effectsOf, runTechnique } from '../run/context';
import { countersAt, outcomeAt, timelineAt } from '../views/timeline';
import { ProblemSchema } from '../problems/problem';
import { ScriptedModel } from '$lib/runtimes/model/scripted';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';

const problem = ProblemSchema.parse(
  parseYaml(readFileSync('lessons/02-self-debugging/problem.yaml', 'utf8'))
);
const PLAN = `Plan:
1. Return 0 when there are fewer than k values.
2. Look at each window of k neighbouring values.
3. Count the windows whose sum is at most limit.`;
const CODE = `def count_windows(values, k, limit):
    # Step 1
    if len(values) < k:
        return 0
    count = 0
    # Step 3
    for start in range(len(values) - k + 1):
        if sum(values[start:start + k]) <= limit:
            count += 1
    return count
`;
const reply = (code: string) => 'Following the plan:\n```python\n' + code + '```';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
});

describe('self-planning', () => {
  const params = selfPlanningParams.parse({});

  it('plans, implements with step marks, maps steps to lines, grades, and replays', async () => {
    const model = new ScriptedModel('scripted/plan', [PLAN, reply(CODE)]);
    const run = await runTechnique(selfPlanning, problem, params, {
      runtimes: { model, sandbox },
      seed: 1
    });
    expect(run.error).toBeUndefined();
    const notes = notesOf(run.events);
    expect(notes.find((n) => n.type === 'plan')).toMatchObject({
      parsed: true,
      raw: PLAN,
      steps: [
        'Return 0 when there are fewer than k values.',
        'Look at each window of k neighbouring values.',
        'Count the windows whose sum is at most limit.'
      ]
    });
    const map = notes.find((n) => n.type === 'step-map');
    expect(map?.type === 'step-map' && map.steps.map((s) => s.ranges)).toEqual([
      [{ from: 2, to: 5 }],
      [],
      [{ from: 6, to: 10 }]
    ]);
    // Call 2 carries the intent and the plan, and asks for the marks.
    const calls = effectsOf(run.events).filter((e) => e.kind === 'model');
    expect(calls).toHaveLength(2);
    // Call 1 is few-shot, as in the paper: every example plan, step by step, in the one user
    // message (no assistant turn, so a scripted model still answers it first).
    const first = calls[0].request.messages;
    expect(first.map((m) => m.role)).toEqual(['system', 'user']);
    for (const example of EXAMPLE_PLANS) {
      expect(first[1].content).toContain(`Task: ${example.task}`);
      example.steps.forEach((step, i) => expect(first[1].content).toContain(`${i + 1}. ${step}`));
    }
    expect(first[1].content.indexOf('Task: ')).toBeLessThan(
      first[1].content.indexOf(problem.prompt.trim())
    );
    const second = calls[1].request.messages.map((m) => m.content).join('\n');
    expect(second).toContain(problem.prompt.trim());
    expect(second).toContain('2. Look at each window of k neighbouring values.');
    expect(second).toContain('# Step N');
    expect(outcomeAt(run.events)).toMatchObject({ status: 'solved', visiblePassed: true });
    expect(countersAt(run.events)).toMatchObject({ modelCalls: 2, executions: 2 });

    const counting = new CountingSandbox(sandbox);
    const replay = await runTechnique(selfPlanning, problem, params, {
      runtimes: { sandbox: counting },
      seed: 1,
      replay: { effects: effectsOf(run.events), mode: 'strict' }
    });
    expect(replay.events).toEqual(run.events);
    expect(counting.calls).toBe(0);
  });

  it('runs the no-plan baseline as one call', async () => {
    const model = new ScriptedModel('scripted/plan', [reply(problem.reference ?? '')]);
    const run = await runTechnique(
      selfPlanning,
      problem,
      { ...params, withPlan: false },
      { runtimes: { model, sandbox }, seed: 1 }
    );
    expect(countersAt(run.events).modelCalls).toBe(1);
    expect(notesOf(run.events).map((n) => n.type)).toEqual(['program', 'outcome']);
    expect(outcomeAt(run.events)?.status).toBe('solved');
  });

  it('keeps a plan without steps as written, says so, and survives a reply without code', async () => {
    const model = new ScriptedModel('scripted/plan', ['I will think about it.', 'No idea.']);
    const run = await runTechnique(selfPlanning, problem, params, {
      runtimes: { model, sandbox },
      seed: 1
    });
    expect(run.error).toBeUndefined();
    const notes = notesOf(run.events);
    expect(notes[0]).toMatchObject({
      type: 'plan',
      parsed: false,
      steps: [],
      raw: 'I will think about it.'
    });
    expect(notes[0].type === 'plan' && notes[0].message).toMatch(/kept as written/);
    expect(outcomeAt(run.events)).toMatchObject({ status: 'unsolved', code: null });
    expect(outcomeAt(run.events)?.message).toMatch(/no ```python code block/);
    expect(timelineAt(run.events).find((r) => r.title === 'Plan')?.tone).toBe('bad');
  });
});
