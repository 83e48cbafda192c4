/**
 * A run log read from a file (what `npm run solve` writes, or a saved permalink payload): the
 * same JSON and the same checks as a permalink's run, with messages that speak of a file.
 * Files come from anywhere, so the text is size- and depth-checked before the schema.
 */
import { LOG_VERSION } from '../run/events';
import { RunSchema, type Run } from '../run/run';
import { describeIssue } from './issues';
import { MAX_DEPTH, MAX_UNPACKED_BYTES, nestingDepth } from './permalink';

/** The largest run log we read: the same limit as an unpacked permalink. */
export const MAX_RUN_FILE_BYTES = MAX_UNPACKED_BYTES;

type ParsedRunFile = { ok: true; run: Run } | { ok: false; message: string };

const fail = (message: string): ParsedRunFile => ({ ok: false, message });

const megabytes = (n: number) => String(Math.ceil(n / 100_000) / 10);

/** The sentence for a file over {@link MAX_RUN_FILE_BYTES} (also said before reading one). */
export function tooLargeMessage(name: string, bytes: number): string {
  return `${name} is too large to open (${megabytes(bytes)} MB; the limit is ${megabytes(MAX_RUN_FILE_BYTES)} MB).`;
}

/**
 * Checks a run log's text. Never throws: a failure is one sentence naming what is wrong, e.g.
 * "This file is not a valid run log: events[3].result.text should be text."
 */
export function parseRunFile(text: string, name = 'This file'): ParsedRunFile {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_RUN_FILE_BYTES) return fail(tooLargeMessage(name, bytes));
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return fail(
      `${name} is not JSON, so it is not a run log (one is written by npm run solve or saved from a run).`
    );
  }
  if (nestingDepth(text) > MAX_DEPTH) {
    return fail(`${name} is not a valid run log: it is nested more than ${MAX_DEPTH} levels deep.`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return fail(`${name} is not a run log: it holds JSON, but not one object with a run in it.`);
  }
  const version = (data as { version?: unknown }).version;
  if (typeof version === 'number' && Number.isInteger(version) && version !== LOG_VERSION) {
    const age = version > LOG_VERSION ? 'a newer' : 'an older';
    return fail(
      `${name} was written by ${age} version of the app (format ${version}); this app reads format ${LOG_VERSION}.`
    );
  }
  const parsed = RunSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    return fail(`${name} is not a valid run log: ${describeIssue(parsed.error.issues[0])}.`);
  }
  return { ok: true, run: parsed.data };
}
