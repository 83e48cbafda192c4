/**
 * The numbers of /bench: per technique (one solve folder), what it solved with a 95% Wilson
 * interval, pass@k where every task has at least k samples, and what it cost; and the grid of
 * task × technique. Pure functions of the folders' lines and logs.
 */
import { passAtKOverProblems, type PassAtKReport } from '../metrics/pass-at-k';
import type { Run } from '../run/run';
import type { SolveFolder } from './folder';
import type { ResultLine, StopReason } from './result-line';
import { wilsonInterval, type Interval } from './wilson';

/** The k of pass@k the table asks for; those above the fewest samples of a task are left out. */
export const PASS_AT_KS = [1, 2, 5, 10, 20, 50, 100] as const;

/** A technique's row of the results table. */
export interface TechniqueSummary {
  label: string;
  /** tasks in its results file (skipped ones included: they count as not solved) */
  tasks: number;
  solved: number;
  skipped: number;
  /** solved / tasks, or null with no task */
  rate: number | null;
  /** 95% Wilson interval of `rate` */
  interval: Interval | null;
  /** pass@k per task samples: sampling's `{n, c}`, else one sample (its verdict) a task */
  passAtK: PassAtKReport;
  modelCalls: number;
  tokensIn: number;
  tokensOut: number;
  /** some token counts are estimates (the server sent none) */
  tokensEstimated: boolean;
  /** seconds the sandbox spent running programs, over the run logs that were opened */
  sandboxSeconds: number;
  /** how many of the tasks' run logs were opened (sandbox seconds are counted over these) */
  logsOpened: number;
  /** how many tasks name a run log */
  logsNamed: number;
  /** the tasks' wall-clock seconds, summed (results.jsonl's `seconds`) */
  wallSeconds: number;
  /** (tokens in + out) / solved, or null when nothing was solved */
  tokensPerSolved: number | null;
}

/** Seconds the sandbox ran programs in a run: the logged durations of its execute effects. */
export function sandboxSeconds(run: Run): number {
  let ms = 0;
  for (const e of run.events) if (e.kind === 'execute') ms += e.dur;
  return ms / 1000;
}

/** The samples of a task for pass@k: sampling's counts, else its verdict as one sample. */
const samplesOf = (line: ResultLine) => line.samples ?? { n: 1, c: line.passed ? 1 : 0 };

/** The table row of one technique's folder. */
export function summarizeFolder(label: string, folder: SolveFolder): TechniqueSummary {
  const { lines } = folder;
  const solved = lines.filter((l) => l.passed).length;
  const sum = (pick: (l: ResultLine) => number) => lines.reduce((t, l) => t + pick(l), 0);
  const tokensIn = sum((l) => l.tokens_in);
  const tokensOut = sum((l) => l.tokens_out);
  const logs = lines.flatMap((l) => {
    const run = l.log ? folder.runs.get(l.log) : undefined;
    return run ? [run] : [];
  });
  const fewest = lines.reduce((min, l) => Math.min(min, samplesOf(l).n), Infinity);
  const ks = PASS_AT_KS.filter((k) => k === 1 || k <= fewest);
  return {
    label,
    tasks: lines.length,
    solved,
    skipped: lines.filter((l) => l.stop_reason === 'skipped').length,
    rate: lines.length === 0 ? null : solved / lines.length,
    interval: wilsonInterval(solved, lines.length),
    passAtK: passAtKOverProblems(lines.map(samplesOf), ks),
    modelCalls: sum((l) => l.model_calls),
    tokensIn,
    tokensOut,
    tokensEstimated: lines.some((l) => l.tokens_estimated),
    sandboxSeconds: logs.reduce((t, run) => t + sandboxSeconds(run), 0),
    logsOpened: logs.length,
    logsNamed: lines.filter((l) => l.log !== null).length,
    wallSeconds: sum((l) => l.seconds),
    tokensPerSolved: solved === 0 ? null : (tokensIn + tokensOut) / solved
  };
}

/** One cell of the grid: a task's result under a technique, and its run when its log opened. */
export interface GridCell {
  passed: boolean;
  stop: StopReason;
  detail: string;
  logName: string | null;
  run: Run | null;
}

/** A row of the grid: a task, and its cell per technique (null: that technique has no line for it). */
export interface GridRow {
  taskId: string;
  cells: (GridCell | null)[];
}

/**
 * The task × technique grid: tasks in the order they first appear over the folders, one
 * column per folder. A task listed twice in a folder keeps its last line.
 */
export function taskGrid(folders: readonly SolveFolder[]): GridRow[] {
  const rows = new Map<string, GridRow>();
  folders.forEach((folder, column) => {
    for (const line of folder.lines) {
      let row = rows.get(line.task_id);
      if (!row) {
        row = { taskId: line.task_id, cells: folders.map(() => null) };
        rows.set(line.task_id, row);
      }
      row.cells[column] = {
        passed: line.passed,
        stop: line.stop_reason,
        detail: line.detail,
        logName: line.log,
        run: (line.log && folder.runs.get(line.log)) || null
      };
    }
  });
  return [...rows.values()];
}

/**
 * Labels for the columns: the technique the logs name, else the results file's name; a label
 * that repeats gets its position (“self-debug · 2”), so two folders of one technique differ.
 */
export function folderLabels(folders: readonly SolveFolder[]): string[] {
  const base = folders.map((f) => f.technique ?? f.source);
  return base.map((label, i) => {
    const same = base.filter((b) => b === label).length;
    if (same === 1) return label;
    return `${label} · ${base.slice(0, i + 1).filter((b) => b === label).length}`;
  });
}
