/**
 * The browser's live runtimes for a run: the scripted model named in the run, and the
 * Pyodide worker sandbox (one per page, created on first need).
 */
import type { Runtimes } from '$lib/core/run/context';
import type { Run } from '$lib/core/run/run';
import type { SandboxStatus, WorkerSandbox } from './python/worker-sandbox';

/** What is worth a line on screen: loading, restarting and failure, not every run. */
function statusLine(status: SandboxStatus): string {
  return ['loading', 'restarting', 'failed'].includes(status.state) ? status.message : '';
}

/** `onStatus` gets a sentence to show, or '' when there is nothing to say. */
export function browserRuntimes(onStatus: (line: string) => void) {
  let sandbox: WorkerSandbox | null = null;
  return {
    async create(run: Run): Promise<Runtimes> {
      const [{ ScriptedModel }, { WorkerSandbox }] = await Promise.all([
        import('./model/scripted'),
        import('./python/worker-sandbox')
      ]);
      sandbox ??= new WorkerSandbox({ onStatus: (s) => onStatus(statusLine(s)) });
      // Load Python before the run starts, so no step's time includes the interpreter's start.
      await sandbox.warm();
      return { model: new ScriptedModel(run.model.id, run.model.responses), sandbox };
    },
    dispose() {
      sandbox?.dispose();
      sandbox = null;
    }
  };
}
