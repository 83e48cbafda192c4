/**
 * The charts' numbers over folders built here; every expected value is worked out by hand in
 * the comments from the turns and tokens of the logs below.
 */
import { describe, expect, it } from 'vitest';
import { RunSchema, type Run } from '../run/run';
import { BUILTIN_PROBLEMS } from './builtin';
import {
  chartTechniques,
  costPoints,
  nearestRank,
  passAtKSeries,
  trialTrace,
  turnSweeps,
  turnTrace
} from './charts';
import type { SolveFolder } from './folder';
import type { ResultLine } from './result-line';

const modelEvent = (seq: number, label: string, promptTokens: number) => ({
  kind: 'model' as const,
  seq,
  t: 0,
  dur: 1,
  label,
  request: {
    messages: [{ role: 'user' as const, content: 'fix it' }],
    temperature: 0,
    maxTokens: 100
  },
  result: {
    text: '```python\npass\n```',
    finishReason: 'stop' as const,
    modelId: 'm',
    usage: { promptTokens, completionTokens: 0, estimated: false }
  }
});
const programNote = (seq: number, turn: number) => ({
  kind: 'note' as const,
  seq,
  t: 0,
  note: { type: 'program' as const, turn, code: 'pass' }
});
const logOf = (technique: string, events: unknown[]): Run =>
  RunSchema.parse({
    version: 1,
    technique,
    params: {},
    problem: BUILTIN_PROBLEMS[0],
    model: { kind: 'scripted', id: 'x', label: 'x', responses: [] },
    seed: 1,
    events
  });

/**
 * A Reflexion log in the order the technique makes it: the self-tests call, then per trial
 * the program call and its note, with a reflection call before every trial after the first.
 * `trials[t]` is [program tokens, reflection tokens before it (0 for the first)].
 */
function reflexionRun(selfTests: number, trials: [number, number][], trailing?: number): Run {
  let seq = 0;
  const events: unknown[] = [modelEvent(seq++, 'write your own tests', selfTests)];
  trials.forEach(([program, reflection], i) => {
    if (i > 0)
      events.push(modelEvent(seq++, `reflect on the failures (iteration ${i})`, reflection));
    events.push(modelEvent(seq++, 'write the program', program));
    events.push(programNote(seq++, i + 1));
  });
  if (trailing !== undefined) events.push(modelEvent(seq++, 'write the program again', trailing));
  return logOf('reflexion', events);
}

/** A self-debugging log: one model call per entry of `tokens` (prompt = all of it, reply 0),
 * each followed by its program note. */
function selfDebugRun(tokens: number[]): Run {
  return logOf(
    'self-debug',
    tokens.flatMap((promptTokens, i) => [
      modelEvent(2 * i, `turn ${i + 1}`, promptTokens),
      programNote(2 * i + 1, i + 1)
    ])
  );
}

const line = (taskId: string, passed: boolean, tokens: number, log: string | null): ResultLine => ({
  task_id: taskId,
  passed,
  model_calls: 1,
  tokens_in: tokens,
  tokens_out: 0,
  tokens_estimated: false,
  seconds: 1,
  stop_reason: 'finished',
  detail: '',
  retries: 0,
  log
});

// four self-debugging runs: turns' tokens and the turn that solved it
//   r1 [100, 150] solved at 2 · r2 [100] solved at 1 · r3 [100, 150, 200, 250] unsolved
//   r4 [100, 150, 200] solved at 3
const runs: [number[], boolean][] = [
  [[100, 150], true],
  [[100], true],
  [[100, 150, 200, 250], false],
  [[100, 150, 200], true]
];
const selfDebug: SolveFolder = {
  source: 'results.jsonl',
  technique: 'self-debug',
  lines: runs.map(([t, passed], i) =>
    line(
      `T/${i}`,
      passed,
      t.reduce((a, b) => a + b, 0),
      `r${i}.json`
    )
  ),
  runs: new Map(runs.map(([t], i) => [`r${i}.json`, selfDebugRun(t)]))
};

describe('the turn-cap sweep', () => {
  it('reads a log’s turns and the turn its passing program came at', () => {
    expect(turnTrace(selfDebugRun([100, 150]), true)).toEqual({
      turnTokens: [100, 150],
      solvedAt: 2
    });
    expect(turnTrace(selfDebugRun([100, 150]), false).solvedAt).toBeNull();
  });

  it('counts a task solved within a cap and its tokens through that cap', () => {
    const [sweep] = turnSweeps(chartTechniques([selfDebug], ['self-debug']));
    expect(sweep.runs).toBe(4);
    expect(sweep.caps).toEqual([
      // cap 1: r2 solved; every run spent its first turn: 4 × 100 / 4
      { cap: 1, solved: 1, rate: 0.25, tokensPerRun: 100 },
      // cap 2: r1, r2; 250 + 100 + 250 + 250 = 850, / 4
      { cap: 2, solved: 2, rate: 0.5, tokensPerRun: 212.5 },
      // cap 3: r1, r2, r4; 250 + 100 + 450 + 450 = 1250, / 4
      { cap: 3, solved: 3, rate: 0.75, tokensPerRun: 312.5 },
      // cap 4: the same; 250 + 100 + 700 + 450 = 1500, / 4
      { cap: 4, solved: 3, rate: 0.75, tokensPerRun: 375 }
    ]);
    // turns used 2, 1, 4, 3 → sorted 1, 2, 3, 4; nearest rank ⌈0.75 × 4⌉ = 3rd → 3
    expect(sweep.p75).toBe(3);
  });

  it('takes the nearest rank', () => {
    expect(nearestRank([4, 1, 2], 75)).toBe(4); // ⌈2.25⌉ = 3rd of 1, 2, 4
    expect(nearestRank([5], 75)).toBe(5);
  });

  it('reads a Reflexion log’s trials: self-tests in the first, each reflection in the next', () => {
    // trial 1: self-tests 40 + program 100; trial 2: reflection 30 + program 120
    expect(
      trialTrace(
        reflexionRun(40, [
          [100, 0],
          [120, 30]
        ]),
        true
      )
    ).toEqual({
      turnTokens: [140, 150],
      solvedAt: 2
    });
    // a last call that gave no program is one more trial
    expect(trialTrace(reflexionRun(40, [[100, 0]], 70), false)).toEqual({
      turnTokens: [140, 70],
      solvedAt: null
    });
  });

  it('sweeps Reflexion by trials', () => {
    // q1 solved at trial 1: [140] · q2 solved at trial 2: [140, 150] · q3 unsolved: [140, 150, 160]
    const logs = [
      reflexionRun(40, [[100, 0]]),
      reflexionRun(40, [
        [100, 0],
        [120, 30]
      ]),
      reflexionRun(40, [
        [100, 0],
        [120, 30],
        [130, 30]
      ])
    ];
    const folder: SolveFolder = {
      source: 'results.jsonl',
      technique: 'reflexion',
      lines: logs.map((_, i) => line(`Q/${i}`, i < 2, 0, `q${i}.json`)),
      runs: new Map(logs.map((log, i) => [`q${i}.json`, log]))
    };
    const [sweep] = turnSweeps(chartTechniques([folder], ['reflexion']));
    expect(sweep.unit).toBe('trials');
    expect(sweep.caps).toEqual([
      // cap 1: q1; 140 × 3 / 3
      { cap: 1, solved: 1, rate: 1 / 3, tokensPerRun: 140 },
      // cap 2: q1, q2; 140 + 290 + 290 = 720, / 3
      { cap: 2, solved: 2, rate: 2 / 3, tokensPerRun: 240 },
      // cap 3: the same; 140 + 290 + 450 = 880, / 3
      { cap: 3, solved: 2, rate: 2 / 3, tokensPerRun: 880 / 3 }
    ]);
    // trials used 1, 2, 3: ⌈0.75 × 3⌉ = 3rd → 3
    expect(sweep.p75).toBe(3);
  });

  it('has no sweep without self-debugging logs', () => {
    const direct = { ...selfDebug, runs: new Map<string, Run>() };
    expect(turnSweeps(chartTechniques([direct], ['direct']))).toEqual([]);
  });
});

describe('the cost and pass@k charts', () => {
  const seeded = (seed: number, passed: boolean[]): SolveFolder => ({
    source: `direct, seed ${seed}`,
    technique: `direct · seed ${seed}`,
    lines: passed.map((p, i) => line(`T/${i}`, p, 30, null)),
    runs: new Map(),
    group: 'direct',
    seed
  });
  const folders = [seeded(1, [true, false]), seeded(2, [true, true]), selfDebug];
  const techniques = chartTechniques(folders, ['direct · seed 1', 'direct · seed 2', 'self-debug']);

  it('takes a group of repeats as one technique', () => {
    expect(techniques.map((t) => [t.label, t.folders.length])).toEqual([
      ['direct', 2],
      ['self-debug', 1]
    ]);
  });

  it('puts each technique at its solve rate and mean tokens a run', () => {
    expect(costPoints(techniques)).toEqual([
      // 3 of 4 runs solved, 30 tokens each
      { label: 'direct', runs: 4, solved: 3, rate: 0.75, tokensPerRun: 30 },
      // 3 of 4; tokens 250 + 100 + 700 + 450 = 1500, / 4
      { label: 'self-debug', runs: 4, solved: 3, rate: 0.75, tokensPerRun: 375 }
    ]);
  });

  it('draws pass@k over the repeats, and the folder’s own pass@1 otherwise', () => {
    const [direct, single] = passAtKSeries(techniques);
    // T/0: n 2, c 2 → 1, 1; T/1: n 2, c 1 → pass@1 1/2, pass@2 1
    expect(direct.points).toEqual([
      { k: 1, value: 0.75 },
      { k: 2, value: 1 }
    ]);
    expect(single.points).toEqual([{ k: 1, value: 0.75 }]);
  });
});
