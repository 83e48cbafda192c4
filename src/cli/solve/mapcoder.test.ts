/**
 * `npm run solve --technique mapcoder` end to end: the fake endpoint (a real HTTP server
 * speaking the chat-completions wire format) answers the recall agent with one problem, the
 * planning agent with two plans (the more confident one leads to a wrong clamp) and the coding
 * and debugging agents by the plan they are given; the real Pyodide sandbox runs everything.
 * The plan tried first fails through its two debug rounds, the next one passes, and the log
 * written must replay strictly.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effectsOf, runTechnique } from '../../lib/core/run/context';
import { mapcoder } from '../../lib/core/techniques/mapcoder';
import { PLANNER_SYSTEM, RECALL_SYSTEM } from '../../lib/core/prompts/mapcoder';
import { startFakeEndpoint, type FakeEndpoint } from '../../lib/testing/fake-endpoint';
import { solveOne } from './solve-one';

const fence = (code: string) => '```python\n' + code + '\n```';
const RIGHT = 'def clamp(x, lo, hi):\n    return max(lo, min(hi, x))';
/** Never raises x to lo: fails clamp(-3, 0, 10). */
const WRONG = 'def clamp(x, lo, hi):\n    return min(hi, x)';
const RECALL =
  '## Problem 1\nLimit a value to a maximum.\n### Plan\n1. Return min(value, maximum).';
const PLANS = [
  '## Plan 1',
  'Confidence: 30',
  '1. Take the larger of lo and the smaller of hi and x.',
  '## Plan 2',
  'Confidence: 90',
  '1. Take the smaller of hi and x.'
].join('\n');

describe('npm run solve --technique mapcoder', () => {
  let endpoint: FakeEndpoint;
  let dir: string;
  const asked: string[] = [];

  beforeAll(async () => {
    endpoint = await startFakeEndpoint({
      chat: (body) => {
        const messages = body.messages as { role: string; content: string }[];
        const [system, user] = messages.map((m) => m.content);
        asked.push(system === RECALL_SYSTEM ? 'recall' : system === PLANNER_SYSTEM ? 'plan' : '');
        const reply =
          system === RECALL_SYSTEM
            ? RECALL
            : system === PLANNER_SYSTEM
              ? PLANS
              : fence(user.includes('larger of lo') ? RIGHT : WRONG);
        return { content: reply, usage: { prompt_tokens: 80, completion_tokens: 20 } };
      }
    });
    dir = await mkdtemp(join(tmpdir(), 'acl-solve-mapcoder-'));
  });
  afterAll(async () => {
    await endpoint?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('backtracks to the next plan, grades once, and writes a log that replays', async () => {
    const out = join(dir, 'mapcoder');
    const { line, run } = await solveOne('mapcoder', endpoint.origin, out);
    // recall, plans, plan 2's code and two repairs, plan 1's code
    expect(line).toMatchObject({ task_id: 'Solve/0', passed: true, model_calls: 6 });
    expect(asked.slice(0, 2)).toEqual(['recall', 'plan']);

    const notes = run.events.flatMap((e) => (e.kind === 'note' ? [e.note] : []));
    expect(notes.find((n) => n.type === 'mapcoder-plans')).toMatchObject({ order: [2, 1] });
    expect(
      notes.flatMap((n) => (n.type === 'mapcoder-attempt' ? [[n.plan, n.round, n.passed]] : []))
    ).toEqual([
      [2, 0, 2],
      [2, 1, 2],
      [2, 2, 2],
      [1, 0, 3]
    ]);
    const hidden = effectsOf(run.events).filter(
      (e) => e.kind === 'execute' && e.request.suite === 'hidden'
    );
    expect(hidden).toHaveLength(1);

    const replay = await runTechnique(mapcoder, run.problem, mapcoder.params.parse(run.params), {
      runtimes: {},
      seed: run.seed,
      replay: { effects: effectsOf(run.events), mode: 'strict' }
    });
    expect(replay.error).toBeUndefined();
    expect(replay.events).toEqual(run.events);
  });
});
