/**
 * Tests typed by a person, one per line: `arguments -> expected`, e.g. `[1, 2], 3 -> 2`.
 * The split is at the last ` -> ` so arguments may themselves contain arrows in strings.
 */
import type { TestCase } from './problem';

interface ParsedTests {
  tests: TestCase[];
  /** one entry per line that could not be read, with its 1-based number */
  errors: { line: number; message: string }[];
}

export function parseTestLines(text: string): ParsedTests {
  const tests: TestCase[] = [];
  const errors: ParsedTests['errors'] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const at = line.lastIndexOf('->');
    if (at < 0) {
      errors.push({ line: i + 1, message: 'write the arguments, then -> and the expected value' });
      return;
    }
    const input = line.slice(0, at).trim();
    const expected = line.slice(at + 2).trim();
    if (!expected) errors.push({ line: i + 1, message: 'the expected value after -> is missing' });
    else tests.push({ input, expected });
  });
  return { tests, errors };
}

/** The inverse, for showing a problem's tests in the same form. */
export function formatTestLines(tests: readonly TestCase[]): string {
  return tests.map((t) => `${t.input} -> ${t.expected}`).join('\n');
}
