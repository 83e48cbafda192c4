/**
 * Words that agree with a count, for the sentences core, the CLI and the UI write. It sits at
 * the root of core, below every layer, so any of them (and anything outside core) may use it.
 */

/** The form of `word` that goes with `count`: "test" for 1, else `many` ("tests"). */
export function noun(count: number, word: string, many = `${word}s`): string {
  return count === 1 ? word : many;
}

/** The count and its noun: "1 test", "3 tests", "2 processes" (with `many`). */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${noun(count, word, many)}`;
}
