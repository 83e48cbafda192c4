// Imported first by every command line entry (bin.js, solve.js, grade.js), before anything reads
// a path: makes relative paths on the command line the caller's.
//
// `npm run grade -- runs/samples.jsonl` starts the script in the package's folder, not where it
// was typed; npm passes that folder in INIT_CWD. Only our own scripts are moved there: when
// another package's npm script runs our `agentic-code-lab` bin, its paths are relative to that
// package's folder (the usual rule for npm scripts), which is where npm already started it.
import { readFileSync } from 'node:fs';

const caller = process.env.INIT_CWD;
if (caller && process.env.npm_package_name) {
  const own = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  if (process.env.npm_package_name === own.name) process.chdir(caller);
}
