/**
 * The role lanes of a real AgentCoder run (scripted replies, the real sandbox) at several
 * cursors: a lane per agent in the declared order, each lane's messages in order, the hand-offs
 * numbered across the run, and the agent at work at each step.
 */
import { describe, expect, it } from 'vitest';
import { agentOfLabel, describeHandoff, roleLanesAt } from './role-lanes';
import { upTo, useAgentcoderLog } from '$lib/testing/agentcoder-log';

const log = useAgentcoderLog();

describe('roleLanesAt', () => {
  it('has no lanes for a run without agents', () => {
    expect(roleLanesAt([])).toBeNull();
    expect(roleLanesAt(log().filter((e) => e.kind !== 'note'))).toBeNull();
  });

  it('lays out the three lanes before anyone has worked', () => {
    const lanes = roleLanesAt(log().slice(0, 1));
    expect(lanes?.lanes.map((l) => [l.id, l.kind, l.messages.length, l.active])).toEqual([
      ['test designer', 'model', 0, false],
      ['programmer', 'model', 0, false],
      ['test executor', 'script', 0, false]
    ]);
    expect(lanes?.active).toBeNull();
  });

  it('follows the agent at work step by step', () => {
    const at = (label: string) => roleLanesAt(upTo(log(), label))?.active;
    expect(at('test designer: write the tests')).toBe('test designer');
    expect(at('test executor: check which tests parse (pass = kept)')).toBe('test executor');
    expect(at('programmer: write the code (round 1)')).toBe('programmer');
    expect(at('test executor: run the tests (round 1)')).toBe('test executor');
    expect(at('programmer: write the code (round 2)')).toBe('programmer');
    // grading belongs to no agent
    expect(at('grade the program with the hidden tests')).toBeNull();
  });

  it("puts each agent's messages in its lane, in order, and numbers the hand-offs", () => {
    const lanes = roleLanesAt(upTo(log(), 'test executor: run the tests (round 1)'));
    expect(lanes?.handoffs.map(describeHandoff)).toEqual([
      '1. test designer → test executor: 7 tests',
      '2. programmer → test executor: program, round 1',
      '3. test executor → programmer: 2 of 7 tests fail'
    ]);
    const [designer, programmer, executor] = lanes?.lanes ?? [];
    expect(designer.messages.map((m) => m.step)).toEqual([1]);
    expect(designer.messages[0].text.split('\n')).toHaveLength(7);
    expect(programmer.messages.map((m) => [m.step, m.to])).toEqual([[2, 'test executor']]);
    expect(executor.messages[0].text).toMatch(/^The function failed 2 of the test designer's 7/);
  });

  it('ends with the last report going to nobody, so it draws no arrow', () => {
    const lanes = roleLanesAt(log());
    expect(lanes?.handoffs).toHaveLength(6);
    const executor = lanes?.lanes[2];
    expect(executor?.messages.at(-1)).toMatchObject({ step: 7, to: null });
    expect(lanes?.active).toBeNull(); // the run ends with the reference check
  });
});

describe('agentOfLabel', () => {
  it('needs the agent name and a colon at the start', () => {
    const ids = ['programmer', 'test designer'];
    expect(agentOfLabel('programmer: write the code (round 1)', ids)).toBe('programmer');
    expect(agentOfLabel('the programmer: x', ids)).toBeNull();
    expect(agentOfLabel('programmers: x', ids)).toBeNull();
  });
});
