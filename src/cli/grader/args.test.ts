import { describe, expect, it } from 'vitest';
import { parseGradeArgs } from './args';

describe('parseGradeArgs', () => {
  it('has human-eval defaults: 3 s, k = 1, 10, 100', () => {
    expect(parseGradeArgs(['p.jsonl', 's.jsonl'], 2)).toEqual({
      kind: 'run',
      options: {
        problemsPath: 'p.jsonl',
        samplesPath: 's.jsonl',
        timeoutMs: 3000,
        ks: [1, 10, 100],
        jobs: 2
      }
    });
  });

  it('reads --timeout, --k and --jobs in either form', () => {
    const parsed = parseGradeArgs(
      ['--timeout', '0.5', 'p.jsonl.gz', '--k=10,1,10', 's.jsonl', '--jobs', '3'],
      2
    );
    expect(parsed).toEqual({
      kind: 'run',
      options: {
        problemsPath: 'p.jsonl.gz',
        samplesPath: 's.jsonl',
        timeoutMs: 500,
        ks: [1, 10],
        jobs: 3
      }
    });
  });

  it('asks for help', () => {
    expect(parseGradeArgs(['--help'], 1)).toEqual({ kind: 'help' });
  });

  it.each([
    [[], /expected 2 files/],
    [['a'], /expected 2 files/],
    [['a', 'b', 'c'], /expected 2 files/],
    [['a', 'b', '--timeout', '0'], /--timeout/],
    [['a', 'b', '--timeout', 'soon'], /--timeout/],
    [['a', 'b', '--timeout', '500'], /--timeout/],
    [['a', 'b', '--k', '1,,10'], /--k/],
    [['a', 'b', '--k', '0'], /--k/],
    [['a', 'b', '--k', '2.5'], /--k/],
    [['a', 'b', '--jobs', '0'], /--jobs/],
    [['a', 'b', '--jobs', 'many'], /--jobs/],
    [['a', 'b', '--color'], /Unknown option/],
    [['a', 'b', '--timeout'], /argument missing/]
  ])('refuses %j', (argv, message) => {
    const parsed = parseGradeArgs(argv, 1);
    expect(parsed.kind).toBe('error');
    if (parsed.kind === 'error') expect(parsed.message).toMatch(message);
  });
});
