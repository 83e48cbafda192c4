import { describe, expect, it } from 'vitest';
import { importProblemLine } from './import-line';

const humanEval = JSON.stringify({
  task_id: 'Ours/3',
  prompt: 'def halve(x):\n    """Half of x, rounded down.\n    >>> halve(7)\n    3\n    """\n',
  entry_point: 'halve',
  canonical_solution: '    return x // 2\n',
  test: 'def check(candidate):\n    assert candidate(8) == 4\n'
});

const mbpp = JSON.stringify({
  task_id: 904,
  text: 'Write a function to return the last digit of a number.',
  code: 'def last_digit(n):\r\n  return n % 10',
  test_list: ['assert last_digit(123) == 3', 'assert last_digit(50) == 0'],
  test_setup_code: '',
  challenge_test_list: []
});

describe('importProblemLine', () => {
  it('tells HumanEval and MBPP lines apart by their fields', () => {
    const he = importProblemLine(humanEval);
    expect(he).toMatchObject({
      ok: true,
      format: 'humaneval',
      problem: { id: 'ours-3', entryPoint: 'halve', visibleTests: [{ input: '7', expected: '3' }] }
    });
    expect(he.ok && he.note).toMatch(/examples come from the docstring/);
    const mb = importProblemLine(`\n${mbpp}\n`);
    expect(mb).toMatchObject({
      ok: true,
      format: 'mbpp',
      problem: { id: 'mbpp-904', entryPoint: 'last_digit' }
    });
    expect(mb.ok && mb.note).toBe(
      'Read as MBPP: the first plain assert is the example the model sees; all asserts grade the answer.'
    );
  });

  it('says why a text cannot be used', () => {
    const reason = (text: string) => {
      const r = importProblemLine(text);
      return r.ok ? 'accepted' : r.reason;
    };
    expect(reason('  ')).toBe('Paste one line of a HumanEval or MBPP .jsonl file.');
    expect(reason(`${mbpp}\n${mbpp}`)).toBe('Paste one line at a time: this text has 2 lines.');
    expect(reason('{"task_id": 1,')).toMatch(/^This is not a JSON line \(/);
    expect(reason('[1, 2]')).toBe('A problem line is one JSON object: {"task_id": …, …}.');
    expect(reason('{"task_id": 1, "question": "?"}')).toMatch(/neither HumanEval .* nor MBPP/);
    expect(reason('{"task_id": 1, "text": "x", "test_list": ["assert f(1) == 1"]}')).toBe(
      'This MBPP line cannot be read: the field "code" (the reference solution) is missing.'
    );
    expect(
      reason(
        '{"task_id": "A/1", "prompt": "def f(x):\\n", "entry_point": "f", "test": "def check(c): pass"}'
      )
    ).toMatch(/^This HumanEval line cannot be used: no visible tests/);
  });
});

it('says when some MBPP asserts run as a check', () => {
  const line = JSON.parse(mbpp) as Record<string, unknown>;
  line.test_list = ['assert last_digit(123) == 3', 'assert last_digit(9) in (9,)'];
  const imported = importProblemLine(JSON.stringify(line));
  expect(imported.ok && imported.note).toMatch(/not plain calls run as a check in the sandbox/);
});
