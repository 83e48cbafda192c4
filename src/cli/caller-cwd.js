// Imported first by every command line entry (bin.js, solve.js, grade.js), before anything reads
// a path: makes relative paths on the command line the caller's.
//
// `npm run grade -- runs/samples.jsonl` starts the script in the package's folder, not where it
// was typed; npm passes that folder in INIT_CWD. The move happens only when the npm script being
// run is ours and is the one that started this file: npm's variables are inherited, so a program
// that an npm script starts (an e2e test running `node src/cli/solve.js`) keeps its own folder,
// and so does another package's script running our bin (its paths are relative to that package,
// the usual rule for npm scripts, and npm already started it there).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { INIT_CWD: caller, npm_package_name: name, npm_lifecycle_event: event } = process.env;
if (caller && name && event) {
  const own = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
  const entry = /^node\s+(\S+)/.exec(own.scripts?.[event] ?? '')?.[1];
  if (name === own.name && entry && resolve(root, entry) === process.argv[1]) process.chdir(caller);
}
