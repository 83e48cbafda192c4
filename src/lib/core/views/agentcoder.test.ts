/**
 * AgentCoder's tests view at several cursors of a real run (scripted replies, the real
 * sandbox): the designer's tests with their kinds, a column per round as the executor runs it,
 * and the wrong test marked only once the run has checked the tests on the reference.
 */
import { describe, expect, it } from 'vitest';
import { agentcoderAt } from './agentcoder';
import { timelineAt } from './timeline';
import { upTo, useAgentcoderLog } from '$lib/testing/agentcoder-log';

const log = useAgentcoderLog();

describe('agentcoderAt', () => {
  it('has no tests until the executor has parsed the reply', () => {
    const view = agentcoderAt(upTo(log(), 'test designer: write the tests'));
    expect(view.tests).toBeNull();
    expect(view.rounds).toEqual([]);
  });

  it('shows the kept tests with their kinds and the dropped lines with why', () => {
    const view = agentcoderAt(upTo(log(), 'test executor: check which tests parse (pass = kept)'));
    expect(view.tests?.map((t) => [t.index, t.kind, t.results])).toEqual([
      [1, 'basic', []],
      [2, 'basic', []],
      [3, 'basic', []],
      [4, 'edge', []],
      [5, 'edge', []],
      [6, 'edge', []],
      [7, 'large', []]
    ]);
    expect(view.dropped.map((d) => d.reason)).toEqual([
      'not valid Python',
      'more than 3 basic tests'
    ]);
  });

  it('adds a column per round as the executor runs it', () => {
    const view = agentcoderAt(upTo(log(), 'test executor: run the tests (round 2)'));
    expect(view.rounds).toEqual([
      { round: 1, passed: false },
      { round: 2, passed: false }
    ]);
    expect(view.tests?.map((t) => t.results.join(' '))).toEqual([
      'pass pass',
      'pass pass',
      'fail pass',
      'pass pass',
      'fail fail',
      'pass pass',
      'pass pass'
    ]);
    expect(view.stop).toBeNull();
    expect(view.tests?.every((t) => t.wrong === null)).toBe(true);
  });

  it('marks the wrong test once the reference check has run, and says why the loop stopped', () => {
    const view = agentcoderAt(log());
    expect(view.stop).toBe('the round cap is reached (3 rounds)');
    expect(view.tests?.map((t) => t.wrong)).toEqual([
      null,
      null,
      null,
      null,
      'the reference solution fails it',
      null,
      null
    ]);
    expect(view.wrongMessage).toBe(
      "1 of the designer's 7 tests was wrong: the reference solution fails it."
    );
  });

  it('gives its notes and executions timeline rows of their own', () => {
    const rows = timelineAt(log());
    const titles = rows.map((r) => r.title);
    expect(titles).toContain("Test designer's tests");
    expect(titles).toContain('test designer → test executor');
    expect(rows.find((r) => r.title === 'Round 1')).toMatchObject({
      detail: '5 of 7 tests pass',
      tone: 'bad'
    });
    expect(rows.find((r) => r.title === 'Reference check')?.detail).toBe(
      "the designer's tests on the reference solution — 6/7 hold, 1 wrong"
    );
    expect(titles).not.toContain('agentcoder-round');
  });
});
