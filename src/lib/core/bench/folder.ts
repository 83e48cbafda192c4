/**
 * Reads the files of one `npm run solve` output folder: its `results.jsonl` (one line a task,
 * checked with {@link ResultLineSchema}) and the run logs its lines name. Files come from anyone,
 * so nothing here throws: a malformed line or file becomes a sentence naming the file and the
 * line, and everything else still loads.
 */
import type { Run } from '../run/run';
import { describeIssue } from '../share/issues';
import { parseRunFile } from '../share/run-file';
import { ResultLineSchema, type ResultLine } from './result-line';

/** A file as the page read it: its name (no folder) and its text. */
export interface TextFile {
  name: string;
  text: string;
}

/** One solve folder: the results of one technique over a problem set. */
export interface SolveFolder {
  /** the results file's name */
  source: string;
  /** the technique the run logs name (null when no log was opened) */
  technique: string | null;
  /** the lines that were valid, in the file's order */
  lines: ResultLine[];
  /** the run logs that opened, by file name */
  runs: ReadonlyMap<string, Run>;
  /** a run in the page with K > 1: the technique entry this folder is one repeat of */
  group?: string;
  /** that repeat's seed */
  seed?: number;
}

/** What {@link readSolveFolder} found: the folder (if a results file had a valid line) and what was wrong. */
export interface FolderReading {
  folder: SolveFolder | null;
  /** sentences for people, one per malformed file or line (long lists are shortened) */
  problems: string[];
}

/** The most result lines read from one file: a HumanEval-sized set is 164. */
export const MAX_RESULT_LINES = 100_000;
/** At most this many line problems are listed one by one; the rest are counted. */
const LISTED_LINE_PROBLEMS = 5;

const quoted = (name: string) => `“${name}”`;

/** A results file: results.jsonl, or another .jsonl that is not a samples file. */
function isResultsFile(name: string): boolean {
  return name === 'results.jsonl' || (/\.jsonl$/i.test(name) && !/samples|_results/i.test(name));
}

/** The valid lines of a results file, and a sentence per malformed one. */
export function parseResultLines(
  text: string,
  name: string
): { lines: ResultLine[]; problems: string[] } {
  const lines: ResultLine[] = [];
  const bad: string[] = [];
  const raw = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (raw.length > MAX_RESULT_LINES) {
    return {
      lines,
      problems: [`${quoted(name)} has more than ${MAX_RESULT_LINES} lines, so it was not read.`]
    };
  }
  raw.forEach((line, i) => {
    if (line.trim() === '') return;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch {
      bad.push(`line ${i + 1} is not JSON`);
      return;
    }
    const parsed = ResultLineSchema.safeParse(data, { reportInput: true });
    if (parsed.success) lines.push(parsed.data);
    else
      bad.push(
        `line ${i + 1}: ${describeIssue(parsed.error.issues[0]).replace(/^the run/, 'the line')}`
      );
  });
  const problems = bad
    .slice(0, LISTED_LINE_PROBLEMS)
    .map((what) => `${quoted(name)}, ${what}; that line was left out.`);
  if (bad.length > LISTED_LINE_PROBLEMS) {
    problems.push(
      `${quoted(name)} has ${bad.length - LISTED_LINE_PROBLEMS} more malformed lines, left out too.`
    );
  }
  if (lines.length === 0 && bad.length > 0) {
    problems.unshift(
      `${quoted(name)} is not a results file of npm run solve: none of its lines is a result, so nothing was loaded from it.`
    );
  }
  return { lines, problems };
}

/**
 * Reads the files picked or dropped together, taken as one solve folder: the results file and
 * the run logs (`*.json`) its lines name. Other files (samples.jsonl) are ignored. With no
 * results file, or one without a valid line, `folder` is null and `problems` says why.
 */
export function readSolveFolder(files: readonly TextFile[]): FolderReading {
  const problems: string[] = [];
  // results.jsonl itself first, whatever order the files came in.
  const results = files
    .filter((f) => isResultsFile(f.name))
    .sort((a, b) => Number(b.name === 'results.jsonl') - Number(a.name === 'results.jsonl'));
  if (results.length === 0) {
    return {
      folder: null,
      problems: [
        'None of these files is a results.jsonl, so there is nothing to show: open the files of a folder written by npm run solve, results.jsonl among them.'
      ]
    };
  }
  const [chosen, ...others] = results;
  for (const other of others) {
    problems.push(
      `${quoted(other.name)} was not read: open one folder’s results at a time (${quoted(chosen.name)} was read).`
    );
  }
  const parsed = parseResultLines(chosen.text, chosen.name);
  problems.unshift(...parsed.problems);
  if (parsed.lines.length === 0) {
    if (parsed.problems.length === 0) problems.unshift(`${quoted(chosen.name)} is empty.`);
    return { folder: null, problems };
  }
  const named = new Set(parsed.lines.flatMap((l) => (l.log ? [l.log] : [])));
  const runs = new Map<string, Run>();
  for (const file of files) {
    if (!named.has(file.name)) continue;
    const opened = parseRunFile(file.text, quoted(file.name));
    if (opened.ok) runs.set(file.name, opened.run);
    else problems.push(`${opened.message} Its task is shown without it.`);
  }
  const techniques = [...new Set([...runs.values()].map((r) => r.technique))];
  return {
    folder: {
      source: chosen.name,
      technique: techniques.length === 0 ? null : techniques.join(' + '),
      lines: parsed.lines,
      runs
    },
    problems
  };
}
