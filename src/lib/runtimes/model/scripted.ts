/**
 * The scripted model: authored responses, one per model call of a run. By default it answers
 * the n-th call (counting the assistant turns already in the request) with the n-th
 * response, so it is stateless and a forked run gets the same answer as the original at the
 * same turn. Techniques that make many calls with fresh conversations (sampling, search)
 * use `by-call`: the n-th model call of the run, as numbered by the run context, gets the
 * n-th response.
 */
import type { ChatRequest, ChatResult, LanguageModel } from '../../core/run/effects';
import type { ModelSpec } from '../../core/run/run';
import {
  chooseCase,
  pathLength,
  scriptedReply,
  type ScriptChoice,
  type ScriptContext
} from '../../core/run/script-choice';

/** Re-exported: the runtimes' estimate is the one the prompt view uses (core owns it). */
import { estimateTokens } from '../../core/prompts/sections';
export { estimateTokens };

export class ScriptedModelError extends Error {
  constructor(turn: number, total: number) {
    super(
      `The scripted walkthrough has ${total} responses and was asked for response ${turn}. ` +
        'Scripted runs follow the path the lesson author wrote; fork with an edit that keeps ' +
        'to that path, or use a live model.'
    );
    this.name = 'ScriptedModelError';
  }
}

export type ScriptedAnswer = 'by-turn' | 'by-call';

/** The scripted model of a run's model spec; any other kind of model is an error. */
export function scriptedModelFor(spec: ModelSpec): ScriptedModel {
  if (spec.kind !== 'scripted') throw new Error(`${spec.label} is not a scripted model.`);
  return new ScriptedModel(spec.id, spec.responses, spec.answer, spec.choose);
}

export class ScriptedModel implements LanguageModel {
  readonly id: string;
  readonly #responses: readonly string[];
  readonly #answer: ScriptedAnswer;
  readonly #choose: ScriptChoice | undefined;
  #calls = 0;

  constructor(
    id: string,
    responses: readonly string[],
    answer: ScriptedAnswer = 'by-turn',
    choose?: ScriptChoice
  ) {
    this.id = id;
    this.#responses = responses;
    this.#answer = answer;
    this.#choose = choose;
  }

  async complete(
    request: ChatRequest,
    options?: { call?: number; script?: ScriptContext }
  ): Promise<ChatResult> {
    const turn =
      this.#answer === 'by-call'
        ? (options?.call ?? this.#calls++)
        : request.messages.filter((m) => m.role === 'assistant').length;
    const context = options?.script ?? { params: {}, answers: [] };
    const script = { responses: this.#responses, choose: this.#choose };
    const text = scriptedReply(script, turn, context);
    if (text === undefined) {
      const chosen = this.#choose ? chooseCase(this.#choose, context) : null;
      throw new ScriptedModelError(turn + 1, pathLength(script, chosen));
    }
    const prompt = request.messages.reduce((n, m) => n + estimateTokens(m.content) + 4, 0);
    return {
      text,
      finishReason: 'stop',
      modelId: this.id,
      usage: { promptTokens: prompt, completionTokens: estimateTokens(text), estimated: true }
    };
  }
}
