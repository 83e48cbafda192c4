/**
 * What the live model is doing right now, for the page: the text streaming in, how fast,
 * and how the last call ended. It feeds the screen only; the run's log records finished
 * results and nothing of this.
 */
import { getContext, setContext } from 'svelte';
import type { ChatResult } from '$lib/core/run/effects';
import type { LoadProgress } from '$lib/runtimes/model/progress';
import type { StreamSink } from '$lib/runtimes/model/streaming';
import {
  explainModelError,
  isAbortError,
  type ModelErrorExplanation
} from '$lib/runtimes/model/errors';

/** The finished call's numbers. */
export interface CallStats {
  tokens: number;
  /** true when the server sent no counts and tokens are estimated */
  estimated: boolean;
  seconds: number;
  tokensPerSecond: number;
}

export class ModelStream implements StreamSink {
  /** a call is in progress */
  active = $state(false);
  /** the reply so far (plain text: model output is never rendered as HTML) */
  text = $state('');
  /** pieces received; servers send about one token per piece */
  pieces = $state(0);
  /** seconds since the call started, updated with each piece */
  seconds = $state(0);
  last = $state.raw<CallStats | null>(null);
  /** the last call's failure in plain words (not set for a stop) */
  error = $state.raw<ModelErrorExplanation | null>(null);
  /** an in-browser model being downloaded or loaded before the run's first call */
  loading = $state.raw<LoadProgress | null>(null);
  /** the server asked the call to wait this many seconds before it is tried again */
  waiting = $state<number | null>(null);

  readonly rate = $derived(this.seconds > 0 ? this.pieces / this.seconds : 0);
  #started = 0;
  readonly #now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  begin(): void {
    this.loading = null;
    this.active = true;
    this.text = '';
    this.pieces = 0;
    this.seconds = 0;
    this.error = null;
    this.waiting = null;
    this.#started = this.#now();
  }

  wait(ms: number): void {
    this.waiting = Math.ceil(ms / 1000);
  }

  token(piece: string): void {
    this.waiting = null;
    this.text += piece;
    this.pieces++;
    this.seconds = (this.#now() - this.#started) / 1000;
  }

  end(outcome: { result: ChatResult } | { error: unknown }): void {
    this.active = false;
    this.waiting = null;
    const seconds = (this.#now() - this.#started) / 1000;
    if ('result' in outcome) {
      const { usage } = outcome.result;
      // The server's count when it gave one; otherwise the pieces that streamed.
      const tokens = usage.estimated && this.pieces > 0 ? this.pieces : usage.completionTokens;
      this.last = {
        tokens,
        estimated: usage.estimated,
        seconds,
        tokensPerSecond: seconds > 0 ? tokens / seconds : 0
      };
      return;
    }
    const name = (outcome.error as { name?: unknown } | null)?.name;
    if (isAbortError(outcome.error) || name === 'RunAbortedError') return;
    this.error = explainModelError(outcome.error);
  }

  /** Forget the last call's failure (a new run starts). */
  reset(): void {
    this.active = false;
    this.text = '';
    this.error = null;
    this.last = null;
    this.loading = null;
    this.waiting = null;
  }

  /** A model could not be made ready (a failed download, no WebGPU): say why. */
  fail(error: unknown): void {
    this.loading = null;
    this.active = false;
    this.error = explainModelError(error);
  }
}

const KEY = Symbol('model-stream');
export const setModelStreamContext = (stream: ModelStream) => setContext(KEY, stream);
/** The page's stream, or undefined on pages without live models. */
export const getModelStreamContext = () => getContext<ModelStream | undefined>(KEY);
