// npm run grade -- PROBLEMS.jsonl[.gz] SAMPLES.jsonl[.gz] [--timeout SECONDS] [--k 1,10,100]
// Grades HumanEval-style samples; see grader/main.ts.
//
// Why a JavaScript launcher rather than `tsx src/cli/grader/main.ts`: the tsx command turns on
// source maps in every thread, and Pyodide (in the sandbox's worker thread) finds its own files
// from a stack trace, which its source map points into a folder the package does not ship.
// Registering tsx here, in the main thread only, leaves the worker thread plain Node.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./grader/main');
process.exitCode = await main(process.argv.slice(2));
