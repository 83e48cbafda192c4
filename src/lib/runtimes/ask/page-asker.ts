/**
 * The browser's Asker: a question waits here until the learner answers it in the page (free
 * text) or hands it to the simulated user (an oracle). It is a Svelte store (subscribe), so a
 * component can show the waiting question; the run itself is parked inside `ask()`.
 */
import type { AskRequest, AskResult, Asker } from '$lib/core/run/effects';

/** The question the run is waiting on, or null. */
export type PendingQuestion = AskRequest | null;

export class PageAsker implements Asker {
  #pending: {
    request: AskRequest;
    resolve: (result: AskResult) => void;
    reject: (error: Error) => void;
  } | null = null;
  #listeners = new Set<(pending: PendingQuestion) => void>();
  /** answers for the learner when they pick "simulated user (oracle)"; set per run */
  oracle: Asker | null = null;

  ask(request: AskRequest, options?: { signal?: AbortSignal }): Promise<AskResult> {
    this.#settle(null);
    return new Promise<AskResult>((resolve, reject) => {
      this.#pending = { request, resolve, reject };
      options?.signal?.addEventListener('abort', () => this.#settle(null), { once: true });
      this.#notify();
    });
  }

  /** The learner's answers, one per question ('' for a question left blank). */
  answer(answers: string[]): void {
    this.#settle({ answers, by: 'learner' });
  }

  /** Let the simulated user (oracle) answer the waiting question. */
  async answerWithOracle(): Promise<void> {
    const pending = this.#pending;
    if (!pending) return;
    if (!this.oracle) {
      pending.reject(new Error('No simulated user is connected to this run.'));
      this.#pending = null;
      this.#notify();
      return;
    }
    try {
      const result = await this.oracle.ask(pending.request);
      if (this.#pending === pending) this.#settle(result);
    } catch (error) {
      if (this.#pending !== pending) return;
      this.#pending = null;
      pending.reject(error instanceof Error ? error : new Error(String(error)));
      this.#notify();
    }
  }

  /** Svelte's store contract: called now and whenever the waiting question changes. */
  subscribe(listener: (pending: PendingQuestion) => void): () => void {
    this.#listeners.add(listener);
    listener(this.#pending?.request ?? null);
    return () => this.#listeners.delete(listener);
  }

  #settle(result: AskResult | null): void {
    const pending = this.#pending;
    if (!pending) return;
    this.#pending = null;
    // An aborted run has stopped listening; resolving nobody's promise is harmless.
    if (result) pending.resolve(result);
    this.#notify();
  }

  #notify(): void {
    const request = this.#pending?.request ?? null;
    for (const listener of this.#listeners) listener(request);
  }
}
