/** What every command does with --help and with bad usage, so they all behave alike. */

/** A command line that asked for help or could not be parsed. */
export type NotARun = { kind: 'help' } | { kind: 'error'; message: string };

/**
 * Prints the usage for --help (exit code 0), or the problem and the usage for bad usage
 * (exit code 2, on stderr).
 * @returns the exit code
 */
export function answerUsage(
  parsed: NotARun,
  usage: string,
  io: { stdout: { write(text: string): void }; stderr: { write(text: string): void } }
): number {
  if (parsed.kind === 'help') {
    io.stdout.write(`${usage}\n`);
    return 0;
  }
  io.stderr.write(`${parsed.message}\n${usage}\n`);
  return 2;
}
