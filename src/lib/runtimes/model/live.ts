/**
 * The model a run names, made live: the scripted one from its responses, an endpoint with the
 * learner's key, or WebLLM in a worker. Heavy code is imported only for the kind in use.
 */
import type { LanguageModel } from '$lib/core/run/effects';
import type { ModelSpec } from '$lib/core/run/run';
import { resolveEndpoint } from './endpoint';
import { EndpointConfigError } from './errors';

/** What the browser keeps that a run does not carry. */
export interface LiveSecrets {
  /** the learner's endpoint, with its key */
  endpoint?: { baseUrl: string; apiKey: string } | null;
}

/**
 * The key to send to `baseUrl`: the learner's, only when the run goes to the endpoint they
 * configured. A run shared by someone else names their server; forking it must not send
 * this learner's key there.
 */
export function keyFor(baseUrl: string, endpoint: LiveSecrets['endpoint']): string | undefined {
  if (!endpoint?.apiKey) return undefined;
  try {
    return resolveEndpoint(endpoint.baseUrl).base === baseUrl ? endpoint.apiKey : undefined;
  } catch {
    return undefined;
  }
}

/** A live model for the run's spec. */
export async function createModel(spec: ModelSpec, secrets: LiveSecrets): Promise<LanguageModel> {
  switch (spec.kind) {
    case 'scripted': {
      const { ScriptedModel } = await import('./scripted');
      return new ScriptedModel(spec.id, spec.responses, spec.answer);
    }
    case 'endpoint': {
      const { OpenAICompatibleModel } = await import('./openai');
      return new OpenAICompatibleModel({
        baseUrl: spec.baseUrl,
        model: spec.id,
        apiKey: keyFor(spec.baseUrl, secrets.endpoint)
      });
    }
    case 'webllm':
      throw new EndpointConfigError('In-browser models are not connected to runs yet.');
  }
}
