/**
 * The page's model factory for live runs: the learner's endpoint (with the key kept in this
 * browser) or WebLLM, its tokens streamed into the page's ModelStream, load progress and
 * failures reported there in words. Scripted models are made as they are (nothing streams).
 */
import type { ModelFactory } from '$lib/runtimes/browser';
import { createModel, type WebLLMEngines } from '$lib/runtimes/model/model-for-run';
import { StreamingModel } from '$lib/runtimes/model/streaming';
import { SerialModel, type CallQueue } from '$lib/runtimes/model/serial';
import type { ModelSettings } from './model-settings.svelte';
import type { ModelStream } from './model-stream.svelte';

export function liveModels(options: {
  /** the settings as the page has them when the run starts (null before they are read) */
  settings: () => ModelSettings | null;
  stream: ModelStream;
  /** the tab's in-browser engine (asked for only when a run uses it: never on the server) */
  engines: () => WebLLMEngines;
  /** in-browser models' calls wait here for one another (one engine serves the whole tab) */
  queue?: () => CallQueue;
}): ModelFactory {
  const { stream } = options;
  return async (spec) => {
    const settings = options.settings();
    try {
      const model = await createModel(spec, {
        endpoint: settings?.endpoint,
        webllm: {
          get engines() {
            return options.engines();
          },
          record: settings?.webllm?.selfHosted,
          onProgress: (progress) => (stream.loading = progress)
        }
      });
      stream.loading = null;
      if (spec.kind === 'scripted') return model;
      const streamed = new StreamingModel(model, stream);
      // Queued outside the stream: a pane says "writing" only once its call has the engine.
      return (spec.kind === 'webllm' || spec.kind === 'cpu') && options.queue
        ? new SerialModel(streamed, options.queue())
        : streamed;
    } catch (error) {
      stream.fail(error);
      throw new Error(`${stream.error?.title ?? 'The model could not be loaded'}.`, {
        cause: error
      });
    }
  };
}
