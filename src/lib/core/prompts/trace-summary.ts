/**
 * A line trace (recorded in the sandbox) as a few lines of text a small model can read: which
 * line ran and what it changed. A 'line' step is recorded *before* its line runs, so the
 * changes seen at a step are the work of the line before it: they are written on that line.
 * Long traces keep their start and their end, where a wrong answer usually shows.
 */
import type { ExecTrace } from '../run/effects';

export function summarizeTrace(trace: ExecTrace, maxLines = 24): string {
  const lines: string[] = [];
  let previous: Record<string, string> = {};
  /** index in `lines` of the last line that ran in the current function, if any */
  let lastLine = -1;
  const credit = (locals: Record<string, string>) => {
    const changed = Object.entries(locals)
      .filter(([k, v]) => previous[k] !== v)
      .map(([k, v]) => `${k}=${v}`);
    if (changed.length && lastLine >= 0) lines[lastLine] += ` → ${changed.join(', ')}`;
    previous = { ...locals };
  };
  for (const step of trace.steps) {
    const indent = '  '.repeat(Math.min(step.depth, 4));
    if (step.event === 'call') {
      const args = Object.entries(step.locals).map(([k, v]) => `${k}=${v}`);
      lines.push(`${indent}call ${step.function}(${args.join(', ')})`);
      previous = { ...step.locals };
      lastLine = -1;
    } else if (step.event === 'return') {
      credit(step.locals);
      lines.push(`${indent}line ${step.line}: return ${step.returnValue ?? '(exception)'}`);
      lastLine = -1;
    } else {
      credit(step.locals);
      lines.push(`${indent}line ${step.line}${step.event === 'exception' ? ' raises' : ''}`);
      lastLine = lines.length - 1;
    }
  }
  if (lines.length > maxLines) {
    const head = Math.ceil(maxLines / 2);
    const skipped = lines.length - maxLines;
    lines.splice(head, skipped, `… ${skipped} steps left out …`);
  }
  if (trace.truncated) lines.push('… the trace stops here; the program went on …');
  return lines.join('\n');
}
