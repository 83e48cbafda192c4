// WebLLM's engine in a dedicated worker, so loading and inference never block the page, and
// the only copy of @mlc-ai/web-llm is here: the page talks to it through webllm-client.ts
// (messages in webllm-protocol.ts). This worker's script gets its own
// Content-Security-Policy (security-headers.js, isModelWorker): it may fetch weights and model
// libraries from the model hosts and compile WebAssembly.
import { MLCEngine, deleteModelAllInfoInCache, prebuiltAppConfig } from '@mlc-ai/web-llm';
import type { AppConfig } from '@mlc-ai/web-llm';
import { WebLLMHost, type HostEngine } from './webllm-host';
import type { ToWorker } from './webllm-protocol';

const host = new WebLLMHost(
  {
    // The host's structural types are narrower than WebLLM's (the record we build is a
    // ModelRecord with fewer fields set), hence the casts at this one seam.
    createEngine: ({ appConfig, initProgressCallback }) =>
      new MLCEngine({
        appConfig: appConfig as unknown as AppConfig,
        initProgressCallback
      }) as unknown as HostEngine,
    prebuilt: prebuiltAppConfig,
    deleteModel: (modelId, appConfig) => deleteModelAllInfoInCache(modelId, appConfig as AppConfig)
  },
  (message) => self.postMessage(message)
);
self.onmessage = (event: MessageEvent<ToWorker>) => void host.handle(event.data);
