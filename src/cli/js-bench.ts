/**
 * What running JavaScript in QuickJS costs against V8, per program, in one run: the JavaScript
 * lessons' reference solutions on all their tests, and a CPU-heavy program (a longest common
 * subsequence table of 1,500 × 1,500 cells). Both engines run the same harness, one program at
 * a time: in Node, QuickJS in this thread (`createQuickJsSandbox`) and V8 in a Node process per
 * program (`createNodeJsSandbox`); with `--browser`, also in Chromium, the app's QuickJS worker
 * against the old V8 worker (`js-bench-browser.ts`). Per program, median of the rounds: the run
 * (program and tests, from the harness's start to its report), the round trip (request to
 * result, engine start included), and QuickJS's run time as a multiple of V8's. A fresh QuickJS
 * engine's start in Node (a WebAssembly instance and the harness) is timed on its own.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import type { ExecRequest, ExecResult } from '../lib/core/run/effects';
import { createNodeJsSandbox, type NodeJsSandbox } from '../lib/runtimes/javascript/node/sandbox';
import { prepareQuickJs } from '../lib/runtimes/javascript/quickjs/host';
import { createQuickJsSandbox, nodeQuickJsLoader } from '../lib/runtimes/javascript/quickjs/node';
import { browserTimings } from './js-bench-browser';

interface Program {
  name: string;
  request: ExecRequest;
}

type Test = ExecRequest['tests'][number];

function lessonProgram(file: string): Program {
  const problem = parse(readFileSync(file, 'utf8')) as {
    id: string;
    entryPoint: string;
    reference: string;
    visibleTests: Test[];
    hiddenTests: Test[];
  };
  return {
    name: `${problem.id} (${problem.visibleTests.length + problem.hiddenTests.length} tests)`,
    request: {
      language: 'javascript',
      code: problem.reference,
      entryPoint: problem.entryPoint,
      tests: [...problem.visibleTests, ...problem.hiddenTests],
      timeoutMs: 60_000,
      suite: 'hidden'
    }
  };
}

const LCS = [
  'function lcs(a, b) {',
  '  let previous = new Array(b.length + 1).fill(0);',
  '  for (let i = 1; i <= a.length; i++) {',
  '    const row = [0];',
  '    for (let j = 1; j <= b.length; j++) {',
  '      row.push(a[i - 1] === b[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], row[j - 1]));',
  '    }',
  '    previous = row;',
  '  }',
  '  return previous[b.length];',
  '}'
].join('\n');

/** Two 1,500-letter strings from a small fixed generator, so every run computes the same. */
const LCS_INPUT =
  "...(() => { let s = 7; const word = () => Array.from({ length: 1500 }, () => 'acgt'[(s = (s * 1103515245 + 12345) % 2147483648) % 4]).join(''); return [word(), word()]; })()";

function programs(): Program[] {
  return [
    lessonProgram('lessons/02-self-debugging/problem.javascript.yaml'),
    lessonProgram('lessons/04-self-planning/problem.javascript.yaml'),
    {
      name: 'CPU-heavy: LCS 1500 × 1500',
      request: {
        language: 'javascript',
        code: LCS,
        entryPoint: 'lcs',
        tests: [{ input: LCS_INPUT }],
        timeoutMs: 60_000,
        suite: 'visible'
      }
    }
  ];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(0)).padStart(7) + ' ms';

interface Timing {
  run: number;
  trip: number;
  result: ExecResult;
}

async function time(sandbox: NodeJsSandbox, request: ExecRequest): Promise<Timing> {
  const started = performance.now();
  const result = await sandbox.execute(request);
  return { run: result.durationMs, trip: performance.now() - started, result };
}

function verdict(result: ExecResult): string {
  const passed = result.tests.filter((t) => t.status === 'pass' || t.status === 'ran').length;
  return `${result.status}, ${passed}/${result.tests.length}`;
}

type Rows = Record<'QuickJS' | 'V8', Timing[]>;

/** Prints one program's rows (medians) and QuickJS's run time as a multiple of V8's. */
function printProgram(name: string, rows: Rows): void {
  const runs = { QuickJS: 0, V8: 0 };
  for (const engine of ['QuickJS', 'V8'] as const) {
    const timings = rows[engine];
    runs[engine] = median(timings.map((t) => t.run));
    const trip = median(timings.map((t) => t.trip));
    console.log(
      `${name.padEnd(30)} ${engine.padEnd(8)} ${ms(runs[engine])}    ${ms(trip)}  ${verdict(timings[0].result)}`
    );
  }
  const actuals = (t: Timing) => t.result.tests.map((test) => test.actual).join();
  const same = actuals(rows.QuickJS[0]) === actuals(rows.V8[0]);
  console.log(
    `${''.padEnd(30)} QuickJS / V8: ${(runs.QuickJS / runs.V8).toFixed(1)}× the run time${same ? '' : ' (results differ!)'}\n`
  );
}

const HEADER = `${'program'.padEnd(30)} ${'engine'.padEnd(8)} ${'run'.padStart(10)} ${'round trip'.padStart(11)}  verdict`;

/** In Node: QuickJS in this thread, V8 in a Node process per program. */
async function inNode(list: Program[], rounds: number): Promise<void> {
  const quickjs = await createQuickJsSandbox({ maxWorkers: 1 });
  const v8 = await createNodeJsSandbox({ maxWorkers: 1 });
  try {
    const loader = nodeQuickJsLoader();
    const starts: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      await prepareQuickJs(loader);
      starts.push(performance.now() - started);
    }
    console.log(`Node. QuickJS engine start (wasm instance + harness): ${ms(median(starts))}\n`);
    console.log(HEADER);
    for (const program of list) {
      const rows: Rows = { QuickJS: [], V8: [] };
      for (let i = 0; i < rounds; i++) {
        // Alternate, so a busy moment on the shared machine hits both engines alike.
        rows.QuickJS.push(await time(quickjs, program.request));
        rows.V8.push(await time(v8, program.request));
      }
      printProgram(program.name, rows);
    }
  } finally {
    await quickjs.dispose();
    await v8.dispose();
  }
}

/** In Chromium: the app's QuickJS worker against the old V8 worker. */
async function inBrowser(list: Program[], rounds: number): Promise<void> {
  const timings = await browserTimings(
    list.map((p) => p.request),
    rounds
  );
  console.log("Chromium (Vite dev server), the app's workers\n");
  console.log(HEADER);
  list.forEach((program, index) => {
    const mine = timings.filter((t) => t.program === index);
    printProgram(program.name, {
      QuickJS: mine.filter((t) => t.engine === 'QuickJS'),
      V8: mine.filter((t) => t.engine === 'V8')
    });
  });
}

export async function main(args: string[]): Promise<number> {
  const roundsArg = args.find((a) => a.startsWith('--rounds='));
  const rounds = roundsArg ? Math.max(1, Number(roundsArg.slice(9))) : 5;
  const list = programs();
  console.log(`load average at the start: ${loadavg()[0].toFixed(1)}; ${rounds} rounds, medians`);
  await inNode(list, rounds);
  if (args.includes('--browser')) await inBrowser(list, rounds);
  console.log(`load average at the end: ${loadavg()[0].toFixed(1)}`);
  return 0;
}
