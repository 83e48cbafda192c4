/**
 * The QuickJS worker's side of the JS sandbox protocol (`client.ts`): get an engine ready, say
 * `ready` (or `failed` with id -1 and why), run the one request that comes, stream its events,
 * answer `done`. Shared by the browser worker (`sandbox-quickjs.ts`) and Node's in-thread port
 * (`node.ts`), which differ only in how messages travel and how the wasm loads.
 */
import type { ExecRequest } from '../../../core/run/effects';
import { prepareQuickJs, type QuickJsLoader, type QuickJsSession } from './host';

/** A served engine: feed it the client's messages; `stop` interrupts whatever runs. */
export interface QuickJsServer {
  onMessage(data: unknown): void;
  stop(): void;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Starts loading an engine at once and answers the client through `post`. */
export function serveQuickJs(
  loader: QuickJsLoader,
  post: (message: unknown) => void
): QuickJsServer {
  let session: QuickJsSession | null = null;
  let stopped = false;
  const ready = prepareQuickJs(loader).then((prepared) => {
    session = prepared;
    if (stopped) prepared.stop();
    post({ type: 'ready' });
    return prepared;
  });
  ready.catch((error: unknown) => post({ type: 'failed', id: -1, message: messageOf(error) }));
  let started = false;
  return {
    onMessage(data) {
      if (started || typeof data !== 'object' || data === null) return;
      if (Reflect.get(data, 'type') !== 'run') return;
      started = true; // one program per engine
      const { id, request } = data as { id: number; request: ExecRequest };
      ready
        .then((engine) => engine.run(request, (event) => post({ type: 'event', id, event })))
        .then(
          (report) => post({ type: 'done', id, report }),
          (error: unknown) => post({ type: 'failed', id, message: messageOf(error) })
        );
    },
    stop() {
      stopped = true;
      session?.stop();
    }
  };
}
