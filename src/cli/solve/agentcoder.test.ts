/**
 * `npm run solve --technique agentcoder` end to end: the fake endpoint (a real HTTP server
 * speaking the chat-completions wire format) answers the test designer with five asserts in
 * three groups and the programmer with a wrong clamp, then a right one; the real Pyodide
 * sandbox runs everything. The designer's request must hold no line of either program nor of
 * the task's canonical solution, and the log written must replay strictly.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effectsOf, runTechnique } from '../../lib/core/run/context';
import { agentcoder } from '../../lib/core/techniques/agentcoder';
import { TEST_DESIGNER_SYSTEM } from '../../lib/core/prompts/agentcoder';
import { startFakeEndpoint, type FakeEndpoint } from '../../lib/testing/fake-endpoint';
import { solveOne } from './solve-one';

const fence = (code: string) => '```python\n' + code + '\n```';
const RIGHT = 'def clamp(x, lo, hi):\n    return max(lo, min(hi, x))';
/** Never raises x to lo: fails the second basic test. */
const WRONG = 'def clamp(x, lo, hi):\n    return min(hi, x)';
const TESTS = [
  '# basic',
  'assert clamp(5, 0, 10) == 5',
  'assert clamp(-1, 0, 3) == 0',
  '# edge',
  'assert clamp(3, 3, 3) == 3',
  'assert clamp(9, 0, 3) == 3',
  '# large',
  'assert clamp(10**12, 0, 10**9) == 10**9'
].join('\n');

describe('npm run solve --technique agentcoder', () => {
  let endpoint: FakeEndpoint;
  let dir: string;
  const designerAsked: string[] = [];
  let rounds = 0;

  beforeAll(async () => {
    endpoint = await startFakeEndpoint({
      chat: (body) => {
        const messages = body.messages as { role: string; content: string }[];
        const designer = messages[0]?.content === TEST_DESIGNER_SYSTEM;
        if (designer) designerAsked.push(JSON.stringify(messages));
        const reply = designer
          ? fence(TESTS)
          : 'First, clamp means limit on both sides.\n' + fence(rounds++ === 0 ? WRONG : RIGHT);
        return { content: reply, usage: { prompt_tokens: 80, completion_tokens: 20 } };
      }
    });
    dir = await mkdtemp(join(tmpdir(), 'acl-solve-agentcoder-'));
  });
  afterAll(async () => {
    await endpoint?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('loops until the tests pass, grades once, and writes a log that replays', async () => {
    const out = join(dir, 'agentcoder');
    const { line, run } = await solveOne('agentcoder', endpoint.origin, out);
    // the designer, then two rounds of the programmer
    expect(line).toMatchObject({ task_id: 'Solve/0', passed: true, model_calls: 3 });

    const notes = run.events.flatMap((e) => (e.kind === 'note' ? [e.note] : []));
    expect(notes.flatMap((n) => (n.type === 'agentcoder-round' ? [n.passed] : []))).toEqual([
      false,
      true
    ]);
    expect(notes.find((n) => n.type === 'agentcoder-tests')).toMatchObject({
      kinds: ['basic', 'basic', 'edge', 'edge', 'large']
    });
    expect(notes.find((n) => n.type === 'agentcoder-wrong-tests')).toMatchObject({ wrong: [] });
    const hidden = effectsOf(run.events).filter(
      (e) => e.kind === 'execute' && e.request.suite === 'hidden'
    );
    expect(hidden).toHaveLength(1);

    // What reached the designer: the requirement and examples, no line of any program.
    expect(designerAsked).toHaveLength(1);
    for (const program of [WRONG, RIGHT, run.problem.reference ?? ''])
      for (const l of program.split('\n').map((x) => x.trim()))
        if (l.startsWith('return')) expect(designerAsked[0]).not.toContain(l);
    expect(designerAsked[0]).toContain('clamp(-3, 0, 10)');

    const replay = await runTechnique(
      agentcoder,
      run.problem,
      agentcoder.params.parse(run.params),
      {
        runtimes: {},
        seed: run.seed,
        replay: { effects: effectsOf(run.events), mode: 'strict' }
      }
    );
    expect(replay.error).toBeUndefined();
    expect(replay.events).toEqual(run.events);
  });
});
