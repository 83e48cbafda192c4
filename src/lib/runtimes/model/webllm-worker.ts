// WebLLM's engine in a dedicated worker, so loading and inference never block the page.
// The page talks to it through CreateWebWorkerMLCEngine (see webllm.ts). This worker's
// script gets its own Content-Security-Policy (security-headers.js, isModelWorker): it may
// fetch weights and model libraries from the model hosts and compile WebAssembly.
import { WebWorkerMLCEngineHandler } from '@mlc-ai/web-llm';

const handler = new WebWorkerMLCEngineHandler();
self.onmessage = (event: MessageEvent) => handler.onmessage(event);
