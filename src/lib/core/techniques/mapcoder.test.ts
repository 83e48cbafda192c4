/**
 * MapCoder end to end on the second lesson's problem, with scripted replies (the input) and the
 * real Pyodide sandbox: the recall and the plans read from prose, the plans tried most confident
 * first, each plan's code run on the examples and repaired up to t rounds, the next plan taken
 * when the repairs run out, the final program graded once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CountingSandbox, notesOfType as noteOf } from '$lib/testing/run-support';
import { mapcoder, mapcoderParams } from './mapcoder';
import { effectsOf, runTechnique } from '../run/context';
import type { RunEvent } from '../run/events';
import { outcomeAt } from '../views/timeline';
import { ScriptedModel } from '$lib/runtimes/model/scripted';
import {
  MAPCODER_REPLIES as REPLIES,
  OFF_BY_ONE,
  PLANS_REPLY,
  RECALL_REPLY,
  RIGHT,
  countWindows as problem,
  fenced
} from '$lib/testing/mapcoder-run';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';

const scripted = (replies: string[]) => new ScriptedModel('scripted/mapcoder', replies, 'by-call');

let sandbox: Sandbox;
let recorded: RunEvent[];
const params = mapcoderParams.parse({});

const run = (replies: string[], p = params) =>
  runTechnique(mapcoder, problem, p, {
    runtimes: { model: scripted(replies), sandbox },
    seed: 3
  });

const labels = (events: RunEvent[]) => effectsOf(events).map((e) => e.label);

beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
  const done = await run(REPLIES);
  expect(done.error).toBeUndefined();
  recorded = done.events;
});

describe('mapcoder', () => {
  it('has defaults sized for a small model: k = 1, two plans, t = 2', () => {
    expect(params).toMatchObject({ recalled: 1, plans: 2, debugRounds: 2 });
    expect(() => mapcoderParams.parse({ recalled: 6 })).toThrow();
    expect(() => mapcoderParams.parse({ debugRounds: 6 })).toThrow();
  });

  it('reads the recalled problem leniently and keeps what it could not read', () => {
    expect(noteOf(recorded, 'mapcoder-recall')).toEqual([
      {
        type: 'mapcoder-recall',
        problems: [
          {
            description: 'Count the subarrays of length k whose average is at least a threshold.',
            steps: [
              'Slide a window of k items over the list.',
              'Keep a running sum, add the new item and drop the old one.',
              'Count the windows whose sum is at least k times the threshold.'
            ]
          }
        ],
        unparsed: [
          'Here is a problem I remember:',
          '## Problem 2\nFind the longest run of equal items.\n### Plan\n1. Walk the list and count each run.'
        ],
        message: '1 of 1 recalled problem read; 2 parts of the reply could not be read.'
      }
    ]);
    // The planner sees the recalled problem and its plan.
    const planning = effectsOf(recorded)[1];
    expect(planning.kind === 'model' && planning.request.messages[1].content).toContain(
      'Similar problems you recalled:\nProblem 1: Count the subarrays of length k'
    );
  });

  it('reads each plan with its confidence and tries the most confident first', () => {
    const [plans] = noteOf(recorded, 'mapcoder-plans');
    expect(plans.plans.map((p) => [p.index, p.confidence, p.steps.length])).toEqual([
      [1, 40, 2],
      [2, 85, 3]
    ]);
    expect(plans.order).toEqual([2, 1]);
    expect(plans.unparsed).toEqual(['## Plan 3\nConfidence: 10\n1. Sort the values first.']);
    expect(labels(recorded)).toEqual([
      'recall agent: recall 1 similar problem',
      'planning agent: write 2 plans',
      'coding agent: write the code (plan 2)',
      'run the examples (plan 2, first code)',
      'debugging agent: repair the code (plan 2, round 1)',
      'debugging agent: repair the code (plan 2, round 2)',
      'run the examples (plan 2, debug round 2)',
      'coding agent: write the code (plan 1)',
      'run the examples (plan 1, first code)',
      'grade the program with the hidden tests'
    ]);
    // The coding agent gets plan 2's steps, numbered; the debugger the failing example.
    const calls = effectsOf(recorded).filter((e) => e.kind === 'model');
    const coding = calls[2].kind === 'model' ? calls[2].request.messages[1].content : '';
    expect(coding).toContain('Follow this plan:\n1. Sum the first k values.\n2. Slide the window');
    const debugging = calls[3].kind === 'model' ? calls[3].request.messages[1].content : '';
    expect(debugging).toContain(OFF_BY_ONE);
    expect(debugging).toContain('count_windows([5, 1, 1], 3, 7) returned 0, expected 1');
  });

  it('backtracks to the next plan when debugging runs out, and stops at the first pass', () => {
    expect(
      noteOf(recorded, 'mapcoder-attempt').map((a) => [a.plan, a.round, a.status, a.passed])
    ).toEqual([
      [2, 0, 'ran', 2],
      [2, 1, 'no-code', 0],
      [2, 2, 'ran', 2],
      [1, 0, 'ran', 3]
    ]);
    expect(noteOf(recorded, 'decision').map((d) => [d.action, d.reason])).toEqual([
      ['continue', "debug plan 2's code (round 1 of 2)"],
      ['continue', "debug plan 2's code (round 2 of 2)"],
      ['continue', 'plan 2 still fails after 2 debug rounds; go to the next plan'],
      ['stop', "plan 1's code passes the examples"]
    ]);
    expect(
      noteOf(recorded, 'agent-message').map((m) => `${m.from} → ${m.to}: ${m.summary}`)
    ).toEqual([
      'recall agent → planning agent: 1 similar problem',
      'planning agent → coding agent: 2 plans',
      'coding agent → debugging agent: 1 of 3 examples fail',
      'debugging agent → debugging agent: no code: the last code still fails',
      'debugging agent → coding agent: 1 of 3 examples fail',
      'coding agent → null: passes the examples'
    ]);
  });

  it('grades the final program once with the hidden tests', () => {
    const hidden = effectsOf(recorded).filter(
      (e) => e.kind === 'execute' && e.request.suite === 'hidden'
    );
    expect(hidden).toHaveLength(1);
    expect(outcomeAt(recorded)).toMatchObject({ status: 'solved', code: RIGHT });
    expect(outcomeAt(recorded)?.message).toBe(
      "All hidden tests pass. Stopped because plan 1's code passes the examples."
    );
  });

  it('replays the recorded log exactly, without executing anything', async () => {
    const counting = new CountingSandbox(sandbox);
    const replay = await runTechnique(mapcoder, problem, params, {
      runtimes: { sandbox: counting },
      seed: 3,
      replay: { effects: effectsOf(recorded), mode: 'strict' }
    });
    expect(replay.error).toBeUndefined();
    expect(replay.events).toEqual(recorded);
    expect(counting.calls).toBe(0);
  });

  it("forks at plan 2's code with a right program: plan 1 is never tried", async () => {
    const effects = effectsOf(recorded);
    const k = 2;
    expect(effects[k].label).toBe('coding agent: write the code (plan 2)');
    const counting = new CountingSandbox(sandbox);
    const fork = await runTechnique(mapcoder, problem, params, {
      runtimes: { model: scripted(REPLIES), sandbox: counting },
      seed: 3,
      replay: { effects: effects.slice(0, k), mode: 'fork' },
      override: {
        effect: k,
        result: { ...(effects[k].result as { text: string }), text: fenced(RIGHT) } as never
      }
    });
    expect(fork.error).toBeUndefined();
    expect(labels(fork.events).slice(k)).toEqual([
      'coding agent: write the code (plan 2)',
      'run the examples (plan 2, first code)',
      'grade the program with the hidden tests'
    ]);
    expect(noteOf(fork.events, 'decision').at(-1)?.reason).toBe(
      "plan 2's code passes the examples"
    );
    expect(counting.calls).toBe(2);
  });
});

describe('mapcoder stop reasons', () => {
  it('answers with the last program when the plans run out', async () => {
    const done = await run(
      [RECALL_REPLY, PLANS_REPLY, ...Array.from({ length: 4 }, () => fenced(OFF_BY_ONE))],
      { ...params, debugRounds: 1 }
    );
    expect(done.error).toBeUndefined();
    expect(noteOf(done.events, 'decision').map((d) => d.reason)).toEqual([
      "debug plan 2's code (round 1 of 1)",
      'plan 2 still fails after 1 debug round; go to the next plan',
      "debug plan 1's code (round 1 of 1)",
      'the plans ran out: no code passed the examples'
    ]);
    expect(outcomeAt(done.events)).toMatchObject({
      status: 'unsolved',
      code: OFF_BY_ONE,
      visiblePassed: false
    });
  });

  it('with t = 0, goes to the next plan after the first failing code', async () => {
    const done = await run([RECALL_REPLY, PLANS_REPLY, fenced(OFF_BY_ONE), fenced(RIGHT)], {
      ...params,
      debugRounds: 0
    });
    expect(done.error).toBeUndefined();
    expect(noteOf(done.events, 'mapcoder-attempt').map((a) => [a.plan, a.round])).toEqual([
      [2, 0],
      [1, 0]
    ]);
    expect(outcomeAt(done.events)?.status).toBe('solved');
  });

  it('codes without a plan when none can be read, and never asks twice for it', async () => {
    const done = await run(['', '## Plan 1\n', fenced(RIGHT)]);
    expect(done.error).toBeUndefined();
    const [plans] = noteOf(done.events, 'mapcoder-plans');
    expect(plans.message).toBe('No plan could be read; the code is written without one.');
    expect(plans.plans).toEqual([{ index: 1, steps: [], confidence: null }]);
    const coding = effectsOf(done.events)[2];
    expect(coding.kind === 'model' && coding.request.messages[1].content).not.toContain(
      'Follow this plan'
    );
    expect(outcomeAt(done.events)?.status).toBe('solved');
  });
});
