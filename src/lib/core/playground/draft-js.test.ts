/**
 * The playground's form with a JavaScript (or TypeScript) problem: what it builds, and what it
 * refuses in words. Nothing here runs code (see echo-js.test.ts for the sandbox).
 */
import { loadSelfDebuggingLesson } from '$lib/testing/self-debugging-lesson';
import { describe, expect, it } from 'vitest';
import { checkDraft, draftOf, DraftSchema, type Draft } from './draft';
import { importProblemLine } from './import-line';
import { humanEvalX, multiPlE } from '../problems/from-js.fixtures';

const lessonJs = loadSelfDebuggingLesson().variants.javascript?.problem;

const typed: Draft = {
  language: 'javascript',
  id: 'count-vowels-js',
  title: 'Count the vowels',
  entryPoint: 'countVowels',
  prompt: '// How many letters of s are vowels, in either case.\nfunction countVowels(s) {\n',
  visible: "'hello' -> 2\n['a', 'b'].join('') -> 1",
  hidden: "'' -> 0\n'AEIOU' -> 5",
  check: '',
  reference: "const countVowels = (s) => [...s].filter((c) => 'aeiouAEIOU'.includes(c)).length;\n"
};

const errorsOf = (draft: Draft) => {
  const checked = checkDraft(draft);
  return checked.ok ? {} : checked.errors;
};

describe('checkDraft, JavaScript', () => {
  it('builds a JavaScript problem whose tests are JavaScript arguments and values', () => {
    const checked = checkDraft(typed);
    expect(checked).toEqual({
      ok: true,
      problem: {
        id: 'count-vowels-js',
        language: 'javascript',
        title: 'Count the vowels',
        prompt: typed.prompt,
        entryPoint: 'countVowels',
        visibleTests: [
          { input: "'hello'", expected: '2' },
          { input: "['a', 'b'].join('')", expected: '1' }
        ],
        hiddenTests: [
          { input: "''", expected: '0' },
          { input: "'AEIOU'", expected: '5' }
        ],
        reference: typed.reference
      }
    });
    const ts = checkDraft({ ...typed, language: 'typescript' });
    expect(ts.ok && ts.problem.language).toBe('typescript');
  });

  it('accepts the headers JavaScript and TypeScript declare functions with', () => {
    for (const prompt of [
      'const countVowels = (s) => {\n',
      'let countVowels = function (s) {\n',
      'export async function countVowels(s) {\n',
      'function countVowels<T extends string>(s: T): number {\n',
      'const countVowels: (s: string) => number = (s) => {\n'
    ]) {
      expect(errorsOf({ ...typed, prompt }), prompt).toEqual({});
    }
  });

  it('asks for a JavaScript signature, not a Python one, when the prompt declares none', () => {
    expect(errorsOf({ ...typed, prompt: 'def countVowels(s):\n    """Vowels."""' })).toEqual({
      prompt:
        'Start with the signature, e.g. function countVowels(…) {, so the model knows what to write.'
    });
    expect(errorsOf({ ...typed, prompt: '// uses countVowels(s)\nfunction other(s) {' })).toEqual({
      prompt:
        'Start with the signature, e.g. function countVowels(…) {, so the model knows what to write.'
    });
    expect(errorsOf({ ...typed, entryPoint: '' }).entryPoint).toBe(
      'Name the function the tests call, e.g. countVowels.'
    );
  });

  it('says which test line cannot be read', () => {
    expect(errorsOf({ ...typed, visible: "'hello' => 2", hidden: "'' -> 0\n'x' ->" })).toEqual({
      visible: 'Examples, line 1: write the arguments, then -> and the expected value.',
      hidden: 'Hidden tests, line 2: the expected value after -> is missing.'
    });
  });

  it('takes a JavaScript check, refuses a Python one or one that asserts nothing', () => {
    const check = 'console.assert(countVowels("sky") === 0)';
    const ok = checkDraft({ ...typed, hidden: '', check });
    expect(ok.ok && ok.problem.hiddenTests).toEqual([{ check }]);
    expect(
      errorsOf({ ...typed, check: 'def check(candidate):\n    assert candidate("a") == 1' }).check
    ).toMatch(/^This check is Python; for a JavaScript problem, write it in JavaScript/);
    expect(errorsOf({ ...typed, check: 'countVowels("a")' }).check).toMatch(
      /^A check must assert on the function/
    );
    // …and a Python problem refuses a JavaScript check.
    const python = { ...typed, language: 'python' as const, prompt: 'def countVowels(s):\n' };
    expect(errorsOf({ ...python, check }).check).toBe(
      'A check must define check(candidate) and assert on candidate(…).'
    );
  });
});

describe('draftOf, JavaScript', () => {
  it('keeps the language: a lesson problem goes through the form unchanged', () => {
    expect(lessonJs?.language).toBe('javascript');
    if (!lessonJs) return;
    const draft = draftOf(lessonJs);
    expect(draft.language).toBe('javascript');
    expect(checkDraft(draft)).toEqual({ ok: true, problem: lessonJs });
  });

  it('keeps a HumanEval-X and a MultiPL-E line as imported', () => {
    for (const line of [humanEvalX, multiPlE, { ...multiPlE, language: 'ts' }]) {
      const imported = importProblemLine(JSON.stringify(line));
      if (!imported.ok) throw new Error(imported.reason);
      expect(checkDraft(draftOf(imported.problem))).toEqual({
        ok: true,
        problem: imported.problem
      });
    }
  });

  it('puts several JavaScript checks in blocks of their own', () => {
    if (!lessonJs) return;
    const draft = draftOf({
      ...lessonJs,
      hiddenTests: [{ check: 'const a = 1;\nassert(a)' }, { check: 'const a = 2;\nassert(a)' }]
    });
    expect(draft.check).toBe('{\nconst a = 1;\nassert(a)\n}\n{\nconst a = 2;\nassert(a)\n}\n');
  });

  it('reads a draft saved before languages were offered as Python', () => {
    const { language: _, ...old } = typed;
    expect(DraftSchema.parse(old).language).toBe('python');
  });
});
