/**
 * The JavaScript sandbox for Node (Vitest, CLIs): the shared harness in a `node:worker_threads`
 * Worker per program (`worker.js`), with V8 heap and stack limits, terminated at the time
 * limit. See `client.ts` for the host logic and `worker.js` for what a program can reach.
 */
import { Worker } from 'node:worker_threads';
import type { ErrorInfo, Sandbox } from '../../../core/run/effects';
import { adaptNodeWorker } from '../../node-worker-port';
import {
  JsSandboxClient,
  type JsHostMessage,
  type JsWorkerHandlers,
  type JsWorkerPort
} from '../client';

/** Memory a program's worker may use: V8's old generation, in MB. */
export const NODE_HEAP_MB = 256;

/** Options of {@link createNodeJsSandbox}. */
export interface NodeJsSandboxOptions {
  /** how many programs may run at once; default 2 */
  maxWorkers?: number;
  /** V8's old-generation limit per program, in MB; default {@link NODE_HEAP_MB} */
  heapMb?: number;
}

/** A Node JavaScript sandbox; call `dispose()` when done so its spare worker ends. */
export type NodeJsSandbox = Sandbox & { dispose(): Promise<void> };

function spawnNodeJsWorker(handlers: JsWorkerHandlers, heapMb: number): JsWorkerPort {
  const worker = new Worker(new URL('./worker.js', import.meta.url), {
    resourceLimits: {
      maxOldGenerationSizeMb: heapMb,
      maxYoungGenerationSizeMb: 32,
      stackSizeMb: 4
    },
    // The program's output goes to the harness's capture; nothing reaches this process's streams.
    stdout: true,
    stderr: true
  });
  return adaptNodeWorker<JsHostMessage>(worker, handlers);
}

/** Node reports a worker over its heap limit with this code. */
function explainCrash(heapMb: number) {
  return (error: Error): ErrorInfo | null =>
    Reflect.get(error, 'code') === 'ERR_WORKER_OUT_OF_MEMORY'
      ? {
          type: 'OutOfMemory',
          message: `The program ran out of memory (the limit is ${heapMb} MB) and was stopped.`,
          line: null
        }
      : null;
}

/**
 * Creates a JavaScript/TypeScript sandbox for Node and starts its first worker.
 * Same interface as the Python `createNodeSandbox`: `execute(request)` and `dispose()`.
 */
export async function createNodeJsSandbox(
  options: NodeJsSandboxOptions = {}
): Promise<NodeJsSandbox> {
  const heapMb = options.heapMb ?? NODE_HEAP_MB;
  const client = new JsSandboxClient({
    spawn: (handlers) => spawnNodeJsWorker(handlers, heapMb),
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
