/**
 * The browser's live runtimes for a run: the scripted model named in the run, and the
 * Pyodide worker sandbox (one per page, created on first need).
 */
import type { Runtimes } from '$lib/core/run/context';
import type { Run } from '$lib/core/run/run';
import type { SandboxStatus, WorkerSandbox } from './python/worker-sandbox';

export function browserRuntimes(onStatus: (status: SandboxStatus) => void) {
  let sandbox: WorkerSandbox | null = null;
  return {
    async create(run: Run): Promise<Runtimes> {
      const [{ ScriptedModel }, { WorkerSandbox }] = await Promise.all([
        import('./model/scripted'),
        import('./python/worker-sandbox')
      ]);
      sandbox ??= new WorkerSandbox({ onStatus });
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
