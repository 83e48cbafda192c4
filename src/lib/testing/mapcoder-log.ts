/**
 * A recorded MapCoder run for the views' tests: the scripted replies of mapcoder-run.ts through
 * the real technique and the real Pyodide sandbox (plan 2 tried first and dropped after its two
 * debug rounds, plan 1 passing). Test-only.
 */
import { beforeAll } from 'vitest';
import { mapcoder, mapcoderParams } from '../core/techniques/mapcoder';
import { runTechnique } from '../core/run/context';
import type { RunEvent } from '../core/run/events';
import { ScriptedModel } from '../runtimes/model/scripted';
import { MAPCODER_REPLIES, countWindows } from './mapcoder-run';
import { sharedPythonSandbox } from './shared-python';

export { upTo } from './agentcoder-log';

/** Records the run once for a test file (in the worker's Python sandbox) and returns its log. */
export function useMapcoderLog(): () => RunEvent[] {
  let events: RunEvent[] = [];
  beforeAll(async () => {
    const sandbox = await sharedPythonSandbox();
    const model = new ScriptedModel('scripted/mapcoder', MAPCODER_REPLIES, 'by-call');
    const run = await runTechnique(mapcoder, countWindows, mapcoderParams.parse({}), {
      runtimes: { model, sandbox },
      seed: 3
    });
    if (run.error) throw new Error(run.error.message);
    events = run.events;
  });
  return () => events;
}
