/**
 * The browser's live runtimes for a run: the model named in the run (scripted unless the page
 * gives a factory for live models), a pool of Pyodide workers (one pool per page; its workers
 * start on first need, the second only when two programs run at once), the JavaScript runtime
 * for JavaScript and TypeScript requests (loaded on the first one), and the page's asker for
 * clarifying questions.
 */
import type { Runtimes } from '$lib/core/run/context';
import type { LanguageModel } from '$lib/core/run/effects';
import type { ModelSpec, Run } from '$lib/core/run/run';
import type { SandboxStatus } from './python/client';
import type { WorkerPool } from './python/worker-pool';
import { PageAsker } from './ask/page-asker';
import type { JsRuntime, JsRuntimeState } from './javascript/runtime';
import { routeByLanguage } from './route';

/** What the runtimes report as they load, restart or fail; the page turns it into a line. */
export type RuntimeStatus =
  { runtime: 'python'; status: SandboxStatus } | { runtime: 'javascript'; state: JsRuntimeState };

/** Makes the live model for a run's model spec. */
export type ModelFactory = (spec: ModelSpec) => Promise<LanguageModel>;

async function scriptedOnly(spec: ModelSpec): Promise<LanguageModel> {
  if (spec.kind !== 'scripted') {
    throw new Error(
      `This run used ${spec.label}. To continue it live, open it from a lesson with your own ` +
        'model set up (Model settings).'
    );
  }
  const { ScriptedModel } = await import('./model/scripted');
  return new ScriptedModel(spec.id, spec.responses, spec.answer);
}

export function browserRuntimes(
  onStatus: (status: RuntimeStatus) => void,
  models: ModelFactory = scriptedOnly
) {
  let sandbox: WorkerPool | null = null;
  // JavaScript and TypeScript programs: loaded on the first one, never with the page.
  let js: JsRuntime | null = null;
  const javascript = async () => {
    const { JsRuntime } = await import('./javascript/runtime');
    js ??= new JsRuntime({ onState: (state) => onStatus({ runtime: 'javascript', state }) });
    return js;
  };
  /** answers clarifying questions: the learner in the page, or the simulated user (oracle) */
  const asker = new PageAsker();
  return {
    asker,
    /** The runtimes of `run`; `runModels` makes its model instead of the page's factory. */
    async create(run: Run, runModels: ModelFactory = models): Promise<Runtimes> {
      // Loaded on first run, not with the page: the pool, and the oracle's answer code.
      const [model, { WorkerPool }, { createSimulatedUser }] = await Promise.all([
        runModels(run.model),
        import('./python/worker-pool'),
        import('$lib/core/techniques/clarify/simulated-user')
      ]);
      sandbox ??= new WorkerPool({
        onStatus: (status) => onStatus({ runtime: 'python', status })
      });
      // Load Python before the run starts, so no step's time includes the interpreter's start.
      if (run.problem.language === 'python') await sandbox.warm();
      const routed = routeByLanguage(sandbox, javascript);
      asker.oracle = createSimulatedUser({ problem: run.problem, sandbox: routed });
      return { model, sandbox: routed, asker };
    },
    dispose() {
      sandbox?.dispose();
      sandbox = null;
      js?.dispose();
      js = null;
    }
  };
}
