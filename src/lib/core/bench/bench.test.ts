/**
 * /bench's core over solve folders built here: result lines as `npm run solve` writes them and
 * run logs recorded by the real run context (a tiny technique, a stub sandbox whose logged
 * durations are then set to round numbers, so the sandbox seconds can be derived by hand).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Problem } from '../problems/problem';
import { runTechnique } from '../run/context';
import type { ExecResult, Sandbox } from '../run/effects';
import { LOG_VERSION } from '../run/events';
import type { Run } from '../run/run';
import type { Technique } from '../run/technique';
import { folderLabels, summarizeFolder, taskGrid } from './aggregate';
import { csvField, folderSamples, resultsCsv } from './export';
import { readSolveFolder, type SolveFolder, type TextFile } from './folder';
import type { ResultLine } from './result-line';

const problem = (id: string): Problem => ({
  id,
  language: 'python',
  title: id,
  prompt: 'def f(x):\n    """Return x."""\n',
  entryPoint: 'f',
  visibleTests: [{ input: '1', expected: '1' }],
  hiddenTests: [{ check: 'def check(candidate):\n    assert candidate(2) == 2\n' }]
});

/** Runs the program once against the examples and reports it as its outcome. */
const once: Technique<Record<string, never>> = {
  id: 'once',
  title: 'Once',
  citation: { authors: 'us', title: 't', venue: 'v', year: 2026, url: 'https://example.org' },
  params: z.object({}).strict(),
  async run(p, _params, ctx) {
    const code = 'def f(x):\n    return x';
    await ctx.execute(
      {
        language: 'python',
        code,
        entryPoint: p.entryPoint,
        tests: p.visibleTests,
        timeoutMs: 1000,
        suite: 'visible'
      },
      'run the examples'
    );
    ctx.emit({
      type: 'outcome',
      status: 'solved',
      code,
      visiblePassed: true,
      hiddenPassed: 1,
      hiddenTotal: 1,
      message: 'done'
    });
  }
};

const sandbox: Sandbox = {
  language: 'python',
  async execute(): Promise<ExecResult> {
    const tests = [
      { input: '1', expected: '1', status: 'pass' as const, actual: '1', error: null }
    ];
    return { status: 'ok', tests, error: null, stdout: '', stderr: '', durationMs: 1 };
  }
};

/** A run log's text, its execute effects logged as taking `ms` each. */
async function logText(id: string, ms: number): Promise<string> {
  const record = await runTechnique(once, problem(id), {}, { runtimes: { sandbox }, seed: 1 });
  const events = record.events.map((e) => (e.kind === 'execute' ? { ...e, dur: ms } : e));
  const run: Run = {
    version: LOG_VERSION,
    technique: 'once',
    params: {},
    problem: problem(id),
    model: { kind: 'endpoint', id: 'm', label: 'm', baseUrl: 'http://127.0.0.1:1/v1' },
    seed: 1,
    events
  };
  return JSON.stringify(run);
}

const line = (over: Partial<ResultLine>): ResultLine => ({
  task_id: 'T/0',
  passed: true,
  model_calls: 1,
  tokens_in: 100,
  tokens_out: 20,
  tokens_estimated: false,
  seconds: 1.5,
  stop_reason: 'finished',
  detail: 'stopped because the tests pass',
  retries: 0,
  log: null,
  ...over
});

const jsonl = (lines: readonly object[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';

/**
 * Ten tasks, seven solved: T/0…T/6 pass, T/7 and T/8 fail, T/9 is skipped. Logs for T/0 (2.5 s
 * in the sandbox) and T/7 (0.5 s). Each ran task: 2 calls, 100 tokens in, 20 out, 1.5 s.
 */
async function tenTasks(): Promise<TextFile[]> {
  const lines = Array.from({ length: 10 }, (_, i) =>
    line({
      task_id: `T/${i}`,
      passed: i < 7,
      model_calls: i === 9 ? 0 : 2,
      tokens_in: i === 9 ? 0 : 100,
      tokens_out: i === 9 ? 0 : 20,
      seconds: i === 9 ? 0 : 1.5,
      stop_reason: i === 9 ? 'skipped' : 'finished',
      log: i === 0 ? 't-0.json' : i === 7 ? 't-7.json' : null
    })
  );
  return [
    { name: 'results.jsonl', text: jsonl(lines) },
    { name: 't-0.json', text: await logText('t-0', 2500) },
    { name: 't-7.json', text: await logText('t-7', 500) },
    { name: 'samples.jsonl', text: 'ignored' }
  ];
}

function folderOf(files: TextFile[]): SolveFolder {
  const { folder, problems } = readSolveFolder(files);
  expect(problems).toEqual([]);
  if (!folder) throw new Error('no folder');
  return folder;
}

describe('a technique row', () => {
  it('solved with its Wilson interval, pass@1, and what it cost', async () => {
    const folder = folderOf(await tenTasks());
    expect(folder.technique).toBe('once');
    expect(folder.runs.size).toBe(2);
    const row = summarizeFolder('once', folder);
    expect(row).toMatchObject({ tasks: 10, solved: 7, skipped: 1, rate: 0.7 });
    // Wilson, z = 1.96, p = 0.7, n = 10: z²/n = 0.38415, denominator 1.38415;
    // centre = (0.7 + 0.19207) / 1.38415 = 0.64449;
    // half = (1.96 / 1.38415) · √(0.021 + 0.0096037) = 1.41600 · 0.17494 = 0.24772;
    // so [0.397, 0.892].
    expect(row.interval?.low).toBeCloseTo(0.3968, 3);
    expect(row.interval?.high).toBeCloseTo(0.8922, 3);
    // One sample a task (no sampling counts): pass@1 is the solve rate, and k = 2 … are not asked.
    expect(row.passAtK.scores).toEqual([{ k: 1, value: 0.7 }]);
    // 9 ran tasks × 2 calls, × 100 in, × 20 out; 9 × 1.5 s; 2.5 + 0.5 s in the sandbox.
    expect(row).toMatchObject({
      modelCalls: 18,
      tokensIn: 900,
      tokensOut: 180,
      wallSeconds: 13.5,
      sandboxSeconds: 3,
      logsOpened: 2,
      logsNamed: 2
    });
    // (900 + 180) / 7 solved
    expect(row.tokensPerSolved).toBeCloseTo(154.2857, 3);
  });

  it('pass@k from sampling counts, for k up to the fewest samples', () => {
    const folder: SolveFolder = {
      source: 'results.jsonl',
      technique: 'sampling',
      runs: new Map(),
      lines: [
        line({ task_id: 'A', samples: { n: 5, c: 2 } }),
        line({ task_id: 'B', passed: false, samples: { n: 5, c: 0 } })
      ]
    };
    const { passAtK } = summarizeFolder('sampling', folder);
    // A: pass@1 = 2/5, pass@2 = 1 − C(3,2)/C(5,2) = 1 − 3/10 = 0.7, pass@5 = 1; B: 0 for all.
    // Means over the two tasks: 0.2, 0.35, 0.5; k = 10 needs 10 samples: not asked.
    expect(passAtK.scores.map((s) => [s.k, Number(s.value.toFixed(6))])).toEqual([
      [1, 0.2],
      [2, 0.35],
      [5, 0.5]
    ]);
  });

  it('no solved task: no tokens per solved task, an interval from 0', () => {
    const folder: SolveFolder = {
      source: 'results.jsonl',
      technique: null,
      runs: new Map(),
      lines: [line({ passed: false }), line({ task_id: 'T/1', passed: false })]
    };
    const row = summarizeFolder('x', folder);
    expect(row.tokensPerSolved).toBeNull();
    // 0/2: centre = (0 + 1.92073/2) / (1 + 1.92073) = 0.32879 = half, so [0, 0.658].
    expect(row.interval?.low).toBe(0);
    expect(row.interval?.high).toBeCloseTo(0.6576, 3);
  });
});

describe('reading a folder', () => {
  it('a malformed line is named with its file and line; the others load', () => {
    const text = [
      JSON.stringify(line({ task_id: 'A' })),
      '{"task_id": "B", "passed": tru',
      JSON.stringify({ ...line({ task_id: 'C' }), passed: 'yes' }),
      JSON.stringify(line({ task_id: 'D', passed: false }))
    ].join('\n');
    const { folder, problems } = readSolveFolder([{ name: 'results.jsonl', text }]);
    expect(folder?.lines.map((l) => l.task_id)).toEqual(['A', 'D']);
    expect(folder?.technique).toBeNull();
    expect(problems).toEqual([
      '“results.jsonl”, line 2 is not JSON; that line was left out.',
      '“results.jsonl”, line 3: passed should be true or false; that line was left out.'
    ]);
  });

  it('results.jsonl is read before another .jsonl picked with it', async () => {
    const files = await tenTasks();
    const other = { name: 'old-run.jsonl', text: jsonl([line({ task_id: 'Z' })]) };
    const { folder, problems } = readSolveFolder([other, ...files]);
    expect(folder?.lines).toHaveLength(10);
    expect(problems).toEqual([
      '“old-run.jsonl” was not read: open one folder’s results at a time (“results.jsonl” was read).'
    ]);
  });

  it('a file with no result line loads nothing and says so', () => {
    const { folder, problems } = readSolveFolder([
      { name: 'results.jsonl', text: 'this is not\nJSON lines' }
    ]);
    expect(folder).toBeNull();
    expect(problems[0]).toBe(
      '“results.jsonl” is not a results file of npm run solve: none of its lines is a result, so nothing was loaded from it.'
    );
    expect(readSolveFolder([{ name: 'a.json', text: '{}' }]).problems[0]).toMatch(
      /^None of these files is a results.jsonl/
    );
  });

  it('a run log that does not open leaves its task in, without the log', async () => {
    const files = await tenTasks();
    files[1] = { name: 't-0.json', text: '{"version": 1' };
    const { folder, problems } = readSolveFolder(files);
    expect(problems).toEqual([
      '“t-0.json” is not JSON, so it is not a run log (one is written by npm run solve or saved from a run). Its task is shown without it.'
    ]);
    expect(folder?.lines).toHaveLength(10);
    expect(summarizeFolder('once', folder!)).toMatchObject({ logsOpened: 1, sandboxSeconds: 0.5 });
  });
});

describe('the grid', () => {
  it('tasks in first-seen order, a column per folder, the run where its log opened', async () => {
    const a = folderOf(await tenTasks());
    const b: SolveFolder = {
      source: 'results.jsonl',
      technique: 'once',
      runs: new Map(),
      lines: [line({ task_id: 'T/1', passed: false }), line({ task_id: 'X' })]
    };
    const grid = taskGrid([a, b]);
    expect(grid.map((r) => r.taskId)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `T/${i}`),
      'X'
    ]);
    expect(grid[0].cells[0]?.run?.problem.id).toBe('t-0');
    expect(grid[0].cells[1]).toBeNull();
    expect(grid[1].cells.map((c) => c?.passed)).toEqual([true, false]);
    expect(grid[10].cells[0]).toBeNull();
    expect(folderLabels([a, b])).toEqual(['once · 1', 'once · 2']);
  });
});

describe('exports', () => {
  it('CSV fields are quoted when they must be, and formulas are defused', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"\nthen')).toBe('"say ""hi""\nthen"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(1.5)).toBe('1.5');
    expect(csvField(false)).toBe('false');
    expect(csvField(null)).toBe('');
  });

  it('CSV: a header and one row a task, with the sandbox seconds of its log', async () => {
    const folder = folderOf(await tenTasks());
    folder.lines[1] = { ...folder.lines[1], detail: 'stopped, "finally"' };
    const rows = resultsCsv([folder], ['once']).split('\r\n');
    expect(rows[0]).toBe(
      'technique,task_id,passed,stop_reason,model_calls,tokens_in,tokens_out,tokens_estimated,seconds,sandbox_seconds,retries,samples_n,samples_c,detail'
    );
    expect(rows[1]).toBe(
      'once,T/0,true,finished,2,100,20,false,1.5,2.5,0,,,stopped because the tests pass'
    );
    expect(rows[2]).toBe('once,T/1,true,finished,2,100,20,false,1.5,,0,,,"stopped, ""finally"""');
    expect(rows).toHaveLength(12); // header, 10 rows, and the empty string after the last CRLF
  });

  it('samples.jsonl: the final program after the prompt; nothing for tasks that did not run', async () => {
    const folder = folderOf(await tenTasks());
    const { text, missing } = folderSamples(folder);
    const samples = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(missing).toBe(0);
    expect(samples).toHaveLength(10);
    // The prompt ends with its docstring, so the program follows on a line of its own.
    expect(samples[0]).toEqual({ task_id: 'T/0', completion: '\ndef f(x):\n    return x\n' });
    expect(samples[9]).toEqual({ task_id: 'T/9', completion: '' });
  });
});
