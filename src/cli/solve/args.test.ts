import { describe, expect, it } from 'vitest';
import { callLimits, paramValue, parseSolveArgs, USAGE } from './args';

const base = [
  '--technique',
  'self-debug',
  '--problems',
  'p.jsonl',
  '--endpoint',
  'http://localhost:11434',
  '--model',
  'qwen2.5-coder:1.5b',
  '--out',
  'runs'
];

describe('parseSolveArgs', () => {
  it('fills in defaults and the technique params', () => {
    const parsed = parseSolveArgs(base);
    expect(parsed).toEqual({
      kind: 'run',
      options: {
        technique: 'self-debug',
        params: {
          maxTurns: 4,
          budget: 'fixed',
          extensionTurns: 1,
          maxExtensions: 1,
          feedback: 'unit-test',
          temperature: 0,
          maxTokens: 1024,
          timeoutMs: 5000
        },
        problemsPath: 'p.jsonl',
        tasks: [],
        endpoint: 'http://localhost:11434',
        model: 'qwen2.5-coder:1.5b',
        concurrency: 1,
        apiKeyEnv: null,
        answers: { kind: 'none' },
        outDir: 'runs',
        seed: 1,
        retries: 5,
        callTimeoutSeconds: 600,
        maxCompletionTokens: false
      }
    });
  });

  it('reads repeated --task and --param, and the other options', () => {
    const parsed = parseSolveArgs([
      ...base,
      '--task',
      'HumanEval/0',
      '--task',
      'HumanEval/3',
      '--task',
      'HumanEval/0',
      '--param',
      'maxTurns=2',
      '--param',
      'feedback=trace',
      '--concurrency',
      '8',
      '--api-key-env',
      'OPENAI_API_KEY',
      '--answers',
      'answers.json',
      '--seed=-4',
      '--retries',
      '0',
      '--call-timeout',
      '0.5',
      '--max-completion-tokens'
    ]);
    expect(parsed.kind).toBe('run');
    if (parsed.kind !== 'run') return;
    expect(parsed.options).toMatchObject({
      tasks: ['HumanEval/0', 'HumanEval/3'],
      params: { maxTurns: 2, feedback: 'trace' },
      concurrency: 8,
      apiKeyEnv: 'OPENAI_API_KEY',
      answers: { kind: 'file', path: 'answers.json' },
      seed: -4,
      retries: 0,
      callTimeoutSeconds: 0.5,
      maxCompletionTokens: true
    });
    expect(callLimits(parsed.options)).toEqual({ callTimeoutMs: 500, firstByteTimeoutMs: 500 });
  });

  it('knows --answers simulated and --help', () => {
    const parsed = parseSolveArgs([...base, '--answers', 'simulated']);
    expect(parsed.kind === 'run' && parsed.options.answers).toEqual({ kind: 'simulated' });
    expect(parseSolveArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseSolveArgs(['-h'])).toEqual({ kind: 'help' });
    expect(USAGE).toContain('[--call-timeout SECONDS]');
    expect(USAGE).toMatch(/--call-timeout {2}give up on a model call .* \(default 600\)/s);
  });

  it.each([
    [[], 'missing --technique, --problems, --endpoint, --model, --out'],
    [base.slice(2), 'missing --technique'],
    [['--technique', 'magic', ...base.slice(2)], 'unknown technique "magic"; choose one of'],
    [[...base, '--param', 'maxTurns'], '--param must be key=value, not "maxTurns"'],
    [[...base, '--param', 'maxTurns=99'], '--param maxTurns:'],
    [[...base, '--param', 'feedback=loud'], '--param feedback:'],
    [[...base, '--param', 'colour=red'], '(colour) for self-debug'],
    [[...base, '--concurrency', '0'], '--concurrency must be a whole number from 1 to 64'],
    [[...base, '--concurrency', '2.5'], '--concurrency must be a whole number'],
    [[...base, '--retries=-1'], '--retries must be a whole number from 0 to 20'],
    [[...base, '--seed', 'x'], '--seed must be a whole number, not "x"'],
    [[...base, '--call-timeout', '0'], '--call-timeout must be a number of seconds above 0'],
    [[...base, '--call-timeout', '1e3'], 'at most 86400, not "1e3"'],
    [[...base, '--call-timeout', '90000'], 'at most 86400, not "90000"'],
    [
      [...base, '--api-key-env', 'sk-abc123'],
      '--api-key-env takes the name of an environment variable'
    ],
    [[...base, '--colour'], "Unknown option '--colour'"],
    [[...base, 'stray.jsonl'], 'stray.jsonl']
  ])('refuses %j with a sentence', (argv, message) => {
    const parsed = parseSolveArgs(argv);
    expect(parsed.kind).toBe('error');
    if (parsed.kind === 'error') expect(parsed.message).toContain(message);
  });
});

describe('paramValue', () => {
  it('reads JSON values and keeps other text as a string', () => {
    expect(paramValue('3')).toBe(3);
    expect(paramValue('0.8')).toBe(0.8);
    expect(paramValue('true')).toBe(true);
    expect(paramValue('"3"')).toBe('3');
    expect(paramValue('unit-test')).toBe('unit-test');
  });
});
