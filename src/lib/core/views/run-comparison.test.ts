/** The comparison row of a log, the verdict words, and the same-problem check. */
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../run/events';
import type { Problem } from '../problems/problem';
import {
  compareRowOf,
  formatMs,
  latestProgramAt,
  problemMismatch,
  verdictText
} from './run-comparison';

const usage = (promptTokens: number, completionTokens: number) => ({
  promptTokens,
  completionTokens,
  estimated: false
});
const model = (seq: number, t: number, dur: number, assistants: number, p: number, c: number) =>
  ({
    kind: 'model',
    seq,
    t,
    dur,
    label: 'write',
    request: {
      messages: [
        { role: 'user', content: 'task' },
        ...Array.from({ length: assistants }, () => [
          { role: 'assistant' as const, content: 'code' },
          { role: 'user' as const, content: 'fix it' }
        ]).flat()
      ],
      temperature: 0,
      maxTokens: 100
    },
    result: { text: 'x', finishReason: 'stop', modelId: 'm', usage: usage(p, c) }
  }) satisfies RunEvent;
const execute = (seq: number, t: number, dur: number, suite: 'visible' | 'hidden') =>
  ({
    kind: 'execute',
    seq,
    t,
    dur,
    label: 'run',
    request: {
      language: 'python',
      code: 'def f(): pass',
      entryPoint: 'f',
      tests: [],
      timeoutMs: 1000,
      suite
    },
    result: { status: 'ok', tests: [], error: null, stdout: '', stderr: '', durationMs: dur }
  }) satisfies RunEvent;
const outcome = (seq: number, t: number, status: 'solved' | 'unsolved', hidden: number) =>
  ({
    kind: 'note',
    seq,
    t,
    note: {
      type: 'outcome',
      status,
      code: 'def f(): pass',
      visiblePassed: true,
      hiddenPassed: hidden,
      hiddenTotal: 4,
      message: ''
    }
  }) satisfies RunEvent;

/** A two-turn run: a call, the examples, a longer call, the examples, the hidden tests. */
const log: RunEvent[] = [
  model(0, 0, 30, 0, 100, 40),
  execute(1, 30, 12, 'visible'),
  model(2, 42, 50, 1, 180, 60),
  execute(3, 92, 8, 'visible'),
  execute(4, 100, 20, 'hidden'),
  outcome(5, 120, 'solved', 4)
];

describe('compareRowOf', () => {
  it('adds up calls, tokens, sandbox time, run time and turns from the log', () => {
    expect(compareRowOf(log)).toEqual({
      status: 'solved',
      visiblePassed: true,
      hiddenPassed: 4,
      hiddenTotal: 4,
      modelCalls: 2,
      tokensIn: 280,
      tokensOut: 100,
      tokensEstimated: false,
      executions: 3,
      sandboxMs: 40,
      wallMs: 120,
      turns: 2
    });
  });

  it('reads a prefix: no verdict yet, only what has happened', () => {
    expect(compareRowOf(log.slice(0, 2))).toMatchObject({
      status: null,
      modelCalls: 1,
      sandboxMs: 12,
      wallMs: 42,
      turns: 1
    });
    expect(compareRowOf([])).toMatchObject({ modelCalls: 0, turns: 0, wallMs: 0 });
  });

  it('counts fresh conversations as turn 1 however many calls they make', () => {
    const samples = [model(0, 0, 5, 0, 90, 30), model(1, 5, 5, 0, 90, 30)];
    expect(compareRowOf(samples)).toMatchObject({ modelCalls: 2, turns: 1, tokensIn: 180 });
  });

  it('overlapping executions (a parallel search) add their sandbox time, not their span', () => {
    const parallel = [execute(0, 0, 100, 'visible'), execute(1, 0, 80, 'visible')];
    expect(compareRowOf(parallel)).toMatchObject({ sandboxMs: 180, wallMs: 100 });
  });
});

describe('verdictText', () => {
  it('tells "solved", "passed its examples only" and "not solved" apart', () => {
    const row = compareRowOf(log);
    expect(verdictText(row)).toBe('Solved (4/4 hidden tests)');
    expect(verdictText({ ...row, status: 'unsolved', hiddenPassed: 2 })).toBe(
      'Passed its examples only (2/4 hidden tests)'
    );
    expect(verdictText({ ...row, status: 'unsolved', visiblePassed: false, hiddenPassed: 0 })).toBe(
      'Not solved (0/4 hidden tests)'
    );
    expect(verdictText({ ...row, status: null })).toBe('No verdict yet');
  });
});

describe('formatMs', () => {
  it('writes ms under a second, else seconds', () => {
    expect(formatMs(840.4)).toBe('840 ms');
    expect(formatMs(2314)).toBe('2.31 s');
  });
});

describe('problemMismatch', () => {
  const problem: Problem = {
    id: 'p',
    language: 'python',
    title: 'P',
    prompt: 'def f(): ...',
    entryPoint: 'f',
    visibleTests: [{ input: '1', expected: '1' }],
    hiddenTests: [{ input: '2', expected: '2' }],
    reference: 'def f(x): return x'
  };

  it('accepts the same problem, even without its reference', () => {
    const { reference: _, ...bare } = problem;
    expect(problemMismatch(problem, { ...problem })).toBeNull();
    expect(problemMismatch(problem, bare)).toBeNull();
  });

  it('refuses another problem, and the same id with other tests, in plain words', () => {
    expect(problemMismatch(problem, { ...problem, id: 'q', title: 'Q' })).toMatch(
      /different problems \(“P” and “Q”\)/
    );
    expect(
      problemMismatch(problem, { ...problem, hiddenTests: [{ input: '3', expected: '3' }] })
    ).toMatch(/prompt or tests differ/);
  });
});

describe('latestProgramAt', () => {
  const note = (seq: number, n: Extract<RunEvent, { kind: 'note' }>['note']): RunEvent => ({
    kind: 'note',
    seq,
    t: 0,
    note: n
  });
  it('finds the newest version, sample or search node, skipping those without code', () => {
    expect(latestProgramAt([])).toBeNull();
    const v1 = note(0, { type: 'program', turn: 1, code: 'a' });
    expect(latestProgramAt([v1])).toEqual({ code: 'a', name: 'version 1' });
    const node = (seq: number, id: number, code: string | null) =>
      note(seq, {
        type: 'tree-node',
        id,
        parent: 0,
        depth: 1,
        strategy: null,
        code,
        used: id
      });
    expect(latestProgramAt([v1, node(1, 1, 'b'), node(2, 2, null)])).toEqual({
      code: 'b',
      name: 'node 1'
    });
    const sample = note(3, {
      type: 'sample',
      index: 2,
      seed: 7,
      code: 'c',
      visiblePassed: true,
      hiddenPassed: 1,
      hiddenTotal: 1,
      passed: true
    });
    expect(latestProgramAt([v1, sample])).toEqual({ code: 'c', name: 'sample 2' });
  });
});
