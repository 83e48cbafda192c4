// The commands of the `agentic-code-lab` bin, and how each one runs.
//
// tsx is registered here, in the main thread only, and not with the tsx command: that turns on
// source maps in every thread, and Pyodide (in the sandbox's worker) finds its own files from a
// stack trace, which a source map points into a folder the package does not ship.
import { register } from 'tsx/esm/api';

/** Each command: a line for the bin's --help, and its module (which exports `main(argv)`). */
export const COMMANDS = {
  solve: {
    summary:
      'run a technique headless through an OpenAI-compatible endpoint; writes run logs, ' +
      'results.jsonl and samples.jsonl',
    load: () => import('./solve/main')
  },
  grade: {
    summary:
      'grade HumanEval-style samples (completion, or EvalPlus solution) like openai/human-eval, ' +
      'in the Pyodide sandbox',
    load: () => import('./grader/main')
  }
};

/**
 * Runs one command with its arguments and sets the exit code it returns.
 * @param {keyof typeof COMMANDS} name
 * @param {string[]} argv
 */
export async function runCommand(name, argv) {
  register();
  const { main } = await COMMANDS[name].load();
  process.exitCode = await main(argv);
}
