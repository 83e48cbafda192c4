/**
 * A JavaScript problem line as the app's `Problem`, from the two public shapes:
 *
 * - HumanEval-X (`task_id`, `prompt` = a doc comment and the function header, `test` = a test
 *   function of `console.assert` lines called at the end, `example_test` = the docstring's
 *   examples as asserts, `canonical_solution`);
 * - MultiPL-E (`name`, `language`, `prompt` = `//` comments and the header, `tests` = a
 *   `test()` of `assert.deepEqual(candidate(…), …)` lines).
 *
 * The test becomes the hidden check. Visible tests come from `visible_tests` if the line has
 * them, else from `example_test`, else from the doc comment's examples; a problem with none is
 * refused with the reason rather than given invented tests. Nothing here evaluates anything:
 * the source only ever runs in the sandbox.
 */
import { z } from 'zod';
import { problemIdOf } from './from-humaneval';
import { jsAssertExamples, jsDocExamples, parseJsExampleLine } from './js-examples';
import type { Language } from './languages';
import { ProblemSchema, TestCaseSchema, type Problem, type TestCase } from './problem';

const text = (name: string) =>
  z.string({ error: `"${name}" must be a string` }).max(200_000, `"${name}" is too long`);

/** The fields read from a line; others (declaration, stop_tokens, doctests…) are ignored. */
const JsLineSchema = z.object({
  task_id: text('task_id').optional(),
  name: text('name').optional(),
  language: text('language').optional(),
  prompt: text('prompt').min(1, '"prompt" is empty'),
  entry_point: text('entry_point').optional(),
  test: text('test').optional(),
  tests: text('tests').optional(),
  example_test: text('example_test').optional(),
  canonical_solution: text('canonical_solution').optional(),
  visible_tests: z
    .array(z.union([TestCaseSchema, z.string().max(10_000)]), {
      error: '"visible_tests" must be a list of {input, expected} objects or lines like f(1) === 2'
    })
    .optional()
});
type JsLine = z.infer<typeof JsLineSchema>;

/** Where the visible tests came from. */
type JsExampleSource = 'visible_tests' | 'example_test' | 'doc comment';

type JsLineResult = { problem: Problem; examples: JsExampleSource } | { error: string };

const HEADERS = [
  /^\s*(?:export\s+)?(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)\s*[(<]/,
  /^\s*(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]*)?=\s*(?:async\s+)?(?:function\b|\(|[A-Za-z_$][\w$]*\s*=>)/
];

/** The name of the last function the prompt declares (the one to complete), or null. */
export function jsEntryPoint(prompt: string): string | null {
  let name: string | null = null;
  for (const line of prompt.split(/\r?\n/)) {
    for (const header of HEADERS) {
      const m = header.exec(line);
      if (m) name = m[1];
    }
  }
  return name;
}

function languageOfLine(line: JsLine): Language | string {
  const given = (line.language ?? 'javascript').toLowerCase();
  if (given === 'js' || given === 'javascript') return 'javascript';
  if (given === 'ts' || given === 'typescript') return 'typescript';
  return given;
}

function visibleTestsOf(
  line: JsLine,
  entryPoint: string
): { tests: TestCase[]; examples: JsExampleSource } | string {
  if (line.visible_tests && line.visible_tests.length > 0) {
    const tests: TestCase[] = [];
    for (const [i, item] of line.visible_tests.entries()) {
      const test = typeof item === 'string' ? parseJsExampleLine(item, entryPoint) : item;
      if (!test)
        return `visible test ${i + 1} ("${String(item).slice(0, 60)}") is not a call of ${entryPoint} with === or => and a value`;
      tests.push(test);
    }
    return { tests, examples: 'visible_tests' };
  }
  const fromAsserts = line.example_test ? jsAssertExamples(line.example_test, entryPoint) : [];
  if (fromAsserts.length > 0) return { tests: fromAsserts, examples: 'example_test' };
  const fromDoc = jsDocExamples(line.prompt, entryPoint);
  if (fromDoc.length > 0) return { tests: fromDoc, examples: 'doc comment' };
  return (
    `no visible tests: the line has no "visible_tests" or "example_test", and its doc comment ` +
    `shows no example of ${entryPoint}(…) with a result (>>> lines, // => or ➞)`
  );
}

/**
 * Parses one JSON line of HumanEval-X or MultiPL-E JavaScript (or TypeScript) into a Problem.
 * Never throws: a line that cannot be used gives `{ error }`, one plain sentence.
 */
export function problemFromJsLine(source: string): JsLineResult {
  let value: unknown;
  try {
    value = JSON.parse(source.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { error: `The line is not valid JSON (${(error as Error).message.slice(0, 160)}).` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { error: 'The line must be one JSON object with "prompt" and "test" (or "tests").' };
  const parsed = JsLineSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const missing = issue.path.length > 0 && issue.code === 'invalid_type';
    const field = String(issue.path[0]);
    return {
      error:
        missing && (value as Record<string, unknown>)[field] === undefined
          ? `The field "${field}" is missing.`
          : `${issue.message}.`
    };
  }
  return fromLine(parsed.data);
}

function fromLine(line: JsLine): JsLineResult {
  const title = line.task_id ?? line.name;
  if (!title) return { error: 'The line has no "task_id" (HumanEval-X) or "name" (MultiPL-E).' };
  const id = problemIdOf(title);
  if (id === '') return { error: `The task id "${title}" has no letters or digits.` };
  const language = languageOfLine(line);
  if (language !== 'javascript' && language !== 'typescript')
    return { error: `The line is in "${language}"; only JavaScript and TypeScript are read here.` };
  const test = line.test ?? line.tests;
  if (!test?.trim())
    return { error: 'The line has no "test" (HumanEval-X) or "tests" (MultiPL-E) to grade with.' };
  const entryPoint = line.entry_point ?? jsEntryPoint(line.prompt);
  if (!entryPoint)
    return {
      error:
        'The line has no "entry_point", and its prompt declares no function ' +
        '(function name(…) or const name = (…) =>).'
    };
  if (!/^[A-Za-z_]\w*$/.test(entryPoint))
    return {
      error: `The entry point "${entryPoint}" is not a name the tests can call (letters, digits and _).`
    };
  const visible = visibleTestsOf(line, entryPoint);
  if (typeof visible === 'string') return { error: `The problem cannot be used: ${visible}.` };
  const reference =
    line.canonical_solution === undefined ? undefined : line.prompt + line.canonical_solution;
  const candidate = {
    id,
    language,
    title: title.slice(0, 200),
    prompt: line.prompt,
    entryPoint,
    visibleTests: visible.tests,
    hiddenTests: [{ check: test }],
    ...(reference !== undefined && reference.length <= 20_000 ? { reference } : {})
  };
  const checked = ProblemSchema.safeParse(candidate);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return {
      error: `The problem cannot be used: ${issue.path.join('.') || 'it'} ${issue.message}.`
    };
  }
  return { problem: checked.data, examples: visible.examples };
}
