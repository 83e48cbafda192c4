/**
 * The numbers behind /bench's charts, per technique: a technique is a group of repeats (a run
 * in the page with K > 1) or one folder. pass@k curves (over the K runs of a group, else the
 * folder's own pass@k); solve rate against tokens spent; and for self-debugging and Reflexion,
 * a turn-cap sweep read from the run logs (a Reflexion trial is its turn) with the 75th-percentile cap of "More with Less" (Peng & Gao,
 * arXiv 2510.16786): a fixed cap near the 75th percentile of the turns used without a limit.
 */
import { summarizeFolder } from './aggregate';
import type { SolveFolder } from './folder';
import type { ResultLine } from './result-line';
import { repeatSummaries } from './repeats';
import type { Run } from '../run/run';

/** A technique of the charts: its label and its folders (K of them for a group of repeats). */
export interface ChartTechnique {
  label: string;
  folders: SolveFolder[];
}

/** The techniques of the charts: each group of repeats once, each other folder by its label. */
export function chartTechniques(
  folders: readonly SolveFolder[],
  labels: readonly string[]
): ChartTechnique[] {
  const out: ChartTechnique[] = [];
  const byGroup = new Map<string, ChartTechnique>();
  folders.forEach((folder, i) => {
    if (folder.group === undefined) {
      out.push({ label: labels[i], folders: [folder] });
      return;
    }
    const known = byGroup.get(folder.group);
    if (known) known.folders.push(folder);
    else {
      const technique = { label: folder.group, folders: [folder] };
      byGroup.set(folder.group, technique);
      out.push(technique);
    }
  });
  return out;
}

/** One curve of the pass@k chart. */
export interface PassAtKSeries {
  label: string;
  points: { k: number; value: number }[];
}

/** pass@k per technique: over the K runs of a group, else the folder's own samples. */
export function passAtKSeries(techniques: readonly ChartTechnique[]): PassAtKSeries[] {
  return techniques.map(({ label, folders }) => {
    const report =
      folders.length > 1
        ? repeatSummaries(folders)[0].passAtK
        : summarizeFolder(label, folders[0]).passAtK;
    return { label, points: report.scores };
  });
}

/** One technique on the cost chart. */
export interface CostPoint {
  label: string;
  /** task runs (K × tasks for a group) */
  runs: number;
  solved: number;
  rate: number;
  /** mean tokens (in + out) a task run */
  tokensPerRun: number;
}

const tokensOf = (l: ResultLine) => l.tokens_in + l.tokens_out;

/** Solve rate against tokens spent, one point per technique (its runs pooled over seeds). */
export function costPoints(techniques: readonly ChartTechnique[]): CostPoint[] {
  return techniques.flatMap(({ label, folders }) => {
    const lines = folders.flatMap((f) => f.lines);
    if (lines.length === 0) return [];
    const solved = lines.filter((l) => l.passed).length;
    return [
      {
        label,
        runs: lines.length,
        solved,
        rate: solved / lines.length,
        tokensPerRun: lines.reduce((t, l) => t + tokensOf(l), 0) / lines.length
      }
    ];
  });
}

/** A self-debugging run as the sweep reads it. */
export interface TurnTrace {
  /** tokens (in + out) of each turn's model call, in order: turn t is entry t − 1 */
  turnTokens: number[];
  /** the turn whose program passed the hidden tests, or null when it was not solved */
  solvedAt: number | null;
}

/**
 * A self-debugging run's turns: each model call is a turn, and a solved run's passing program
 * is its last `program` note (the loop stops when the examples pass, then grades that program).
 */
export function turnTrace(run: Run, passed: boolean): TurnTrace {
  const turnTokens: number[] = [];
  let lastProgram: number | null = null;
  for (const e of run.events) {
    if (e.kind === 'model')
      turnTokens.push(e.result.usage.promptTokens + e.result.usage.completionTokens);
    else if (e.kind === 'note' && e.note.type === 'program') lastProgram = e.note.turn;
  }
  return { turnTokens, solvedAt: passed ? lastProgram : null };
}

/**
 * A Reflexion run's trials (iterations): trial t is its t-th program, and its tokens are those
 * of the model calls made since the previous trial's program: trial 1 carries the self-tests
 * call, trial t + 1 the reflection on trial t's failures. So a run capped at c trials spends
 * the tokens of trials 1..c: its self-tests, c programs and the c − 1 reflections between them.
 * Calls after the last program (a reply without code) are one more trial. A solved run's
 * passing program is its last.
 */
export function trialTrace(run: Run, passed: boolean): TurnTrace {
  const turnTokens: number[] = [];
  let pending = 0;
  let calls = 0;
  let lastProgram: number | null = null;
  for (const e of run.events) {
    if (e.kind === 'model') {
      pending += e.result.usage.promptTokens + e.result.usage.completionTokens;
      calls++;
    } else if (e.kind === 'note' && e.note.type === 'program') {
      lastProgram = e.note.turn;
      while (turnTokens.length < e.note.turn - 1) turnTokens.push(0);
      turnTokens[e.note.turn - 1] = (turnTokens[e.note.turn - 1] ?? 0) + pending;
      pending = 0;
      calls = 0;
    }
  }
  if (calls > 0) turnTokens.push(pending);
  return { turnTokens, solvedAt: passed ? lastProgram : null };
}

/** How each technique's logs read as turns, for the techniques that have a sweep. */
const TRACES: Record<string, { trace: typeof turnTrace; unit: TurnSweep['unit'] }> = {
  'self-debug': { trace: turnTrace, unit: 'turns' },
  reflexion: { trace: trialTrace, unit: 'trials' }
};

/** One cap of the sweep. */
export interface CapPoint {
  cap: number;
  /** runs whose passing program came at a turn ≤ cap */
  solved: number;
  rate: number;
  /** mean tokens a run spent through turn min(cap, its turns) */
  tokensPerRun: number;
}

/** A turn-cap sweep of one technique's self-debugging (or Reflexion) runs. */
export interface TurnSweep {
  label: string;
  /** what the cap counts: self-debugging's turns, Reflexion's trials */
  unit: 'turns' | 'trials';
  /** the runs read (tasks whose self-debug log opened) */
  runs: number;
  /** caps 1..N, N the most turns a run used */
  caps: CapPoint[];
  /** the 75th percentile of the turns the runs used (nearest rank) */
  p75: number;
}

/** The nearest-rank percentile p (0–100) of whole numbers: the ⌈p/100 · n⌉-th smallest. */
export function nearestRank(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The sweep of caps 1..N over some runs' traces. */
export function sweepOf(
  label: string,
  traces: readonly TurnTrace[],
  unit: TurnSweep['unit'] = 'turns'
): TurnSweep | null {
  const used = traces.map((t) => t.turnTokens.length).filter((n) => n > 0);
  if (used.length === 0) return null;
  const most = Math.max(...used);
  const caps: CapPoint[] = [];
  for (let cap = 1; cap <= most; cap++) {
    const solved = traces.filter((t) => t.solvedAt !== null && t.solvedAt <= cap).length;
    const tokens = traces.reduce(
      (sum, t) => sum + t.turnTokens.slice(0, cap).reduce((a, b) => a + b, 0),
      0
    );
    caps.push({
      cap,
      solved,
      rate: solved / traces.length,
      tokensPerRun: tokens / traces.length
    });
  }
  return { label, unit, runs: traces.length, caps, p75: nearestRank(used, 75) };
}

/**
 * The sweeps of the techniques whose opened logs are self-debugging or Reflexion runs (a
 * technique's logs are of one of them; should they mix, the first log's technique is swept).
 */
export function turnSweeps(techniques: readonly ChartTechnique[]): TurnSweep[] {
  return techniques.flatMap(({ label, folders }) => {
    const logs = folders.flatMap((folder) =>
      folder.lines.flatMap((line) => {
        const run = line.log ? folder.runs.get(line.log) : undefined;
        return run && Object.hasOwn(TRACES, run.technique) ? [{ run, passed: line.passed }] : [];
      })
    );
    if (logs.length === 0) return [];
    const { trace, unit } = TRACES[logs[0].run.technique];
    const traces = logs
      .filter(({ run }) => run.technique === logs[0].run.technique)
      .map(({ run, passed }) => trace(run, passed));
    const sweep = sweepOf(label, traces, unit);
    return sweep ? [sweep] : [];
  });
}
