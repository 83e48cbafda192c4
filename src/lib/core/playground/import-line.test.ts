import { describe, expect, it } from 'vitest';
import { importProblemLine } from './import-line';
import { humanEvalX, multiPlE } from '../problems/from-js.fixtures';

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
    expect(reason('  ')).toBe(
      'Paste one line of a HumanEval, MBPP, HumanEval-X or MultiPL-E .jsonl file.'
    );
    expect(reason(`${mbpp}\n${mbpp}`)).toBe('Paste one line at a time: this text has 2 lines.');
    expect(reason('{"task_id": 1,')).toMatch(/^This is not a JSON line \(/);
    expect(reason('[1, 2]')).toBe('A problem line is one JSON object: {"task_id": …, …}.');
    expect(reason('{"task_id": 1, "question": "?"}')).toMatch(
      /neither HumanEval .* MBPP .* nor MultiPL-E/
    );
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

describe('importProblemLine, JavaScript', () => {
  const read = (line: object) => importProblemLine(JSON.stringify(line));
  const reason = (line: object) => {
    const imported = read(line);
    return imported.ok ? '' : imported.reason;
  };

  it('tells HumanEval-X and MultiPL-E lines from Python ones by their fields', () => {
    expect(read(humanEvalX)).toMatchObject({
      ok: true,
      format: 'humaneval-x',
      problem: {
        id: 'javascript-900',
        language: 'javascript',
        entryPoint: 'largestGap',
        hiddenTests: [{ check: humanEvalX.test }]
      },
      note: 'Read as HumanEval-X JavaScript: the examples come from its "example_test"; its "test" is the hidden check.'
    });
    expect(read(multiPlE)).toMatchObject({
      ok: true,
      format: 'multipl-e',
      problem: { language: 'javascript', entryPoint: 'split_words' },
      note: 'Read as MultiPL-E JavaScript: the examples come from the doc comment; its "tests" is the hidden check.'
    });
    expect(read({ ...multiPlE, language: 'ts' })).toMatchObject({
      ok: true,
      problem: { language: 'typescript' }
    });
    // No task id prefix and no language: a JavaScript header and no def is enough.
    const { task_id: _, ...bare } = humanEvalX;
    expect(read({ ...bare, task_id: 'Mine/1' })).toMatchObject({ ok: true, format: 'humaneval-x' });
    expect(read(JSON.parse(humanEval))).toMatchObject({ ok: true, format: 'humaneval' });
  });

  it('says why a JavaScript line cannot be used', () => {
    expect(reason({ ...humanEvalX, test: undefined })).toBe(
      'The line has no "test" (HumanEval-X) or "tests" (MultiPL-E) to grade with.'
    );
    expect(reason({ ...multiPlE, language: 'rs' })).toBe(
      'The line is in "rs"; only JavaScript and TypeScript are read here.'
    );
    expect(reason({ ...multiPlE, prompt: '// Split the words.\n' })).toMatch(
      /no "entry_point", and its prompt declares no function/
    );
    expect(
      reason({
        ...humanEvalX,
        prompt: 'const largestGap = (numbers) => {\n',
        example_test: undefined
      })
    ).toMatch(/^The problem cannot be used: no visible tests/);
    expect(reason({ ...humanEvalX, prompt: 7 })).toBe('"prompt" must be a string.');
  });
});
