/**
 * A model wrapped so the page can watch each call: when it starts, every piece of text as it
 * streams, and how it ended. The run's log is untouched by this: it records the finished
 * result only, as it does for any model.
 */
import type { ChatRequest, ChatResult, LanguageModel } from '$lib/core/run/effects';

/** Told about each call of the wrapped model. */
export interface StreamSink {
  begin(): void;
  token(piece: string): void;
  /** the server asked to wait `ms` before the call is tried again */
  wait?(ms: number): void;
  /** the result, or the error the call ended with */
  end(outcome: { result: ChatResult } | { error: unknown }): void;
}

export class StreamingModel implements LanguageModel {
  readonly id: string;
  readonly #inner: LanguageModel;
  readonly #sink: StreamSink;

  constructor(inner: LanguageModel, sink: StreamSink) {
    this.id = inner.id;
    this.#inner = inner;
    this.#sink = sink;
  }

  async complete(
    request: ChatRequest,
    options: Parameters<LanguageModel['complete']>[1] = {}
  ): Promise<ChatResult> {
    this.#sink.begin();
    try {
      const result = await this.#inner.complete(request, {
        ...options,
        onToken: (piece) => {
          options.onToken?.(piece);
          this.#sink.token(piece);
        },
        onWait: (ms) => {
          options.onWait?.(ms);
          this.#sink.wait?.(ms);
        }
      });
      this.#sink.end({ result });
      return result;
    } catch (error) {
      this.#sink.end({ error });
      throw error;
    }
  }
}
