/**
 * A HumanEval-shaped problem as the app's `Problem`: the `test` becomes the hidden check, and
 * the visible tests come from an optional `visible_tests` field or else from the docstring's
 * examples (see `doc-examples.ts`). A problem with neither cannot be run by techniques that
 * test against examples, so it is refused with the reason rather than given invented tests.
 */
import { z } from 'zod';
import { docExamples, parseExampleLine } from './doc-examples';
import { HumanEvalProblemSchema } from './humaneval';
import { ProblemSchema, TestCaseSchema, type Problem, type TestCase } from './problem';

/**
 * A problem line as the headless runner reads it: HumanEval's fields plus an optional
 * `visible_tests`, a list of `{input, expected}` objects or lines like `f(1) == 2`.
 */
export const SolveProblemSchema = HumanEvalProblemSchema.extend({
  visible_tests: z
    .array(z.union([TestCaseSchema, z.string().max(10_000)]), {
      error: '"visible_tests" must be a list of {input, expected} objects or lines like f(1) == 2'
    })
    .optional()
});
export type SolveProblem = z.infer<typeof SolveProblemSchema>;

/** Where the visible tests came from. */
type ExampleSource = 'visible_tests' | 'docstring';

type Converted =
  { ok: true; problem: Problem; examples: ExampleSource } | { ok: false; reason: string };

/** A kebab-case id from a task id: `HumanEval/12` → `humaneval-12`. */
export function problemIdOf(taskId: string): string {
  return taskId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120);
}

/** Names a prompt defines or imports at top level (helpers such as HumanEval/38's encode_cyclic). */
function topLevelNames(prompt: string): string[] {
  const names = new Set<string>();
  for (const line of prompt.split(/\r?\n/)) {
    const def = /^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)/.exec(line);
    if (def) names.add(def[1]);
    const assign = /^([A-Za-z_]\w*)\s*=/.exec(line);
    if (assign) names.add(assign[1]);
    const imported = /^(?:from\s+\S+\s+)?import\s+(.+)$/.exec(line);
    if (imported) {
      for (const part of imported[1].split(',')) {
        const name = part
          .trim()
          .split(/\s+as\s+/)
          .pop();
        if (name && /^[A-Za-z_][\w.]*$/.test(name)) names.add(name.split('.')[0]);
      }
    }
  }
  return [...names];
}

/**
 * The hidden check's source. The sandbox runs a check in a namespace of its own, so a test that
 * calls a helper defined in the prompt (`poly`, `encode_cyclic`) gets the prompt in front of it;
 * other tests run as they are.
 */
export function hiddenCheckSource(problem: {
  prompt: string;
  test: string;
  entry_point: string;
}): string {
  const needed = topLevelNames(problem.prompt).filter(
    (name) => name !== problem.entry_point && new RegExp(`\\b${name}\\b`).test(problem.test)
  );
  if (needed.length === 0) return problem.test;
  return `# The problem's prompt, for the helpers the test calls (${needed.join(', ')}).\n${problem.prompt}\n\n${problem.test}`;
}

function explicitExamples(
  lines: readonly (TestCase | string)[],
  entryPoint: string
): TestCase[] | string {
  const tests: TestCase[] = [];
  for (const [i, item] of lines.entries()) {
    if (typeof item !== 'string') {
      tests.push(item);
      continue;
    }
    const test = parseExampleLine(item, entryPoint);
    if (!test) {
      return `visible test ${i + 1} ("${item.slice(0, 60)}") is not a call of ${entryPoint} with == or -> and a value`;
    }
    tests.push(test);
  }
  return tests;
}

/** Converts one problem line; never throws. */
export function fromHumanEval(line: SolveProblem): Converted {
  const id = problemIdOf(line.task_id);
  if (id === '') return { ok: false, reason: `task_id "${line.task_id}" has no letters or digits` };
  let examples: ExampleSource = 'docstring';
  let visibleTests: TestCase[];
  if (line.visible_tests && line.visible_tests.length > 0) {
    const explicit = explicitExamples(line.visible_tests, line.entry_point);
    if (typeof explicit === 'string') return { ok: false, reason: explicit };
    visibleTests = explicit;
    examples = 'visible_tests';
  } else {
    visibleTests = docExamples(line.prompt, line.entry_point);
    if (visibleTests.length === 0) {
      return {
        ok: false,
        reason:
          `no visible tests: the problem has no "visible_tests" and its docstring shows no ` +
          `example of ${line.entry_point}(…) with a result (>>> lines, == or ➞)`
      };
    }
  }
  const reference =
    line.canonical_solution === undefined ? undefined : line.prompt + line.canonical_solution;
  const candidate = {
    id,
    language: 'python',
    title: line.task_id.slice(0, 200),
    prompt: line.prompt,
    entryPoint: line.entry_point,
    visibleTests,
    hiddenTests: [{ check: hiddenCheckSource(line) }],
    ...(reference !== undefined && reference.length <= 20_000 ? { reference } : {})
  };
  const checked = checkedProblem(candidate);
  return checked.ok ? { ...checked, examples } : checked;
}

/** A converted problem checked against the schema; the first issue, in words, when it fails. */
export function checkedProblem(
  candidate: unknown
): { ok: true; problem: Problem } | { ok: false; reason: string } {
  const parsed = ProblemSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: `the problem cannot be used: ${issue.path.join('.') || 'it'} ${issue.message}`
    };
  }
  return { ok: true, problem: parsed.data };
}
