/**
 * The JavaScript sandbox for Node (Vitest, CLIs): the shared harness in a separate Node process
 * per program (`sandbox-process.js`), with V8 heap and stack limits, killed at the time limit.
 * See `client.ts` for the host logic and `sandbox-process.js` for what a program can reach.
 *
 * Why a process rather than a worker thread: `npm run solve` holds an API key in its environment
 * and runs model-written programs; a worker thread would share the key, the file system and the
 * right to start commands with them, one escape from the harness away. The process gets none of
 * them (see `node-process-port.ts`): an empty environment, and Node's permission model with read
 * access only to the harness, this folder and the TypeScript transpiler; no writes, child
 * processes, workers or addons. Node 20's permission model does not restrict the network (the
 * process holds nothing to send), nor memory outside V8's heap (`ArrayBuffer`s).
 */
import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorInfo, Sandbox } from '../../../core/run/effects';
import {
  SandboxProcessExit,
  forkSandboxProcess,
  sandboxProcessArgs as processArgs,
  type SandboxProcessArgs
} from '../../node-process-port';
import {
  JsSandboxClient,
  type JsHostMessage,
  type JsWorkerHandlers,
  type JsWorkerPort
} from '../client';

/** Memory a program's process may use: V8's old generation, in MB. */
export const NODE_HEAP_MB = 256;

/**
 * V8's stack limit for programs, in KB (`--stack-size`): what a worker thread with
 * `stackSizeMb: 4` had (Node gives V8 the thread's stack less a 192 KB buffer for native code).
 * It must stay well below the OS stack of a process's main thread (8 MB on Linux and macOS by
 * default): V8 trusts the flag, and a program recursing past the real stack dies by SIGSEGV
 * instead of getting a RangeError.
 */
const STACK_KB = 4 * 1024 - 192;

/** Options of {@link createNodeJsSandbox}. */
export interface NodeJsSandboxOptions {
  /** how many programs may run at once; default 2 */
  maxWorkers?: number;
  /** V8's old-generation limit per program, in MB; default {@link NODE_HEAP_MB} */
  heapMb?: number;
}

/** A Node JavaScript sandbox; call `dispose()` when done so its spare process ends. */
export type NodeJsSandbox = Sandbox & { dispose(): Promise<void> };

const CHILD = fileURLToPath(new URL('./sandbox-process.js', import.meta.url));

/** The packages TypeScript programs need: sucrase and what its `transform` loads. */
const TRANSPILER = [
  'sucrase',
  'lines-and-columns',
  'ts-interface-checker',
  '@jridgewell/gen-mapping',
  '@jridgewell/sourcemap-codec',
  '@jridgewell/trace-mapping',
  '@jridgewell/resolve-uri'
];

/**
 * A package's folder, as Node resolves it from sucrase's (where sucrase requires it from); null
 * if it is not installed there, since then sucrase does not load it either.
 */
function packageFolder(name: string): string | null {
  const require = createRequire(fileURLToPath(import.meta.resolve('sucrase')));
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    return null;
  }
  const marker = `${sep}node_modules${sep}${name.split('/').join(sep)}${sep}`;
  const at = entry.lastIndexOf(marker);
  return at < 0 ? null : entry.slice(0, at + marker.length);
}

/**
 * What the process may read: this folder, the harness's, the harness's one file from the Python
 * sandbox (`progress.js`), and the transpiler's packages.
 */
function readablePaths(): string[] {
  const here = `${dirname(CHILD)}${sep}`;
  const harness = fileURLToPath(new URL('../harness/', import.meta.url));
  const progress = fileURLToPath(new URL('../../python/progress.js', import.meta.url));
  const packages = TRANSPILER.map(packageFolder).filter((folder) => folder !== null);
  return [here, harness, progress, ...packages];
}

/**
 * The flags and environment of a program's process: the permission model with read access to
 * `readablePaths()` only, V8's heap and stack limits, and an empty environment. Exported for
 * the tests that check what they deny.
 */
export function sandboxProcessArgs(heapMb: number = NODE_HEAP_MB): SandboxProcessArgs {
  return processArgs(readablePaths(), [
    `--max-old-space-size=${heapMb}`,
    `--stack-size=${STACK_KB}`
  ]);
}

function spawnNodeJsProcess(handlers: JsWorkerHandlers, args: SandboxProcessArgs): JsWorkerPort {
  // stderr is kept for one thing: V8's last words when the heap is full (see explainCrash).
  return forkSandboxProcess<JsHostMessage>(
    CHILD,
    { args, name: 'JavaScript process', stderr: true },
    handlers
  );
}

/** V8 aborts a process over its heap limit, after saying so on stderr. */
function explainCrash(heapMb: number) {
  return (error: Error): ErrorInfo | null =>
    error instanceof SandboxProcessExit && error.stderr.includes('JavaScript heap out of memory')
      ? {
          type: 'OutOfMemory',
          message: `The program ran out of memory (the limit is ${heapMb} MB) and was stopped.`,
          line: null
        }
      : null;
}

/**
 * Creates a JavaScript/TypeScript sandbox for Node and starts its first process.
 * Same interface as the Python `createNodeSandbox`: `execute(request)` and `dispose()`.
 */
export async function createNodeJsSandbox(
  options: NodeJsSandboxOptions = {}
): Promise<NodeJsSandbox> {
  const heapMb = options.heapMb ?? NODE_HEAP_MB;
  const args = sandboxProcessArgs(heapMb);
  const client = new JsSandboxClient({
    spawn: (handlers) => spawnNodeJsProcess(handlers, args),
    maxWorkers: options.maxWorkers,
    explainCrash: explainCrash(heapMb)
  });
  await client.warm();
  return {
    language: 'javascript',
    execute: (request, executeOptions) => client.execute(request, executeOptions),
    dispose: async () => client.dispose()
  };
}
