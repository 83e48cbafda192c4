/**
 * A problems file for a benchmark run in the page: HumanEval or MBPP JSONL (and the JavaScript
 * lines the playground reads), one problem a line, each read by the playground's line importer
 * (`importProblemLine`). The file comes from anyone, so nothing here throws: a line that cannot
 * be used is listed with its number and reason, as `npm run solve` prints them, and a file with
 * no usable line is one sentence. At most {@link MAX_PROBLEMS} problems are kept.
 */
import { importProblemLine } from '../playground/import-line';
import type { Problem } from '../problems/problem';
import { MAX_PROBLEMS } from './plan';

/** A problem of the file with the task id its line gave (`HumanEval/0`, MBPP's `11`). */
export interface FileProblem {
  taskId: string;
  problem: Problem;
}

export type ProblemsFileReading =
  | {
      ok: true;
      problems: FileProblem[];
      /** the lines left out: `line 4: …`, at most {@link LISTED_SKIPS}, then a count */
      skipped: string[];
    }
  | { ok: false; message: string };

/** Skipped lines listed one by one; the rest are counted. */
export const LISTED_SKIPS = 20;

const quoted = (name: string) => `“${name}”`;

/** The line's task id as text, or null when it has none a results file could carry. */
function taskIdOfLine(line: string): string | null {
  try {
    const data = JSON.parse(line) as { task_id?: unknown };
    const id = data.task_id;
    if (typeof id === 'number' && Number.isInteger(id)) return String(id);
    return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : null;
  } catch {
    return null;
  }
}

const isJsonObject = (line: string) => {
  try {
    const data: unknown = JSON.parse(line);
    return typeof data === 'object' && data !== null && !Array.isArray(data);
  } catch {
    return false;
  }
};

/** Reads a problems file's text; `name` is its file name, for the sentences. */
export function readProblemsFile(text: string, name: string): ProblemsFileReading {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const filled = lines.map((line, i) => ({ line, number: i + 1 })).filter((l) => l.line.trim());
  if (filled.length === 0) return { ok: false, message: `${quoted(name)} is empty.` };
  if (!filled.some((l) => isJsonObject(l.line))) {
    return {
      ok: false,
      message: `${quoted(name)} is not a JSONL problems file: none of its lines is a JSON object. Open a HumanEval or MBPP .jsonl file, one problem a line.`
    };
  }
  const problems: FileProblem[] = [];
  const skips: string[] = [];
  const ids = new Map<string, number>();
  const taskIds = new Map<string, number>();
  let over = 0;
  for (const { line, number } of filled) {
    const imported = importProblemLine(line);
    if (!imported.ok) {
      skips.push(`line ${number}: ${imported.reason}`);
      continue;
    }
    const taskId = taskIdOfLine(line) ?? imported.problem.id;
    const earlier = taskIds.get(taskId) ?? ids.get(imported.problem.id);
    if (earlier !== undefined) {
      skips.push(`line ${number}: its task id “${taskId}” is that of line ${earlier} too.`);
      continue;
    }
    if (problems.length >= MAX_PROBLEMS) {
      over++;
      continue;
    }
    ids.set(imported.problem.id, number);
    taskIds.set(taskId, number);
    problems.push({ taskId, problem: imported.problem });
  }
  const skipped = skips.slice(0, LISTED_SKIPS);
  if (skips.length > LISTED_SKIPS) skipped.push(`… and ${skips.length - LISTED_SKIPS} more lines.`);
  if (over > 0) {
    skipped.unshift(
      `${over} more problems after the first ${MAX_PROBLEMS} were left out: a run takes at most ${MAX_PROBLEMS}.`
    );
  }
  if (problems.length === 0) {
    return {
      ok: false,
      message: `No line of ${quoted(name)} is a problem this page can run. ${skipped.slice(0, 3).join(' ')}`
    };
  }
  return { ok: true, problems, skipped };
}
