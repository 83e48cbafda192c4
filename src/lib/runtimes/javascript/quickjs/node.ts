/**
 * The QuickJS JavaScript sandbox in Node (tests, `npm run bench:js`): the same client and
 * engine as the browser's, with the engine in this thread instead of a worker. The engine's
 * interrupt is then the only thing that can stop a program at its time limit (a worker's
 * termination cannot help here), which is what the tests want to see hold.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import variant from '@jitl/quickjs-wasmfile-release-sync';
import { newQuickJSWASMModuleFromVariant, newVariant } from 'quickjs-emscripten-core';
import { JsSandboxClient } from '../client';
import type { NodeJsSandbox } from '../node/sandbox';
import { QUICKJS_GRACE_MS, QUICKJS_MODULES, type QuickJsLoader } from './host';
import { serveQuickJs } from './serve';

let compiled: Promise<WebAssembly.Module> | null = null;

/** The QuickJS wasm, compiled once per process (each program still gets its own instance). */
function compiledWasm(): Promise<WebAssembly.Module> {
  const path = createRequire(import.meta.url).resolve('@jitl/quickjs-wasmfile-release-sync/wasm');
  compiled ??= WebAssembly.compile(readFileSync(path));
  compiled.catch(() => (compiled = null));
  return compiled;
}

/** Loads the wasm and the harness's sources from this package's files. */
export function nodeQuickJsLoader(): QuickJsLoader {
  const runtimes = new URL('../../', import.meta.url);
  const sources: Record<string, string> = {};
  for (const name of QUICKJS_MODULES) sources[name] = readFileSync(new URL(name, runtimes), 'utf8');
  return {
    sources,
    newModule: async (memory) =>
      newQuickJSWASMModuleFromVariant(
        newVariant(variant, { wasmModule: await compiledWasm(), wasmMemory: memory })
      ),
    loadTranspiler: async () => (await import('sucrase')).transform
  };
}

/** A JavaScript/TypeScript sandbox running programs in QuickJS in this thread. */
export async function createQuickJsSandbox(
  options: { maxWorkers?: number; loader?: QuickJsLoader } = {}
): Promise<NodeJsSandbox> {
  const loader = options.loader ?? nodeQuickJsLoader();
  const client = new JsSandboxClient({
    maxWorkers: options.maxWorkers,
    graceMs: QUICKJS_GRACE_MS,
    spawn: (handlers) => {
      // Events reach the client as they happen (so its clock is the program's); requests go
      // through the event loop, as a worker's would.
      const server = serveQuickJs(loader, (message) => handlers.onMessage(message));
      return {
        postMessage: (message) => void setTimeout(() => server.onMessage(message), 0),
        terminate: () => server.stop()
      };
    }
  });
  await client.warm();
  return {
    language: 'javascript',
    execute: (request, executeOptions) => client.execute(request, executeOptions),
    dispose: async () => client.dispose()
  };
}
