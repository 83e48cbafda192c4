/**
 * A run made to its end without stepping, beside the one the learner steps: a lesson's baseline
 * (e.g. the task without a plan), lesson 10's techniques, a second run on /compare. It shares
 * the page's runtimes, so its programs run in the same Pyodide worker pool as the stepped run.
 */
import { runTechnique } from '$lib/core/run/context';
import type { RunEvent } from '$lib/core/run/events';
import type { Run } from '$lib/core/run/run';
import { getTechnique } from '$lib/core/techniques/registry';
import type { RuntimeFactory } from './player.svelte';

export type BackgroundRunStatus = 'idle' | 'running' | 'done' | 'failed';

export class BackgroundRun {
  status = $state<BackgroundRunStatus>('idle');
  /** the comparison run's log so far */
  events = $state.raw<RunEvent[]>([]);
  /** the effect in progress, e.g. "grade the program with the hidden tests" */
  pending = $state<string | null>(null);
  /** a plain sentence when the run could not finish */
  error = $state<string | null>(null);

  readonly run: Run;
  readonly #runtimes: RuntimeFactory;
  #abort = new AbortController();

  constructor(run: Run, runtimes: RuntimeFactory) {
    this.run = run;
    this.#runtimes = runtimes;
  }

  /** Run it once; later calls do nothing (a failed run can be started again). */
  async start(): Promise<void> {
    if (this.status === 'running' || this.status === 'done') return;
    const technique = getTechnique(this.run.technique);
    const params = technique?.params.safeParse(this.run.params);
    if (!technique || !params?.success) {
      this.#fail(`The comparison's technique “${this.run.technique}” cannot run these settings.`);
      return;
    }
    this.status = 'running';
    this.error = null;
    this.events = [];
    const signal = this.#abort.signal;
    try {
      const runtimes = await this.#runtimes(this.run);
      if (signal.aborted) return;
      const record = await runTechnique(technique, this.run.problem, params.data, {
        runtimes,
        seed: this.run.seed,
        signal,
        onEvent: (_event, log) => {
          if (!signal.aborted) this.events = [...log];
        },
        onEffectStart: ({ label }) => {
          if (!signal.aborted) this.pending = label;
        }
      });
      if (signal.aborted || record.aborted) return;
      this.pending = null;
      if (record.error) this.#fail(`The comparison run stopped: ${record.error.message}`);
      else this.status = 'done';
    } catch (error) {
      if (!signal.aborted)
        this.#fail(`The comparison could not start: ${(error as Error).message}`);
    }
  }

  #fail(message: string): void {
    this.status = 'failed';
    this.pending = null;
    this.error = message;
  }

  dispose(): void {
    this.#abort.abort();
  }
}
