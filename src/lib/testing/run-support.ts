/**
 * Helpers shared by the technique and run tests (Node only: never imported by app code).
 */
import type { ExecRequest, ExecResult, Sandbox } from '$lib/core/run/effects';
import type { Note, RunEvent } from '$lib/core/run/events';

/** Counts executions, so a test can prove a replay ran nothing or a fork ran only its tail. */
export class CountingSandbox implements Sandbox {
  readonly language = 'python';
  calls = 0;
  constructor(private readonly inner: Sandbox) {}
  execute(request: ExecRequest, options?: { signal?: AbortSignal }): Promise<ExecResult> {
    this.calls++;
    return this.inner.execute(request, options);
  }
}

/** The notes of a log, in order. */
export const notesOf = (events: readonly RunEvent[]): Note[] =>
  events.flatMap((e) => (e.kind === 'note' ? [e.note] : []));
