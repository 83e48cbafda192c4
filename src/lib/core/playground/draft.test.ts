import { loadSelfDebuggingLesson } from '$lib/testing/self-debugging-lesson';
import { describe, expect, it } from 'vitest';
import { checkDraft, draftOf, EMPTY_DRAFT, type Draft } from './draft';
import type { Problem } from '../problems/problem';

const lesson = loadSelfDebuggingLesson().problem;

const typed: Draft = {
  language: 'python',
  id: 'count-vowels',
  title: 'Count the vowels',
  entryPoint: 'count_vowels',
  prompt:
    'def count_vowels(s: str) -> int:\n    """How many of the letters of s are vowels (a, e, i, o, u, either case)."""\n',
  visible: "'hello' -> 2\n# a comment line is skipped\n'SKY' -> 0",
  hidden: "'' -> 0\n'AEIOUaeiou' -> 10",
  check: '',
  reference: "def count_vowels(s):\n    return sum(c in 'aeiouAEIOU' for c in s)\n"
};

describe('checkDraft', () => {
  it('turns a typed problem into a Problem', () => {
    expect(checkDraft(typed)).toEqual({
      ok: true,
      problem: {
        id: 'count-vowels',
        language: 'python',
        title: 'Count the vowels',
        prompt: typed.prompt,
        entryPoint: 'count_vowels',
        visibleTests: [
          { input: "'hello'", expected: '2' },
          { input: "'SKY'", expected: '0' }
        ],
        hiddenTests: [
          { input: "''", expected: '0' },
          { input: "'AEIOUaeiou'", expected: '10' }
        ],
        reference: typed.reference
      }
    });
  });

  it('says what is wrong with each field, in words', () => {
    expect(checkDraft(EMPTY_DRAFT)).toEqual({
      ok: false,
      errors: {
        id: 'Give the problem an id, e.g. count-vowels.',
        title: 'Give the problem a short title.',
        entryPoint: 'Name the function the tests call, e.g. count_vowels.',
        prompt: 'Write what the function should do, under its signature.',
        visible: 'Give at least one example: the arguments, then -> and the expected value.',
        hidden: 'Give at least one hidden test (or a check function below) to grade the answer.'
      }
    });
    const wrong = checkDraft({
      ...typed,
      id: 'Count Vowels',
      entryPoint: 'count-vowels',
      visible: "'a' -> 1\n'b' 0\n'c' ->",
      hidden: '',
      check: 'assert True'
    });
    expect(wrong).toEqual({
      ok: false,
      errors: {
        id: 'Use lowercase letters, digits and hyphens only, e.g. count-vowels.',
        entryPoint:
          'A function name is letters, digits and underscores, not starting with a digit.',
        visible:
          'Examples, line 2: write the arguments, then -> and the expected value (and 1 more lines).',
        check: 'A check must define check(candidate) and assert on candidate(…).'
      }
    });
  });

  it('wants the signature of the entry point in the prompt', () => {
    const checked = checkDraft({ ...typed, prompt: 'Count the vowels of s.' });
    expect(checked.ok || checked.errors.prompt).toBe(
      'Start with the signature, e.g. def count_vowels(…):, so the model knows what to write.'
    );
  });

  it('accepts a check alone as the hidden tests', () => {
    const check = 'def check(candidate):\n    assert candidate("ab") == 1\n';
    const checked = checkDraft({ ...typed, hidden: '', check });
    expect(checked.ok && checked.problem.hiddenTests).toEqual([{ check }]);
  });

  it('puts what the schema still refuses next to its field', () => {
    const many = Array.from({ length: 201 }, (_, i) => `'${i}' -> 0`).join('\n');
    const checked = checkDraft({ ...typed, visible: many });
    expect(checked.ok || checked.errors.visible).toMatch(/^This does not fit: /);
  });
});

describe('draftOf', () => {
  it("round-trips a lesson's problem through the form", () => {
    expect(checkDraft(draftOf(lesson))).toEqual({ ok: true, problem: lesson });
  });

  it('merges several checks into one that calls each', () => {
    const problem: Problem = {
      ...lesson,
      hiddenTests: [
        { input: '[], 1, 0', expected: '0' },
        { check: 'def check(candidate):\n    assert candidate([1], 1, 1) == 1\n' },
        { check: 'def check(candidate):\n    assert candidate([2], 1, 1) == 0\n' }
      ]
    };
    const draft = draftOf(problem);
    expect(draft.hidden).toBe('[], 1, 0 -> 0');
    expect(draft.check).toBe(
      'def check_1(candidate):\n    assert candidate([1], 1, 1) == 1\n\n\n' +
        'def check_2(candidate):\n    assert candidate([2], 1, 1) == 0\n\n\n' +
        'def check(candidate):\n    check_1(candidate)\n    check_2(candidate)\n'
    );
  });
});
