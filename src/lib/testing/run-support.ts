/**
 * Helpers shared by the technique and run tests (Node only: never imported by app code).
 */
import type { ExecRequest, ExecResult, Sandbox } from '$lib/core/run/effects';
import type { Note, RunEvent } from '$lib/core/run/events';
import { effectsOf, runTechnique, type RunRecord } from '$lib/core/run/context';
import type { Problem } from '$lib/core/problems/problem';
import type { Technique } from '$lib/core/run/technique';
import type { Run } from '$lib/core/run/run';
import { getTechnique } from '$lib/core/techniques/registry';
import { scriptedModelFor } from '$lib/runtimes/model/scripted';

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

/** The notes of one type, in order. */
export const notesOfType = <T extends Note['type']>(events: readonly RunEvent[], type: T) =>
  notesOf(events).filter((n): n is Extract<Note, { type: T }> => n.type === type);

/**
 * Replays a recorded log in strict mode with only a counting sandbox (no model, nobody to
 * ask): returns the replay and how many programs it executed (a faithful replay runs none).
 */
export async function replayStrictly<P>(
  technique: Technique<P>,
  problem: Problem,
  params: P,
  recorded: readonly RunEvent[],
  options: { sandbox: Sandbox; seed: number }
): Promise<{ run: RunRecord; executions: number }> {
  const counting = new CountingSandbox(options.sandbox);
  const run = await runTechnique(technique, problem, params, {
    runtimes: { sandbox: counting },
    seed: options.seed,
    replay: { effects: effectsOf(recorded), mode: 'strict' }
  });
  return { run, executions: counting.calls };
}

/** Runs a scripted run (a lesson's walkthrough) through its registered technique and `sandbox`. */
export async function playScripted(run: Run, sandbox: Sandbox): Promise<RunRecord> {
  const technique = getTechnique(run.technique);
  if (!technique) throw new Error(`no technique ${run.technique}`);
  return runTechnique(technique, run.problem, technique.params.parse(run.params), {
    runtimes: { model: scriptedModelFor(run.model), sandbox },
    seed: run.seed
  });
}

/** Waits (polling every 10 ms) until `condition` holds; fails naming `what` after `ms`. */
export async function until(condition: () => boolean, what: string, ms = 30_000): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
