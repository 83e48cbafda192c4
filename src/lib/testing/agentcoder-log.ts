/**
 * A recorded AgentCoder run for the views' tests: the scripted replies of agentcoder-run.ts
 * through the real technique and the real Pyodide sandbox, and a helper to cut the log at an
 * effect. Test-only.
 */
import { beforeAll } from 'vitest';
import { agentcoder, agentcoderParams } from '../core/techniques/agentcoder';
import { runTechnique } from '../core/run/context';
import type { RunEvent } from '../core/run/events';
import { ScriptedModel } from '../runtimes/model/scripted';
import type { Sandbox } from '../core/run/effects';
import { AGENTCODER_REPLIES, countWindows } from './agentcoder-run';
import { sharedPythonSandbox } from './shared-python';

/** Runs the three-round AgentCoder run (the round cap, one wrong test) and returns its log. */
export async function recordAgentcoder(sandbox: Sandbox): Promise<RunEvent[]> {
  const model = new ScriptedModel('scripted/agentcoder', AGENTCODER_REPLIES, 'by-call');
  const run = await runTechnique(agentcoder, countWindows, agentcoderParams.parse({}), {
    runtimes: { model, sandbox },
    seed: 5
  });
  if (run.error) throw new Error(run.error.message);
  return run.events;
}

/** The log up to the notes that follow the effect labelled `label` (as the player shows it). */
export function upTo(events: readonly RunEvent[], label: string): RunEvent[] {
  const at = events.findIndex((e) => e.kind !== 'note' && e.label === label);
  if (at < 0) throw new Error(`no effect labelled ${label}`);
  const next = events.findIndex((e, i) => i > at && e.kind !== 'note');
  return events.slice(0, next < 0 ? events.length : next);
}

/**
 * Records the run once for a test file (in the worker's real Python sandbox,
 * `shared-python.ts`) and returns a getter of its log.
 */
export function useAgentcoderLog(): () => RunEvent[] {
  let events: RunEvent[] = [];
  beforeAll(async () => {
    events = await recordAgentcoder(await sharedPythonSandbox());
  });
  return () => events;
}
