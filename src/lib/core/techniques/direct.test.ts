/**
 * Direct generation end to end on the first lesson's problem, with the real Pyodide sandbox
 * and scripted replies (the replies are the input; execution and grading are real).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CountingSandbox, notesOf } from '$lib/testing/run-support';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { direct, directParams } from './direct';
import { effectsOf, runTechnique } from '../run/context';
import { RunEventSchema } from '../run/events';
import { countersAt, outcomeAt, timelineAt } from '../views/timeline';
import { ProblemSchema } from '../problems/problem';
import { ScriptedModel } from '$lib/runtimes/model/scripted';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';

const problem = ProblemSchema.parse(
  parseYaml(readFileSync('lessons/02-self-debugging/problem.yaml', 'utf8'))
);
const fenced = (code: string) => 'Here it is:\n\n```python\n' + code + '```\n';
/** Right on the examples (all non-negative) but wrong on negative values: it sums abs(v). */
const ABS_SUM = `def count_windows(values, k, limit):
    return sum(1 for s in range(len(values) - k + 1) if sum(abs(v) for v in values[s:s + k]) <= limit)
`;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
});

describe('direct generation', () => {
  const params = directParams.parse({});

  it('makes one greedy call, grades the program once, and replays exactly', async () => {
    const model = new ScriptedModel('scripted/direct', [fenced(problem.reference ?? '')]);
    const run = await runTechnique(direct, problem, params, {
      runtimes: { model, sandbox },
      seed: 1
    });
    expect(run.error).toBeUndefined();
    const [call] = effectsOf(run.events);
    expect(call).toMatchObject({ kind: 'model', request: { temperature: 0 } });
    expect(countersAt(run.events)).toMatchObject({ modelCalls: 1, executions: 2 });
    expect(outcomeAt(run.events)).toMatchObject({
      status: 'solved',
      visiblePassed: true,
      hiddenPassed: problem.hiddenTests.length
    });
    // The model never sees a hidden test: no hidden input appears in any request.
    const sent = JSON.stringify(call.request);
    for (const t of problem.hiddenTests)
      expect(sent).not.toContain('input' in t ? t.input : t.check);
    for (const e of run.events) expect(RunEventSchema.safeParse(e).success).toBe(true);

    const counting = new CountingSandbox(sandbox);
    const replay = await runTechnique(direct, problem, params, {
      runtimes: { sandbox: counting },
      seed: 1,
      replay: { effects: effectsOf(run.events), mode: 'strict' }
    });
    expect(replay.events).toEqual(run.events);
    expect(counting.calls).toBe(0);
  });

  it('tells a program that passes the examples from one that is right', async () => {
    const model = new ScriptedModel('scripted/direct', [fenced(ABS_SUM)]);
    const run = await runTechnique(direct, problem, params, {
      runtimes: { model, sandbox },
      seed: 1
    });
    const outcome = outcomeAt(run.events);
    expect(outcome).toMatchObject({ status: 'unsolved', visiblePassed: true });
    expect(outcome?.hiddenPassed).toBe(problem.hiddenTests.length - 1);
    expect(outcome?.message).toMatch(/examples are not a proof/);
  });

  it('says so plainly when the reply has no code block', async () => {
    const model = new ScriptedModel('scripted/direct', ['I would use a sliding window.']);
    const run = await runTechnique(direct, problem, params, {
      runtimes: { model, sandbox },
      seed: 1
    });
    expect(run.error).toBeUndefined();
    expect(countersAt(run.events).executions).toBe(0);
    expect(notesOf(run.events)).toEqual([
      expect.objectContaining({ type: 'outcome', status: 'unsolved', code: null })
    ]);
    expect(outcomeAt(run.events)?.message).toMatch(/no ```python code block/);
    expect(timelineAt(run.events).at(-1)?.kind).toBe('outcome');
  });
});
