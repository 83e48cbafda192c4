/**
 * The turn budget in self-debugging and Reflexion, with scripted replies (the input) and the
 * real sandbox: what the reminder says in each prompt, which requests are granted or refused,
 * and why the run stops.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { notesOf } from '$lib/testing/run-support';
import { effectsOf, runTechnique } from '../run/context';
import type { RunEvent } from '../run/events';
import { outcomeAt, timelineAt } from '../views/timeline';
import { budgetAt } from '../views/turn-budget';
import { ProblemSchema } from '../problems/problem';
import { turnRequest, turnsLeftLine } from '../prompts/turn-budget';
import { selfDebug, selfDebugParams } from './self-debug';
import { reflexion, reflexionParams } from './reflexion';
import type { AnyTechnique } from './registry';
import { ScriptedModel } from '$lib/runtimes/model/scripted';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';

const problem = ProblemSchema.parse({
  id: 'budget-double',
  language: 'python',
  title: 'Double it',
  entryPoint: 'double',
  prompt: 'def double(x: int) -> int:\n    """Return twice x."""\n',
  visibleTests: [
    { input: '2', expected: '4' },
    { input: '5', expected: '10' }
  ],
  hiddenTests: [{ input: '0', expected: '0' }],
  reference: 'def double(x: int) -> int:\n    return 2 * x\n'
});
const fenced = (code: string) => '```python\n' + code + '```';
const WRONG = fenced('def double(x):\n    return x + 2\n');
const RIGHT = fenced('def double(x):\n    return x * 2\n');
const ASK = (why: string) => `${WRONG}\nNEED MORE TURNS: ${why}`;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
});

async function runWith(
  technique: typeof selfDebug | typeof reflexion,
  replies: string[],
  params: Record<string, unknown>
) {
  const model = new ScriptedModel('scripted/budget', replies);
  const run = await runTechnique(
    technique as AnyTechnique,
    problem,
    technique.params.parse(params),
    { runtimes: { model, sandbox }, seed: 1 }
  );
  expect(run.error).toBeUndefined();
  return run.events;
}
const selfDebugRun = (replies: string[], params: Record<string, unknown>) =>
  runWith(selfDebug, replies, params);

/** The last user message of each model call: the prompt the model answered. */
const prompts = (events: RunEvent[]) =>
  effectsOf(events).flatMap((e) =>
    e.kind === 'model' ? [e.request.messages.filter((m) => m.role === 'user').at(-1)!.content] : []
  );
const budgetNotes = (events: RunEvent[]) =>
  notesOf(events).flatMap((n) => (n.type === 'turn-budget' ? [n] : []));
const lastDecision = (events: RunEvent[]) =>
  notesOf(events)
    .filter((n) => n.type === 'decision')
    .at(-1);

describe('the request line', () => {
  it('is found on a line of its own, in any case, with Markdown around it', () => {
    expect(turnRequest('Fixed it.\nNEED MORE TURNS: the sign is wrong')).toEqual({
      reason: 'the sign is wrong'
    });
    expect(turnRequest('**Need more turns:** two edge cases left  ')).toEqual({
      reason: 'two edge cases left'
    });
    expect(turnRequest('- NEED MORE TURNS:')).toEqual({ reason: '(no reason given)' });
  });

  it('is not a request inside code or in the middle of a sentence', () => {
    expect(turnRequest('```python\n# NEED MORE TURNS: no\n```')).toBeNull();
    expect(turnRequest('I do not NEED MORE TURNS: thanks.')).toBeNull();
    expect(turnRequest(RIGHT)).toBeNull();
  });

  it('a long reason is cut', () => {
    expect(turnRequest(`NEED MORE TURNS: ${'x'.repeat(500)}`)?.reason).toHaveLength(200);
  });
});

describe('a fixed budget', () => {
  it('is the default, and keeps the knobs in range', () => {
    expect(selfDebugParams.parse({})).toMatchObject({
      budget: 'fixed',
      maxExtensions: 1,
      extensionTurns: 1
    });
    expect(reflexionParams.parse({}).budget).toBe('fixed');
    expect(selfDebugParams.safeParse({ maxExtensions: 6 }).success).toBe(false);
    expect(selfDebugParams.safeParse({ extensionTurns: 0 }).success).toBe(false);
    expect(selfDebugParams.safeParse({ budget: 'infinite' }).success).toBe(false);
  });

  it('reminds the model of the turns left in each feedback prompt, with the right count', async () => {
    const events = await selfDebugRun([WRONG, WRONG, WRONG], { maxTurns: 3 });
    const sent = prompts(events);
    expect(sent).toHaveLength(3);
    expect(sent[0]).not.toMatch(/turns? left|last turn/);
    expect(sent[1]).toMatch(
      /returned 7, expected 10\n.*\nYou have 2 turns left, this one included\.$/
    );
    expect(sent[2]).toMatch(/\nThis is your last turn\.$/);
    // What the learner reads as the feedback is exactly what was sent.
    const feedback = notesOf(events).flatMap((n) => (n.type === 'feedback' ? [n.text] : []));
    expect(feedback).toEqual(sent.slice(1));
    expect(lastDecision(events)).toMatchObject({ reason: 'the turn cap (3) is reached' });
    expect(budgetNotes(events)).toEqual([]);
  });

  it('refuses a request for more turns, and says why', async () => {
    const events = await selfDebugRun([WRONG, ASK('one more try')], { maxTurns: 2 });
    expect(budgetNotes(events)).toEqual([
      expect.objectContaining({
        turn: 2,
        decision: 'refused',
        turns: 0,
        cap: 2,
        message: 'refused: the budget is fixed'
      })
    ]);
    expect(lastDecision(events)).toMatchObject({ reason: 'the turn cap (2) is reached' });
  });
});

describe('a dynamic budget', () => {
  const params = { maxTurns: 2, budget: 'dynamic', maxExtensions: 1 };

  it('grants an extension, then refuses the next request, and stops at the grown cap', async () => {
    const events = await selfDebugRun([WRONG, ASK('the sum is off'), ASK('still off')], params);
    const notes = budgetNotes(events);
    expect(notes.map((n) => [n.turn, n.decision, n.cap, n.extensionsLeft])).toEqual([
      [2, 'granted', 3, 0],
      [3, 'refused', 3, 0]
    ]);
    expect(notes.map((n) => n.message)).toEqual([
      'granted 1 more turn: the sum is off',
      'refused: no extensions left'
    ]);
    const sent = prompts(events);
    expect(sent[1]).toMatch(
      /This is your last turn\. If you need more, add a line: NEED MORE TURNS: <why>\.$/
    );
    expect(sent[2]).toMatch(/This is your last turn\. No more turns can be granted\.$/);
    expect(lastDecision(events)).toMatchObject({
      turn: 3,
      action: 'stop',
      reason: 'the turn cap (3, 2 + 1 granted) is reached'
    });
    expect(outcomeAt(events)?.message).toContain('the turn cap (3, 2 + 1 granted) is reached');
    // The views: the timeline rows, and the budget as the run's panel reads it.
    const rows = timelineAt(events).filter((r) => r.title.startsWith('Budget'));
    expect(rows.map((r) => [r.title, r.tone])).toEqual([
      ['Budget: granted', 'good'],
      ['Budget: refused', 'bad']
    ]);
    expect(budgetAt(events, selfDebugParams.parse(params))).toMatchObject({
      mode: 'dynamic',
      cap: 3
    });
  });

  it('grants several turns at once when extensionTurns says so; the extra turn can solve it', async () => {
    const events = await selfDebugRun([WRONG, ASK('more'), WRONG, RIGHT], {
      ...params,
      extensionTurns: 2
    });
    expect(budgetNotes(events)[0]).toMatchObject({
      message: 'granted 2 more turns: more',
      cap: 4
    });
    expect(prompts(events)[2]).toContain('You have 2 turns left, this one included.');
    expect(outcomeAt(events)).toMatchObject({ status: 'solved' });
  });

  it('grants nothing when maxExtensions is 0', async () => {
    const events = await selfDebugRun([ASK('please'), WRONG], { ...params, maxExtensions: 0 });
    expect(budgetNotes(events)[0].message).toBe('refused: no extensions left');
    expect(prompts(events)[1]).toMatch(/No more turns can be granted\.$/);
  });
});

describe('Reflexion under a budget', () => {
  const TESTS = fenced('assert double(2) == 4\nassert double(5) == 10\n');

  it('counts programs; a reflection may ask for more, and the retry prompt says what is left', async () => {
    const events = await runWith(
      reflexion,
      [
        TESTS,
        WRONG,
        'I added instead of multiplying.\nNEED MORE TURNS: I want to check the fix',
        WRONG,
        'Still adding.',
        RIGHT
      ],
      { maxIterations: 2, budget: 'dynamic' }
    );
    expect(budgetNotes(events)).toEqual([
      expect.objectContaining({ turn: 1, decision: 'granted', cap: 3 })
    ]);
    const sent = prompts(events);
    // calls: tests, program 1, reflection 1, program 2, reflection 2, program 3
    expect(sent[3]).toMatch(/You have 2 turns left, this one included\. No more turns/);
    expect(sent[5]).toMatch(/This is your last turn\. No more turns can be granted\.$/);
    expect(outcomeAt(events)).toMatchObject({ status: 'solved' });
  });

  it('stops at the iteration cap with the budget in the reason', async () => {
    const events = await runWith(reflexion, [TESTS, ASK('not yet'), 'Wrong operator.', WRONG], {
      maxIterations: 1,
      budget: 'dynamic'
    });
    expect(lastDecision(events)).toMatchObject({
      reason: 'the iteration cap (2, 1 + 1 granted) is reached'
    });
  });
});

describe('turnsLeftLine', () => {
  it('counts down to the last turn', () => {
    expect(turnsLeftLine(3, 'none')).toBe('You have 3 turns left, this one included.');
    expect(turnsLeftLine(1, 'none')).toBe('This is your last turn.');
  });
});
