/**
 * The messages between the page and the WebLLM worker (webllm-worker.ts). The page never
 * imports `@mlc-ai/web-llm` (about 2.2 MB gzip): everything it needs from WebLLM — loading a
 * model, chat completions, interrupting, unloading, deleting a stored model — is a message to
 * the worker, which alone holds the library. Replies name the request they answer by `id`.
 */
import type { ProgressReport } from './progress';
import type { WebLLMModelRecord } from './self-hosted';

/** A request from the page. `interrupt` has no reply: it ends the generation in progress. */
export type ToWorker =
  | { type: 'load'; id: number; modelId: string; record?: WebLLMModelRecord }
  | { type: 'chat'; id: number; body: Record<string, unknown> }
  | { type: 'interrupt' }
  | { type: 'unload'; id: number }
  | { type: 'delete'; id: number; modelId: string; record?: WebLLMModelRecord };

/**
 * A reply from the worker: load progress, one streamed chunk, the end of a request (with the
 * reply of a request that does not stream), or its failure.
 */
export type FromWorker =
  | { type: 'progress'; id: number; report: ProgressReport }
  | { type: 'chunk'; id: number; chunk: unknown }
  | { type: 'done'; id: number; reply?: unknown }
  | { type: 'error'; id: number; error: ErrorData };

/** An error as it crosses the worker boundary: an Error's class does not survive the copy. */
export interface ErrorData {
  name: string;
  message: string;
}

/**
 * What to send for anything thrown. Parts of WebLLM throw strings such as
 * "ShaderF16SupportError: …"; the name is recovered from that prefix, so the error
 * explanations can still tell the cases apart.
 */
export function errorData(reason: unknown): ErrorData {
  if (reason instanceof Error) return { name: reason.name, message: reason.message };
  if (typeof reason === 'string') {
    const m = /^([A-Za-z][A-Za-z0-9]*(?:Error|Exception)):\s*([\s\S]*)$/.exec(reason.trim());
    return m ? { name: m[1], message: m[2] } : { name: 'WebLLMWorkerError', message: reason };
  }
  if (reason && typeof reason === 'object' && 'message' in reason) {
    const { name, message } = reason as { name?: unknown; message: unknown };
    return { name: typeof name === 'string' ? name : 'Error', message: String(message) };
  }
  return { name: 'Error', message: String(reason) };
}

/** An Error rebuilt from its copy, with the name it had in the worker. */
export function errorFromData(data: ErrorData): Error {
  const error = new Error(data.message);
  error.name = data.name;
  return error;
}
