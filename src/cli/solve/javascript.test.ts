/**
 * `npm run solve` over a file that mixes HumanEval-X and MultiPL-E JavaScript lines with a
 * HumanEval (Python) line, through the fake endpoint: each program runs in the sandbox of its
 * language (the Node JavaScript sandbox or Pyodide), results come in the file's order, and a
 * JavaScript line without examples is skipped with the reason.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effectsOf } from '../../lib/core/run/context';
import { RunSchema } from '../../lib/core/run/run';
import { humanEvalX, multiPlE } from '../../lib/core/problems/from-js.fixtures';
import { startFakeEndpoint, type FakeEndpoint } from '../../lib/testing/fake-endpoint';
import { runSolve } from './main';
import type { ResultLine } from './results';

const PYTHON = fileURLToPath(new URL('../fixtures/solve-problems.jsonl', import.meta.url));

/** The scripted server: the gap program is wrong at first (it skips the last gap), then right. */
function chat(raw: Record<string, unknown>) {
  const messages = raw.messages as { role: string; content: string }[];
  const task = messages.find((m) => m.role === 'user')?.content ?? '';
  const turn = messages.filter((m) => m.role === 'assistant').length;
  const js = (code: string) => ({ content: `Here it is.\n\n\`\`\`javascript\n${code}\n\`\`\`\n` });
  if (task.includes('largestGap'))
    return js(
      'const largestGap = (numbers) => {\n' +
        '  const s = [...numbers].sort((a, b) => a - b);\n' +
        '  let gap = 0;\n' +
        `  for (let i = 1; i < s.length${turn === 0 ? ' - 1' : ''}; i++) gap = Math.max(gap, s[i] - s[i - 1]);\n` +
        '  return gap;\n' +
        '};'
    );
  if (task.includes('split_words'))
    return js(
      'function split_words(text){\n  return text.split(" ").filter(Boolean).reverse();\n}'
    );
  if (task.includes('def clamp('))
    return { content: '```python\ndef clamp(x, lo, hi):\n    return max(lo, min(hi, x))\n```' };
  return { status: 400, message: 'unexpected request' };
}

describe('npm run solve with JavaScript problems', () => {
  let endpoint: FakeEndpoint;
  let dir: string;
  beforeAll(async () => {
    endpoint = await startFakeEndpoint({ chat });
    dir = await mkdtemp(join(tmpdir(), 'acl-solve-js-'));
  });
  afterAll(async () => {
    await endpoint.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs each program in its own language and keeps the file order', async () => {
    const noExamples = {
      ...multiPlE,
      name: 'HumanEval_902_no_examples',
      prompt: '//Reverse the words.\nfunction split_words(text){\n'
    };
    const clamp = readFileSync(PYTHON, 'utf8').split('\n')[0];
    const problems = join(dir, 'mixed.jsonl');
    await writeFile(
      problems,
      [JSON.stringify(humanEvalX), clamp, JSON.stringify(multiPlE), JSON.stringify(noExamples)]
        .map((l) => `${l}\n`)
        .join('')
    );
    const out = join(dir, 'out');
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await runSolve(
      [
        ...['--technique', 'self-debug', '--problems', problems, '--endpoint', endpoint.origin],
        ...['--model', 'fake', '--out', out]
      ],
      {
        stdout: { isTTY: false, write: (t) => void stdout.push(t) },
        stderr: { write: (t) => void stderr.push(t) },
        env: {}
      }
    );
    expect(stderr.join('')).toBe('');
    expect(code).toBe(0);
    const lines = (await readFile(join(out, 'results.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ResultLine);
    expect(lines.map((l) => [l.task_id, l.passed, l.model_calls, l.stop_reason])).toEqual([
      ['JavaScript/900', true, 2, 'finished'],
      ['Solve/0', true, 1, 'finished'],
      ['HumanEval_901_split_words', true, 1, 'finished'],
      ['HumanEval_902_no_examples', false, 0, 'skipped']
    ]);
    expect(lines[3].detail).toMatch(/no visible tests/);

    // The gap program's first turn failed an example in the JavaScript sandbox, then passed.
    const log = RunSchema.parse(
      JSON.parse(await readFile(join(out, 'javascript-900.json'), 'utf8'))
    );
    const runs = effectsOf(log.events).flatMap((e) => (e.kind === 'execute' ? [e] : []));
    expect(runs.map((e) => e.request.language)).toEqual(['javascript', 'javascript', 'javascript']);
    // [3, 9, 1] sorts to [1, 3, 9]: stopping one gap early finds 2, not 6.
    expect(runs[0].result.tests.map((t) => t.status)).toEqual(['fail', 'pass']);
    expect(runs[2].request.suite).toBe('hidden');
    expect(runs[2].result.tests.map((t) => t.status)).toEqual(['pass']);
  });
});
