/** What `npm run solve` prints at the end: stop reasons, the tasks that did not finish, pass@1. */
import type { ProgressOutput } from '../grader/progress';
import { plural } from '../../lib/core/text';
import { LISTED } from './inputs';
import type { ResultLine, Summary } from './results';

const pct = (value: number | null) => (value === null ? 'n/a' : value.toFixed(4));

/** Prints the summary lines after the progress bar. */
export function printSummary(
  out: ProgressOutput,
  summary: Summary,
  lines: readonly ResultLine[]
): void {
  const counts = Object.entries(summary.byStop)
    .map(([reason, count]) => `${reason} ${count}`)
    .join(', ');
  out.write(`Stop reasons: ${counts}.\n`);
  const notable = lines.filter((l) => l.stop_reason !== 'finished');
  for (const line of notable.slice(0, LISTED)) {
    out.write(`  ${line.task_id}: ${line.stop_reason}: ${line.detail}\n`);
  }
  if (notable.length > LISTED) out.write(`  … and ${notable.length - LISTED} more\n`);
  const retries = lines.reduce((n, l) => n + l.retries, 0);
  if (retries > 0) out.write(`Model calls retried: ${retries}.\n`);
  out.write(
    `pass@1: ${pct(summary.passAt1)} (${summary.passed} of ${plural(summary.ran, 'task')} ` +
      `that ran passed the hidden check)\n`
  );
  if (summary.skipped > 0) {
    out.write(
      `pass@1 counting the ${plural(summary.skipped, 'skipped task')} as failed: ` +
        `${pct(summary.passAt1AllTasks)}\n`
    );
  }
  if (summary.samplePassAt1 !== null) {
    out.write(`pass@1 over all samples (unbiased, mean of c/n): ${pct(summary.samplePassAt1)}\n`);
  }
}
