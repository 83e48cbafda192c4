/**
 * The closing sentence, word for word in both styles (self-debugging says why its loop
 * stopped; the others do not), and what counts as passing every test.
 */
import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../../run/effects';
import type { RunContext } from '../../run/context';
import type { Note } from '../../run/events';
import type { Problem } from '../../problems/problem';
import { emitOutcome, passedAll, type Grade } from './grading';

const problem = {
  hiddenTests: [
    { input: '1', expected: '1' },
    { input: '2', expected: '2' },
    { input: '3', expected: '3' }
  ]
} as unknown as Problem;

/** The message of the outcome note emitted for `code` and `grade`. */
function message(
  code: string | null,
  grade: Grade | null,
  words: Parameters<typeof emitOutcome>[4]
): string {
  const notes: Note[] = [];
  const ctx: Partial<RunContext> = { emit: (n) => void notes.push(n) };
  emitOutcome(ctx as RunContext, problem, code, grade, words);
  expect(notes).toHaveLength(1);
  const [note] = notes;
  if (note.type !== 'outcome') throw new Error(`expected an outcome note, got ${note.type}`);
  return note.message;
}

const grade = (visiblePassed: boolean, hiddenPassed: number): Grade => ({
  visiblePassed,
  hiddenPassed,
  hiddenTotal: 3
});

describe('the outcome sentence', () => {
  it('states the verdict plainly, with the extra sentence after it', () => {
    const words = { why: 'the budget is spent', extra: 'Search: done.' };
    expect(message(null, null, words)).toBe(
      'No program was produced: the budget is spent. Search: done.'
    );
    expect(message('x', grade(true, 3), words)).toBe('All hidden tests pass. Search: done.');
    expect(message('x', grade(true, 1), words)).toBe(
      'Passed its examples but not the hidden tests (1/3): examples are not a proof. Search: done.'
    );
    expect(message('x', grade(false, 2), { why: '' })).toBe('2/3 hidden tests pass.');
  });

  it("opens with the loop's reason to stop when asked", () => {
    const words = { why: 'all visible examples pass', stopped: true };
    expect(message(null, null, words)).toBe('No program was produced: all visible examples pass.');
    expect(message('x', grade(true, 3), words)).toBe(
      'Stopped because all visible examples pass, and all hidden tests pass.'
    );
    expect(message('x', grade(true, 0), words)).toBe(
      'Passed its examples but not the hidden tests (0/3): examples are not a proof.'
    );
    expect(message('x', grade(false, 1), { why: 'the turn cap is reached', stopped: true })).toBe(
      'Stopped because the turn cap is reached; 1/3 hidden tests pass.'
    );
  });
});

describe('passedAll', () => {
  const result = (status: ExecResult['status'], statuses: string[]): ExecResult =>
    ({
      status,
      tests: statuses.map((s) => ({ input: '1', expected: '1', status: s })),
      error: null,
      stdout: '',
      stderr: '',
      durationMs: 0
    }) as ExecResult;

  it('needs a program that loaded, at least one test, and no test that did not pass', () => {
    expect(passedAll(result('ok', ['pass', 'pass']))).toBe(true);
    expect(passedAll(result('ok', ['pass', 'fail']))).toBe(false);
    expect(passedAll(result('ok', ['pass', 'timeout']))).toBe(false);
    expect(passedAll(result('error', []))).toBe(false);
    expect(passedAll(result('ok', []))).toBe(false);
  });
});
