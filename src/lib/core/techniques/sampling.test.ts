/**
 * Sampling end to end on the first lesson's problem: a known mix of right and wrong samples,
 * graded for real in Pyodide, and the pass@k curve they give.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CountingSandbox, notesOf } from '$lib/testing/run-support';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { passAtKCurve, sampling, samplingParams } from './sampling';
import { effectsOf, runTechnique } from '../run/context';
import type { ChatRequest, ChatResult, LanguageModel, Sandbox } from '../run/effects';
import type { RunEvent } from '../run/events';
import { outcomeAt, timelineAt } from '../views/timeline';
import { ProblemSchema } from '../problems/problem';
import { sharedPythonSandbox } from '$lib/testing/shared-python';

const problem = ProblemSchema.parse(
  parseYaml(readFileSync('lessons/02-self-debugging/problem.yaml', 'utf8'))
);
const fenced = (code: string) => '```python\n' + code + '```\n';
const RIGHT = problem.reference ?? '';
/** The lesson's trap: the last window is never counted. */
const OFF_BY_ONE = `def count_windows(values, k, limit):
    return sum(1 for s in range(len(values) - k) if sum(values[s:s + k]) <= limit)
`;

/**
 * Answers calls in the order they come, whatever the request: n samples are n calls with
 * the same messages, which a turn-counting scripted model cannot tell apart.
 */
class SequenceModel implements LanguageModel {
  readonly id = 'scripted/sequence';
  readonly seeds: (number | undefined)[] = [];
  constructor(private readonly replies: string[]) {}
  async complete(request: ChatRequest): Promise<ChatResult> {
    this.seeds.push(request.seed);
    const text = this.replies[this.seeds.length - 1] ?? '';
    return {
      text,
      finishReason: 'stop',
      modelId: this.id,
      usage: { promptTokens: 10, completionTokens: 10, estimated: true }
    };
  }
}

let sandbox: Sandbox;
let recorded: RunEvent[];
let model: SequenceModel;
const params = samplingParams.parse({ n: 5 });

beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
  // Two right samples out of five, one of them behind a wrong one and a reply without code.
  model = new SequenceModel([
    fenced(OFF_BY_ONE),
    'Use a sliding window.',
    fenced(RIGHT),
    fenced(OFF_BY_ONE),
    fenced(RIGHT)
  ]);
  const run = await runTechnique(sampling, problem, params, {
    runtimes: { model, sandbox },
    seed: 7
  });
  expect(run.error).toBeUndefined();
  recorded = run.events;
});

describe('sampling', () => {
  it('makes n calls at temperature T, each with its own seed from the run', () => {
    const calls = effectsOf(recorded).filter((e) => e.kind === 'model');
    expect(calls).toHaveLength(5);
    for (const c of calls) expect(c.request.temperature).toBe(0.8);
    const seeds = model.seeds;
    expect(new Set(seeds).size).toBe(5);
    for (const s of seeds) expect(Number.isInteger(s)).toBe(true);
  });

  it('grades every sample and notes its pass or fail', () => {
    const samples = notesOf(recorded).filter((n) => n.type === 'sample');
    expect(samples.map((s) => [s.index, s.passed])).toEqual([
      [1, false],
      [2, false],
      [3, true],
      [4, false],
      [5, true]
    ]);
    expect(samples[1]).toMatchObject({ code: null, hiddenPassed: 0 });
    expect(samples[0]).toMatchObject({ visiblePassed: false });
    expect(samples.map((s) => s.seed)).toEqual(model.seeds);
  });

  it('records the pass@k curve for c = 2 of n = 5', () => {
    const curve = notesOf(recorded).find((n) => n.type === 'pass-at-k');
    expect(curve).toMatchObject({ n: 5, c: 2 });
    if (curve?.type !== 'pass-at-k') return;
    // 1 − C(3, k) / C(5, k): 0.4, 0.7, 0.9, then 1 once fewer than k samples fail.
    const values = curve.curve.map((p) => p.value);
    [0.4, 0.7, 0.9, 1, 1].forEach((v, i) => expect(values[i]).toBeCloseTo(v, 10));
    expect(curve.curve.map((p) => p.k)).toEqual([1, 2, 3, 4, 5]);
  });

  it('chooses by the examples, not the hidden tests, and says pass@1 and pass@n', () => {
    const outcome = outcomeAt(recorded);
    expect(outcome).toMatchObject({ status: 'solved', code: RIGHT.replace(/\s+$/, '') + '\n' });
    expect(outcome?.message).toContain('pass@1 = 40%');
    expect(outcome?.message).toContain('pass@5 = 100%');
    expect(outcome?.message).toContain('sample 3, the first to pass the examples');
    expect(timelineAt(recorded).filter((r) => r.title.startsWith('Sample '))).toHaveLength(5);
  });

  it('replays the recorded log exactly, without executing anything', async () => {
    const counting = new CountingSandbox(sandbox);
    const replay = await runTechnique(sampling, problem, params, {
      runtimes: { sandbox: counting },
      seed: 7,
      replay: { effects: effectsOf(recorded), mode: 'strict' }
    });
    expect(replay.error).toBeUndefined();
    expect(replay.events).toEqual(recorded);
    expect(counting.calls).toBe(0);
  });

  it('pass@k curve: all wrong is 0 everywhere, all right is 1 everywhere', () => {
    expect(passAtKCurve(3, 0).map((p) => p.value)).toEqual([0, 0, 0]);
    expect(passAtKCurve(3, 3).map((p) => p.value)).toEqual([1, 1, 1]);
  });
});
