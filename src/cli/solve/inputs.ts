/**
 * The inputs of `npm run solve`: the problems file (each line converted to a Problem, or the
 * reason it is skipped) and the answers file.
 */
import { readFile } from 'node:fs/promises';
import {
  fromHumanEval,
  SolveProblemSchema,
  type SolveProblem
} from '../../lib/core/problems/from-humaneval';
import { parseHumanEvalProblems, type ParsedLines } from '../../lib/core/problems/humaneval';
import type { Problem } from '../../lib/core/problems/problem';
import { FileError, readTextFile } from '../grader/files';
import type { ProgressOutput } from '../grader/progress';
import { parseAnswerBook, type AnswerBook } from './answers';
import type { SolveOptions } from './args';
import { isJsLine, jsTask } from './js-lines';

/** The run cannot go on; `message` is a sentence for people. */
export class SolveError extends Error {
  override name = 'SolveError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1
  ) {
    super(message);
  }
}

/** How many bad lines (or unfinished tasks) are listed before the rest are only counted. */
export const LISTED = 20;

/** A task to run: its problem, or null and the reason it is skipped. */
export interface Task {
  taskId: string;
  problem: Problem | null;
  reason: string;
  /** the HumanEval line's prompt, for samples.jsonl; null for a JavaScript or TypeScript line */
  prompt: string | null;
}

/**
 * Reads `--answers FILE.json`.
 * @throws FileError naming what is wrong with the file
 */
export async function readAnswers(path: string): Promise<AnswerBook> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new FileError(`Cannot read the answers file ${path}: ${(error as Error).message}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new FileError(`The answers file ${path} is not valid JSON.`);
  }
  const book = parseAnswerBook(json);
  if (typeof book === 'string') throw new FileError(`In ${path}: ${book}.`);
  return book;
}

/**
 * The problems to run, in the file's order, each converted or with the reason it is skipped.
 * Bad lines are printed with their line numbers.
 * @throws FileError when the file cannot be read, SolveError for an unknown --task or no problem
 */
export async function loadTasks(options: SolveOptions, out: ProgressOutput): Promise<Task[]> {
  const text = await readTextFile(options.problemsPath);
  // JavaScript lines are read on their own; blanking them keeps the other lines' numbers.
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const js = lines.map((raw) => (raw.trim() !== '' && isJsLine(raw) ? jsTask(raw) : null));
  const pythonText = lines.map((raw, i) => (js[i] ? '' : raw)).join('\n');
  const parsed = parseHumanEvalProblems(pythonText, SolveProblemSchema);
  for (const bad of parsed.problems.slice(0, LISTED)) {
    out.write(`${options.problemsPath}, line ${bad.line}: ${bad.message} (skipped)\n`);
  }
  if (parsed.problems.length > LISTED) {
    out.write(`… and ${parsed.problems.length - LISTED} more bad lines skipped\n`);
  }
  let items = inFileOrder(lines, js, parsed);
  if (options.tasks.length > 0) {
    const wanted = new Set(options.tasks);
    const known = new Set(items.map(taskIdOf));
    const unknown = options.tasks.filter((t) => !known.has(t));
    if (unknown.length > 0) {
      throw new SolveError(
        `No problem in ${options.problemsPath} has the task id ${unknown.map((t) => `"${t}"`).join(', ')}.`
      );
    }
    items = items.filter((p) => wanted.has(taskIdOf(p)));
  }
  if (items.length === 0)
    throw new SolveError(`No problem could be read from ${options.problemsPath}.`);
  const files = new Map<string, string>();
  return items.map((item) => {
    if ('reason' in item) return keepIfUnique(item, files);
    const converted = fromHumanEval(item);
    const base = { taskId: item.task_id, prompt: item.prompt };
    if (!converted.ok) return { ...base, problem: null, reason: converted.reason };
    return keepIfUnique({ ...base, problem: converted.problem, reason: '' }, files);
  });
}

type Item = SolveProblem | Task;
const taskIdOf = (item: Item) => ('reason' in item ? item.taskId : item.task_id);

/**
 * Python items and JavaScript tasks in the order of their lines. The Python parse keeps its
 * items in order and reports every line it did not keep, so the kept lines pair with the items.
 */
function inFileOrder(
  lines: readonly string[],
  js: readonly (Task | null)[],
  parsed: ParsedLines<SolveProblem>
): Item[] {
  const refused = new Set(parsed.problems.map((p) => p.line));
  const python = [...parsed.items];
  return lines.flatMap((raw, i): Item[] => {
    const task = js[i];
    if (task) return [task];
    if (raw.trim() === '' || refused.has(i + 1)) return [];
    const item = python.shift();
    return item ? [item] : [];
  });
}

/** The task, unless its log file would overwrite another task's. */
function keepIfUnique(task: Task, files: Map<string, string>): Task {
  if (!task.problem) return task;
  const clash = files.get(task.problem.id);
  if (clash !== undefined)
    return {
      ...task,
      problem: null,
      reason: `its log file ${task.problem.id}.json would overwrite that of "${clash}"`
    };
  files.set(task.problem.id, task.taskId);
  return task;
}
