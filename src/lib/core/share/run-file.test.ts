/** Run logs read from files: a good one opens; each bad one gets one sentence saying why. */
import { describe, expect, it } from 'vitest';
import type { Run } from '../run/run';
import { MAX_RUN_FILE_BYTES, parseRunFile } from './run-file';

const run: Run = {
  version: 1,
  technique: 'direct',
  params: { maxTokens: 256, timeoutMs: 2000 },
  problem: {
    id: 'humaneval-0',
    language: 'python',
    title: 'HumanEval/0',
    prompt: 'def f(x):\n    """Return x.\n    >>> f(1)\n    1\n    """\n',
    entryPoint: 'f',
    visibleTests: [{ input: '1', expected: '1' }],
    hiddenTests: [{ check: 'def check(candidate):\n    assert candidate(2) == 2\n' }]
  },
  model: {
    kind: 'endpoint',
    id: 'qwen2.5-coder:1.5b',
    label: 'qwen2.5-coder:1.5b via http://localhost:11434/v1',
    baseUrl: 'http://localhost:11434/v1'
  },
  seed: 1,
  events: [
    {
      kind: 'note',
      seq: 0,
      t: 0,
      note: { type: 'program', turn: 1, code: 'def f(x):\n    return x' }
    }
  ]
};

describe('parseRunFile', () => {
  it('opens a run log with an endpoint model and a HumanEval check', () => {
    expect(parseRunFile(JSON.stringify(run))).toEqual({ ok: true, run });
    expect(parseRunFile(`\uFEFF${JSON.stringify(run, null, 2)}`).ok).toBe(true);
  });

  it.each([
    ['not json {', '“x.json” is not JSON, so it is not a run log'],
    ['[1, 2]', '“x.json” is not a run log: it holds JSON, but not one object'],
    [JSON.stringify({ ...run, version: 2 }), 'written by a newer version of the app (format 2)'],
    [JSON.stringify({ ...run, technique: 'Bad Id' }), 'technique is not in the expected format'],
    [
      JSON.stringify({ ...run, model: { ...run.model, apiKey: 'sk-1' } }),
      'model.apiKey is an unknown field'
    ],
    [JSON.stringify({ ...run, events: undefined }), 'events is missing'],
    [
      JSON.stringify({ ...run, problem: { ...run.problem, hiddenTests: [{ check: 3 }] } }),
      'problem.hiddenTests[0]'
    ],
    ['['.repeat(100) + ']'.repeat(100), 'nested more than 64 levels deep']
  ])('refuses bad file %#', (text, message) => {
    const parsed = parseRunFile(text, '“x.json”');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(message);
  });

  it('refuses a file over the size limit before parsing it', () => {
    const parsed = parseRunFile(' '.repeat(MAX_RUN_FILE_BYTES + 1));
    expect(parsed).toEqual({
      ok: false,
      message: 'This file is too large to open (8.1 MB; the limit is 8 MB).'
    });
  });
});
