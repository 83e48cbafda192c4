/**
 * Words that agree with a count, for the sentences core, the CLI and the UI write, and text
 * that came from someone else's link made fit to show on one line. It sits at the root of
 * core, below every layer, so any of them (and anything outside core) may use it.
 */

/** The form of `word` that goes with `count`: "test" for 1, else `many` ("tests"). */
export function noun(count: number, word: string, many = `${word}s`): string {
  return count === 1 ? word : many;
}

/** The count and its noun: "1 test", "3 tests", "2 processes" (with `many`). */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${noun(count, word, many)}`;
}

/**
 * Unicode's bidirectional formatting characters: the embeddings and overrides (U+202A–U+202E),
 * the isolates (U+2066–U+2069) and the marks (U+200E, U+200F, U+061C). A link can use them to
 * make text read differently from what it holds (an override shows "moc.evil" as "live.com").
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** How many characters of a link's text {@link linkText} keeps by default. */
export const LINK_TEXT_MAX = 80;

/** `text` without Unicode bidi controls (see BIDI_CONTROLS); every other character is kept. */
export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/**
 * Text that came from a link (a shared run's model label, its problem's title), ready to show
 * as one line: bidi controls stripped, line breaks and runs of white space as one space, and
 * at most `max` characters (counted by code point, so no emoji is split), the last being "…"
 * when it was cut. The caller still renders it as text and marks it as coming from the link.
 */
export function linkText(text: string, max = LINK_TEXT_MAX): string {
  const line = stripBidiControls(text).replace(/\s+/g, ' ').trim();
  const chars = [...line];
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join('')}…`;
}
