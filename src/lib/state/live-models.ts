/**
 * The page's model factory for live runs: the learner's endpoint (with the key kept in this
 * browser) or WebLLM, its tokens streamed into the page's ModelStream, load progress and
 * failures reported there in words. Scripted models are made as they are (nothing streams).
 */
import type { ModelFactory } from '$lib/runtimes/browser';
import { createModel, type WebLLMEngines } from '$lib/runtimes/model/live';
import { StreamingModel } from '$lib/runtimes/model/streaming';
import type { ModelSettings } from './model-settings.svelte';
import type { ModelStream } from './model-stream.svelte';

export function liveModels(options: {
  /** the settings as the page has them when the run starts (null before they are read) */
  settings: () => ModelSettings | null;
  stream: ModelStream;
  engines: WebLLMEngines;
}): ModelFactory {
  const { stream, engines } = options;
  return async (spec) => {
    const settings = options.settings();
    try {
      const model = await createModel(spec, {
        endpoint: settings?.endpoint,
        webllm: {
          engines,
          record: settings?.webllm?.selfHosted,
          onProgress: (progress) => (stream.loading = progress)
        }
      });
      stream.loading = null;
      return spec.kind === 'scripted' ? model : new StreamingModel(model, stream);
    } catch (error) {
      stream.fail(error);
      throw new Error(`${stream.error?.title ?? 'The model could not be loaded'}.`, {
        cause: error
      });
    }
  };
}
