/**
 * The literal parser against real Python (Pyodide): for every text the parser accepts, Python's
 * ast.literal_eval reads the same value (compared by repr); printed values read back equal.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';
import { seededRandom } from '../run/random';
import { canonicalRepr, parseArguments, printValue, tryParseArguments } from './literal';
import { growInputs } from '../techniques/clarify/mutate';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
});

/** Python's own reading of each text: repr(ast.literal_eval(text)), or "rejected". */
async function pythonReads(texts: string[]): Promise<string[]> {
  const code = [
    'import ast',
    'def read(text):',
    '    try:',
    '        return repr(ast.literal_eval(text))',
    '    except Exception as e:',
    "        return 'rejected'"
  ].join('\n');
  const result = await sandbox.execute({
    language: 'python',
    code,
    entryPoint: 'read',
    tests: texts.map((t) => ({ input: JSON.stringify(t) })),
    timeoutMs: 5_000,
    suite: 'probe'
  });
  return result.tests.map((t) => {
    // The probe's actual is repr() of the repr string: read it back as a Python str.
    const parsed = tryParseArguments(t.actual ?? '');
    const value = parsed.ok ? parsed.args[0] : null;
    return value?.t === 'str' ? value.v : `not a string: ${t.actual}`;
  });
}

const TEXTS = [
  `'a\\nb\\t\\x41\\u00e9\\U0001F600\\101\\0\\d'`,
  `"it's" 'and "this"'`,
  `r'\\d+\\''`,
  `'''two\nlines'''`,
  '[1, (2,), {3}, {"a": [None, True]}, (), {}]',
  '{1: "a", 1.0: "b", True: "c"}',
  '{1, 1.0, True, 2}',
  '0x1F_0',
  '-0o17',
  '1_000.5e-3',
  '.5',
  '-2.',
  '123456789012345678901234567890',
  'set()',
  '(5)',
  '[\n 1,\n 2,\n]'
];

describe('literals, checked by Python', () => {
  it('every text the parser accepts reads the same in Python', async () => {
    const ours = TEXTS.map((t) => {
      const parsed = tryParseArguments(t);
      expect(parsed.ok, t).toBe(true);
      return parsed.ok ? printValue(parsed.args[0], true) : '';
    });
    const theirs = await pythonReads(TEXTS);
    expect(theirs.map(canonicalRepr)).toEqual(ours);
  });

  it('code and other non-literals are refused by both', async () => {
    const hostile = [
      '__import__("os").system("echo hi")',
      'print(1)',
      'open("/etc/passwd").read()',
      '[x for x in range(3)]',
      'lambda: 1',
      '{[1]: 2}',
      '1 if True else 2',
      'f"{1}"'
    ];
    for (const t of hostile) expect(tryParseArguments(t).ok, t).toBe(false);
    expect(await pythonReads(hostile)).toEqual(hostile.map(() => 'rejected'));
  });

  it('printed mutants read back in Python as the values they print', async () => {
    const seeds = ["'a\\'b', [1.5, -2], {'k': (None, True)}", "{3, 4}, ''"].map((source) => ({
      source,
      args: parseArguments(source)
    }));
    const grown = growInputs(seeds, 30, seededRandom(11));
    const texts = grown.flatMap((g) => g.args.map((a) => printValue(a)));
    const theirs = await pythonReads(texts);
    expect(theirs.map(canonicalRepr)).toEqual(texts.map(canonicalRepr));
  });
});
