import { describe, expect, it } from 'vitest';
import type { ExecResult, TestOutcome } from '../../run/effects';
import { buildMatrix, disagreements, loadProblem, outputOf, type ProgramRun } from './cluster';
import { parseSeeds } from './seeds';
import { arityOf, arityProblem } from './signature';

const ran = (actual: string): TestOutcome => ({
  input: 'x',
  expected: '',
  status: 'ran',
  actual,
  error: null
});
const raised = (type: string): TestOutcome => ({
  input: 'x',
  expected: '',
  status: 'error',
  actual: null,
  error: { type, message: '', line: 3 }
});
const result = (tests: TestOutcome[], status: ExecResult['status'] = 'ok'): ExecResult => ({
  status,
  tests,
  error: null,
  stdout: '',
  stderr: '',
  durationMs: 1
});
const ok = (index: number, tests: TestOutcome[]): ProgramRun => ({
  index,
  result: result(tests),
  problem: null
});

describe('outputs and clusters', () => {
  it('an exception is an output: its type name', () => {
    expect(outputOf(raised('IndexError'))).toEqual({
      shown: 'raises IndexError',
      key: 'raises IndexError',
      crashed: true
    });
    expect(outputOf(ran('[1]'))).toMatchObject({ shown: '[1]', crashed: false });
  });

  it('groups programs by identical output vectors, in order of first member', () => {
    const runs = [
      ok(1, [ran('1'), ran('2')]),
      ok(2, [ran('1'), ran('3')]),
      ok(3, [ran('1'), ran('2')]),
      ok(4, [raised('ValueError'), ran('3')]),
      ok(5, [raised('ValueError'), ran('3')])
    ];
    const m = buildMatrix(runs, 2);
    expect(m.groups).toEqual([[0, 2], [1], [3, 4]]);
    expect(m.kept).toEqual([0, 1]);
    // Representatives 1, 2, 4 differ on input 0 (1 vs raises) and input 1 (2 vs 3).
    expect(disagreements(m)).toEqual([0, 1]);
  });

  it('sets that print in different orders are the same output', () => {
    const m = buildMatrix([ok(1, [ran("{'a', 'b'}")]), ok(2, [ran("{'b', 'a'}")])], 1);
    expect(m.groups).toEqual([[0, 1]]);
  });

  it('drops an input on which every program crashed, saying with what', () => {
    const runs = [
      ok(1, [raised('IndexError'), ran('1')]),
      ok(2, [raised('IndexError'), ran('2')]),
      ok(3, [raised('ZeroDivisionError'), ran('1')])
    ];
    const m = buildMatrix(runs, 2);
    expect(m.kept).toEqual([1]);
    expect(m.dropped).toEqual([
      {
        input: 0,
        reason:
          'every program crashed on it (raises IndexError ×2, raises ZeroDivisionError ×1): it probably breaks the contract'
      }
    ]);
    // Input 0 no longer separates program 3 from 1.
    expect(m.groups).toEqual([[0, 2], [1]]);
  });

  it('keeps an input that only some programs crash on (that is a difference)', () => {
    const m = buildMatrix([ok(1, [raised('KeyError')]), ok(2, [ran('None')])], 1);
    expect(m.kept).toEqual([0]);
    expect(m.groups).toEqual([[0], [1]]);
  });

  it('leaves out programs that did not run, and does not count them as crashing', () => {
    const runs: ProgramRun[] = [
      { index: 1, result: null, problem: 'the reply had no program' },
      ok(2, [ran('1')]),
      ok(3, [ran('1')])
    ];
    const m = buildMatrix(runs, 1);
    expect(m.outputs[0]).toBeNull();
    expect(m.groups).toEqual([[1, 2]]);
    expect(disagreements(m)).toEqual([]);
  });

  it('a program that did not load is a problem; one that timed out on an input is not', () => {
    const broken = {
      ...result([{ ...ran('1'), status: 'not-run', actual: null }], 'error'),
      error: { type: 'SyntaxError', message: 'invalid syntax', line: 2 }
    };
    expect(loadProblem(broken)).toBe('it did not load: SyntaxError at line 2: invalid syntax');
    const slow = result([ran('1'), { ...ran('1'), status: 'timeout', actual: null }], 'timeout');
    expect(loadProblem(slow)).toBeNull();
  });
});

describe('signature and seeds', () => {
  const prompt = `def f(a: list[int], b: dict[str, int] = {'x': 1}, *, c=2) -> int:\n    """doc"""`;

  it('reads the arity from the def line (defaults, annotations with commas, bare *)', () => {
    expect(arityOf(prompt, 'f')).toEqual({ names: ['a', 'b'], min: 1, max: 2 });
    expect(arityOf('def g(x, *rest): pass', 'g')).toEqual({
      names: ['x', 'rest'],
      min: 1,
      max: Infinity
    });
    expect(arityOf('no def here', 'f')).toBeNull();
    expect(arityProblem({ names: [], min: 1, max: 2 }, 3)).toBe(
      'it has 3 arguments; the function takes at most 2'
    );
  });

  it('keeps literal lines, unwraps calls and list markers, drops the rest with a reason', () => {
    const reply = [
      'Here are inputs:',
      '```python',
      '[1, 2]',
      "f([3], {'y': 2})",
      '- [4]',
      'list(range(5))',
      '[1, 2], {}, 3',
      '[1,2]',
      '```'
    ].join('\n');
    const parsed = parseSeeds(reply, 'f', arityOf(prompt, 'f'), 10);
    expect(parsed.seeds.map((s) => s.source)).toEqual(['[1, 2]', "[3], {'y': 2}", '[4]']);
    expect(parsed.dropped).toEqual([
      { source: 'list(range(5))', reason: 'not a literal: list is a name, not a literal' },
      {
        source: '[1, 2], {}, 3',
        reason: 'wrong number of arguments: it has 3 arguments; the function takes at most 2'
      },
      { source: '[1,2]', reason: 'the same input again' }
    ]);
  });

  it('stops at the number of seeds asked for', () => {
    const parsed = parseSeeds('1\n2\n3', 'f', null, 2);
    expect(parsed.seeds).toHaveLength(2);
    expect(parsed.dropped).toEqual([{ source: '3', reason: 'more than the 2 seeds asked for' }]);
  });
});
