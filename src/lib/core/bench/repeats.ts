/**
 * Repeats of a benchmark run in the page: with K > 1, each technique entry ran K times with
 * different seeds, one solve folder a seed (grouped by {@link SolveFolder.group}). Per task,
 * the share of those runs that solved it, and whether it is flaky (solved by some seeds, not
 * all); over the tasks, pass@k for k = 1..K with the K runs of a task as its n samples.
 */
import { passAtKOverProblems, type PassAtKReport } from '../metrics/pass-at-k';
import type { SolveFolder } from './folder';

/** A task over the repeats of one technique. */
export interface TaskShare {
  taskId: string;
  /** runs of the task that finished (K once the benchmark is done) */
  runs: number;
  /** of those, the runs that solved it */
  solved: number;
  /** solved by some seeds but not all */
  flaky: boolean;
}

/** One technique entry over its K repeats. */
export interface RepeatSummary {
  /** the entry's name (the folders' `group`) */
  label: string;
  /** the seeds of its folders, in order */
  seeds: number[];
  /** the tasks in the order they first appear */
  tasks: TaskShare[];
  /** pass@k for k = 1..K (a k above a task's finished runs is skipped, with the reason) */
  passAtK: PassAtKReport;
}

/** The folders of a group, by group name, in the order the groups first appear. */
export function groupsOf(folders: readonly SolveFolder[]): Map<string, SolveFolder[]> {
  const groups = new Map<string, SolveFolder[]>();
  for (const folder of folders) {
    if (folder.group === undefined) continue;
    groups.set(folder.group, [...(groups.get(folder.group) ?? []), folder]);
  }
  return groups;
}

/** Per group with more than one repeat: the share of runs that solved each task, and pass@k. */
export function repeatSummaries(folders: readonly SolveFolder[]): RepeatSummary[] {
  const summaries: RepeatSummary[] = [];
  for (const [label, members] of groupsOf(folders)) {
    if (members.length < 2) continue;
    const tasks = new Map<string, TaskShare>();
    for (const folder of members) {
      // a task listed twice in a folder counts once, with its last line (as the grid shows it)
      const last = new Map(folder.lines.map((l) => [l.task_id, l.passed]));
      for (const [taskId, passed] of last) {
        const share = tasks.get(taskId) ?? { taskId, runs: 0, solved: 0, flaky: false };
        share.runs++;
        if (passed) share.solved++;
        tasks.set(taskId, share);
      }
    }
    const shares = [...tasks.values()].map((t) => ({
      ...t,
      flaky: t.solved > 0 && t.solved < t.runs
    }));
    const ks = Array.from({ length: members.length }, (_, i) => i + 1);
    summaries.push({
      label,
      seeds: members.map((f) => f.seed ?? 0),
      tasks: shares,
      passAtK: passAtKOverProblems(
        shares.map((t) => ({ n: t.runs, c: t.solved })),
        ks
      )
    });
  }
  return summaries;
}
