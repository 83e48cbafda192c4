/**
 * HumanEval-shaped JSONL (openai/human-eval): problems `{task_id, prompt, entry_point, test,
 * canonical_solution?}` and samples `{task_id, completion, …}` (human-eval) or
 * `{task_id, solution, …}` (EvalPlus), one JSON object a line.
 *
 * Files like these come from other tools and are often edited by hand, so a bad line never
 * stops the parse: it is reported with its 1-based line number and a plain reason, and skipped.
 * Pure: takes text, so the browser and the CLI share it (the CLI reads and unzips files).
 */
import { z } from 'zod';

/** One line that was skipped, and why, in a sentence for people. */
export interface LineProblem {
  /** 1-based line number in the text */
  line: number;
  message: string;
}

/** What a parse kept, and the lines it skipped. */
export interface ParsedLines<T> {
  items: T[];
  problems: LineProblem[];
}

/** A string field whose errors read plainly: "the field … is missing", "… must be a string". */
function text(name: string) {
  return z.string({
    error: (issue) =>
      issue.input === undefined
        ? `the field "${name}" is missing`
        : `"${name}" must be a string, not ${describe(issue.input)}`
  });
}

/** One problem line; other fields are dropped (the grader needs none). */
export const HumanEvalProblemSchema = z.object({
  task_id: text('task_id').min(1, { error: '"task_id" is empty' }),
  prompt: text('prompt'),
  entry_point: text('entry_point').regex(/^[A-Za-z_]\w*$/, {
    error: '"entry_point" must be a Python function name'
  }),
  test: text('test').min(1, { error: '"test" is empty; it must define check(candidate)' }),
  canonical_solution: text('canonical_solution').optional()
});
/** A HumanEval problem; `test` defines `check(candidate)`, called as `check(entry_point)`. */
export type HumanEvalProblem = z.infer<typeof HumanEvalProblemSchema>;

/**
 * One sample line; its other fields are kept, since the results file echoes them all. Which of
 * `completion` and `solution` it must have is {@link sampleProgram}'s rule, checked after this.
 */
const HumanEvalSampleSchema = z.looseObject({
  task_id: text('task_id').min(1, { error: '"task_id" is empty' }),
  completion: text('completion').optional(),
  solution: text('solution').optional()
});
/**
 * One generated sample of a problem, plus whatever fields the generator added: a `completion`
 * (human-eval: the text after the prompt) or a `solution` (EvalPlus: the whole program).
 */
export type HumanEvalSample = z.infer<typeof HumanEvalSampleSchema>;

/** The program a sample stands for, or why the sample has none (a sentence for its line). */
export type SampleProgram = { ok: true; program: string } | { ok: false; message: string };

/**
 * The program a sample stands for, before the test is added: a human-eval `completion` goes
 * after the problem's prompt (prompt + completion); an EvalPlus `solution` is the whole program
 * and stands alone. EvalPlus reads both formats the same way. A sample with neither has nothing
 * to grade; one with both is refused rather than guessed at, since the two may disagree.
 */
export function sampleProgram(
  problem: Pick<HumanEvalProblem, 'prompt'>,
  sample: Pick<HumanEvalSample, 'completion' | 'solution'>
): SampleProgram {
  const { completion, solution } = sample;
  if (completion !== undefined && solution !== undefined) {
    return {
      ok: false,
      message:
        'the sample has both "completion" and "solution"; keep one: "completion" (human-eval, ' +
        'the text after the prompt) or "solution" (EvalPlus, the whole program)'
    };
  }
  if (solution !== undefined) return { ok: true, program: solution };
  if (completion !== undefined) return { ok: true, program: problem.prompt + completion };
  return {
    ok: false,
    message:
      'the sample has neither "completion" (human-eval, the text after the prompt) nor ' +
      '"solution" (EvalPlus, the whole program)'
  };
}

const QUOTE_LIMIT = 80;

function quote(value: string): string {
  const clipped = value.length > QUOTE_LIMIT ? `${value.slice(0, QUOTE_LIMIT)}…` : value;
  return JSON.stringify(clipped);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Parses each non-blank line as a JSON object with `schema`, then `accept` (which may refuse it
 * with a reason). Blank lines are skipped silently, as human-eval does.
 */
function parseLines<T>(
  source: string,
  schema: z.ZodType<T>,
  accept: (item: T, line: number) => string | null
): ParsedLines<T> {
  const result: ParsedLines<T> = { items: [], problems: [] };
  // A byte-order mark would make the first line invalid JSON.
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      result.problems.push({ line, message: `not valid JSON (${detail.slice(0, 200)})` });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      result.problems.push({ line, message: `expected a JSON object, found ${describe(value)}` });
      return;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const messages = [...new Set(parsed.error.issues.map((issue) => issue.message))];
      result.problems.push({ line, message: messages.join('; ') });
      return;
    }
    const refusal = accept(parsed.data, line);
    if (refusal) result.problems.push({ line, message: refusal });
    else result.items.push(parsed.data);
  });
  return result;
}

/**
 * Parses HumanEval problems, one JSON object a line. A line whose `task_id` was already seen is
 * skipped (the first one counts). `schema` may extend HumanEval's to keep more fields.
 */
export function parseHumanEvalProblems<T extends HumanEvalProblem = HumanEvalProblem>(
  source: string,
  schema: z.ZodType<T> = HumanEvalProblemSchema as z.ZodType<T>
): ParsedLines<T> {
  const firstLine = new Map<string, number>();
  return parseLines(source, schema, (problem, line) => {
    const seen = firstLine.get(problem.task_id);
    if (seen !== undefined)
      return `duplicate task_id ${quote(problem.task_id)} (first on line ${seen})`;
    firstLine.set(problem.task_id, line);
    return null;
  });
}

/**
 * Parses samples, one JSON object a line. With `taskIds`, a sample of any other task is skipped
 * (human-eval would stop with a KeyError), and so is one without exactly one of `completion`
 * and `solution` ({@link sampleProgram}). Every field of a sample is kept.
 */
export function parseHumanEvalSamples(
  source: string,
  taskIds?: ReadonlySet<string>
): ParsedLines<HumanEvalSample> {
  return parseLines(source, HumanEvalSampleSchema, (sample) => {
    const program = sampleProgram({ prompt: '' }, sample);
    if (!program.ok) return program.message;
    return taskIds && !taskIds.has(sample.task_id)
      ? `unknown task_id ${quote(sample.task_id)}: no problem has it`
      : null;
  });
}

/**
 * The program human-eval runs to grade `program` (a sample's, from {@link sampleProgram}),
 * character for character: program + "\n" + test + "\n" + "check(entry_point)".
 */
export function checkedProgram(problem: HumanEvalProblem, program: string): string {
  return `${program}\n${problem.test}\ncheck(${problem.entry_point})`;
}

/**
 * A human-eval `completion` that makes prompt + completion run a whole `program` (a model's
 * final program, which defines the entry point itself), for tools that only read completions.
 *
 * The program goes after the prompt on a line of its own and redefines the prompt's function;
 * the prompt's definitions stay (so a test that calls one of its helpers still finds it). A
 * prompt normally ends with a function whose body is its docstring, so nothing else is needed;
 * when it ends with a bare header (`def f(x):`), a `pass` gives that function a body first, or
 * Python would refuse the program. Null (no program) gives an empty completion: the prompt
 * alone, which fails like any missing answer.
 */
export function completionForProgram(prompt: string, program: string | null): string {
  if (program === null) return '';
  const lines = prompt.split('\n');
  const lastCode = lines.findLast((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  const opensBlock = lastCode !== undefined && /:\s*(#.*)?$/.test(lastCode);
  const body = opensBlock ? `${/^\s*/.exec(lastCode)![0]}    pass\n` : '';
  const start = prompt === '' || prompt.endsWith('\n') ? '' : '\n';
  const end = program.endsWith('\n') ? '' : '\n';
  return `${start}${body}\n${program}${end}`;
}

/**
 * The program human-eval runs for a completion, character for character:
 * prompt + completion + "\n" + test + "\n" + "check(entry_point)".
 */
export function humanEvalProgram(problem: HumanEvalProblem, completion: string): string {
  return checkedProgram(problem, problem.prompt + completion);
}
