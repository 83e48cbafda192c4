/**
 * `npm run solve --technique codet` end to end: the fake endpoint (a real HTTP server speaking
 * the chat-completions wire format) answers CodeT's test request with four asserts (one of
 * them not Python) and its four program requests with a wrong, two right and a wrong clamp;
 * the real Pyodide sandbox runs everything. The log written must replay strictly.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effectsOf, runTechnique } from '../../lib/core/run/context';
import { codet } from '../../lib/core/techniques/codet';
import { TEST_WRITER_SYSTEM } from '../../lib/core/prompts/codet';
import { startFakeEndpoint, type FakeEndpoint } from '../../lib/testing/fake-endpoint';
import { solveOne } from './solve-one';

const fence = (code: string) => '```python\n' + code + '\n```';
const RIGHT = 'def clamp(x, lo, hi):\n    return max(lo, min(hi, x))';
/** Never raises x to lo: fails test 2 (and the example clamp(-3, 0, 10) == 0). */
const WRONG = 'def clamp(x, lo, hi):\n    return min(hi, x)';
const TESTS = [
  'assert clamp(5, 0, 10) == 5',
  'assert clamp(-1, 0, 3) == 0',
  'assert clamp(9, 0, 3) == 3',
  'assert clamp(1 2) == 1'
].join('\n');

describe('npm run solve --technique codet', () => {
  let endpoint: FakeEndpoint;
  let dir: string;
  const programs = [WRONG, RIGHT, RIGHT, WRONG];
  let drawn = 0;

  beforeAll(async () => {
    endpoint = await startFakeEndpoint({
      chat: (body) => {
        const messages = body.messages as { role: string; content: string }[];
        const tests = messages[0]?.content === TEST_WRITER_SYSTEM;
        return {
          content: tests ? fence(TESTS) : fence(programs[drawn++ % programs.length]),
          usage: { prompt_tokens: 80, completion_tokens: 20 }
        };
      }
    });
    dir = await mkdtemp(join(tmpdir(), 'acl-solve-codet-'));
  });
  afterAll(async () => {
    await endpoint?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('chooses from the best group, grades it once, and writes a log that replays', async () => {
    const out = join(dir, 'codet');
    const { line, run } = await solveOne('codet', endpoint.origin, out);
    // the tests and four programs; programs 2 and 3 pass all three kept tests: 2 × 3 = 6
    expect(line).toMatchObject({ task_id: 'Solve/0', passed: true, model_calls: 5 });

    const groups = run.events.find((e) => e.kind === 'note' && e.note.type === 'codet-groups');
    expect(groups?.kind === 'note' && groups.note).toMatchObject({
      groups: [
        { programs: [2, 3], passed: [1, 2, 3], score: 6 },
        { programs: [1, 4], passed: [1, 3], score: 4 }
      ],
      winner: 2,
      byExamples: 2
    });
    const hidden = effectsOf(run.events).filter(
      (e) => e.kind === 'execute' && e.request.suite === 'hidden'
    );
    expect(hidden).toHaveLength(1);

    const replay = await runTechnique(codet, run.problem, codet.params.parse(run.params), {
      runtimes: {},
      seed: run.seed,
      replay: { effects: effectsOf(run.events), mode: 'strict' }
    });
    expect(replay.error).toBeUndefined();
    expect(replay.events).toEqual(run.events);
  });
});
