// npm run grade -- PROBLEMS.jsonl[.gz] SAMPLES.jsonl[.gz] [--timeout SECONDS] [--k 1,10,100]
// Grades HumanEval-style samples; see grader/main.ts.
//
// Why a JavaScript launcher rather than `tsx src/cli/grader/main.ts`: see commands.js (tsx is
// registered in the main thread only, so Pyodide's worker stays plain Node).
import './caller-cwd.js';
import { runCommand } from './commands.js';

await runCommand('grade', process.argv.slice(2));
