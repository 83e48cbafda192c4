/**
 * A sandbox process for Node hosts (the Python and the JavaScript sandboxes share it): a forked
 * Node process that runs model-written programs, wired to the callbacks a sandbox client drives
 * (messages in, every failure or exit as an error).
 *
 * Why a process rather than a worker thread: the host's process holds what programs must never
 * see (a CLI's API key in its environment, the file system, the right to start commands), and a
 * worker thread shares all of it. The child gets:
 * - an empty environment, so no secret of the parent's ever enters it;
 * - Node's permission model (`--experimental-permission`): it may read only the folders given,
 *   and may not write files, start processes or workers, or load native addons (all denied by
 *   default). In Node 20 the model does not restrict the network; the child holds nothing to
 *   send;
 * - no inherited flags: explicit `execArgv`, so neither a TypeScript loader nor an inspector.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';

/**
 * The permission model's flag: `--experimental-permission` in Node 20, `--permission` once it
 * became stable (Node 22.13 and 23.5 on); the README allows Node 20 and 22.
 */
const PERMISSION_FLAG = process.allowedNodeEnvironmentFlags.has('--permission')
  ? '--permission'
  : '--experimental-permission';

/** How a sandbox process is started: Node's flags (the permission model's among them) and env. */
export interface SandboxProcessArgs {
  execArgv: string[];
  env: Record<string, string>;
}

/**
 * The flags and environment of a sandbox process: the permission model with read access to
 * `readable` only (folders end in `/`), an empty environment, and `extra` flags (limits).
 */
export function sandboxProcessArgs(readable: string[], extra: string[] = []): SandboxProcessArgs {
  return {
    execArgv: [
      PERMISSION_FLAG,
      ...readable.map((path) => `--allow-fs-read=${path}`),
      ...extra,
      '--no-warnings'
    ],
    env: {}
  };
}

/**
 * The sandbox processes still running. A program that never yields cannot see its host go away
 * (its `disconnect` handler never runs), so when this process exits, they are killed with it.
 * A host killed by a signal it does not handle still leaves them; Ctrl-C reaches them anyway,
 * since they share its process group.
 */
const live = new Set<ChildProcess>();
let killOnExit = false;

function track(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (killOnExit) return;
  killOnExit = true;
  process.once('exit', () => {
    for (const each of live) each.kill('SIGKILL');
  });
}

/** How much of a child's stderr is kept (its end), to say why it died. */
const STDERR_KEPT = 8_192;

/** A sandbox process ended: how, and the end of what it wrote to stderr. */
export class SandboxProcessExit extends Error {
  constructor(
    readonly code: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly stderr: string,
    name: string
  ) {
    super(`the ${name} exited (${signal ?? `code ${code}`})`);
  }
}

/** Options of {@link forkSandboxProcess}. */
export interface ForkOptions {
  /** the child's flags and environment, from {@link sandboxProcessArgs} */
  args: SandboxProcessArgs;
  /** what the process is called in errors, e.g. "Python process" */
  name: string;
  /** keep the end of the child's stderr for {@link SandboxProcessExit} (else it is dropped) */
  stderr?: boolean;
}

/**
 * Forks `script` as a sandbox process speaking over IPC with the structured-clone serialization.
 * `unref`s it so an idle sandbox does not keep a CLI alive (pending runs hold timers, so a CLI
 * still waits for them). Its exit reaches `onError` as a {@link SandboxProcessExit}.
 */
export function forkSandboxProcess<M>(
  script: string,
  options: ForkOptions,
  handlers: { onMessage(data: unknown): void; onError(error: Error): void }
): { postMessage(message: M): void; terminate(): void } {
  const child = fork(script, [], {
    ...options.args,
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', options.stderr ? 'pipe' : 'ignore', 'ipc']
  });
  child.unref();
  child.channel?.unref();
  track(child);
  let stderr = '';
  const pipe = child.stderr as (Readable & { unref?: () => void }) | null;
  if (pipe) {
    pipe.unref?.();
    pipe.setEncoding('utf8');
    pipe.on('data', (text: string) => {
      stderr = (stderr + text).slice(-STDERR_KEPT);
    });
  }
  let exited = false;
  child.on('message', (data: unknown) => handlers.onMessage(data));
  child.on('error', (error: Error) => handlers.onError(error));
  // 'close' rather than 'exit': it comes after stderr has been read to its end.
  child.on('close', (code, signal) => {
    exited = true;
    handlers.onError(new SandboxProcessExit(code, signal, stderr, options.name));
  });
  return {
    postMessage(message: M) {
      if (!exited && child.connected) child.send(message as object);
    },
    terminate() {
      if (!exited) child.kill('SIGKILL');
    }
  };
}
