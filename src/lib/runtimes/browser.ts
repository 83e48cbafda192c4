/**
 * The browser's live runtimes for a run: the scripted model named in the run, a pool of
 * Pyodide workers (one pool per page; its workers start on first need, the second only when
 * two programs run at once), and the page's asker for clarifying questions.
 */
import type { Runtimes } from '$lib/core/run/context';
import type { Run } from '$lib/core/run/run';
import type { SandboxStatus } from './python/client';
import type { WorkerPool } from './python/worker-pool';
import { PageAsker } from './ask/page-asker';
import { createSimulatedUser } from '$lib/core/clarify/simulated-user';

/** A line for the screen: a sentence ('' when there is nothing to say) and whether to show progress. */
export interface StatusLine {
  text: string;
  busy: boolean;
}

/** What is worth a line on screen: loading, restarting and failure, not every run. */
export function statusLine(status: SandboxStatus): StatusLine {
  const busy = status.state === 'loading' || status.state === 'restarting';
  return { text: busy || status.state === 'failed' ? status.message : '', busy };
}

export function browserRuntimes(onStatus: (line: StatusLine) => void) {
  let sandbox: WorkerPool | null = null;
  /** answers clarifying questions: the learner in the page, or the simulated user (oracle) */
  const asker = new PageAsker();
  return {
    asker,
    async create(run: Run): Promise<Runtimes> {
      if (run.model.kind !== 'scripted') {
        throw new Error(
          `This run was answered by ${run.model.id} at ${run.model.baseUrl}. This page can ` +
            'replay it but cannot call an endpoint yet, so it cannot continue it live.'
        );
      }
      const [{ ScriptedModel }, { WorkerPool }] = await Promise.all([
        import('./model/scripted'),
        import('./python/worker-pool')
      ]);
      sandbox ??= new WorkerPool({ onStatus: (s) => onStatus(statusLine(s)) });
      // Load Python before the run starts, so no step's time includes the interpreter's start.
      await sandbox.warm();
      asker.oracle = createSimulatedUser({ problem: run.problem, sandbox });
      return {
        model: new ScriptedModel(run.model.id, run.model.responses, run.model.answer),
        sandbox,
        asker
      };
    },
    dispose() {
      sandbox?.dispose();
      sandbox = null;
    }
  };
}
