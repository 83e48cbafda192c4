#!/usr/bin/env node
// `agentic-code-lab solve|grade …`: the package's command line (package.json "bin"); the same
// commands as `npm run solve` and `npm run grade`. Exit codes: 0 ran, 1 an input could not be
// read or nothing ran, 2 bad usage.
import './caller-cwd.js';
import { COMMANDS, runCommand } from './commands.js';

const USAGE = [
  'usage: agentic-code-lab <command> [options]',
  '',
  'commands:',
  ...Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(7)}${summary}`),
  '',
  '`agentic-code-lab <command> --help` prints the options of a command.'
].join('\n');

const [command, ...rest] = process.argv.slice(2);
if (command === '--help' || command === '-h' || command === 'help') {
  process.stdout.write(`${USAGE}\n`);
} else if (command === undefined) {
  process.stderr.write(`Say which command to run.\n${USAGE}\n`);
  process.exitCode = 2;
} else if (!Object.hasOwn(COMMANDS, command)) {
  process.stderr.write(
    `There is no command "${command}": the commands are ${Object.keys(COMMANDS).join(' and ')}.\n` +
      'Run `agentic-code-lab --help` for what each does.\n'
  );
  process.exitCode = 2;
} else {
  await runCommand(/** @type {keyof typeof COMMANDS} */ (command), rest);
}
