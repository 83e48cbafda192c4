/**
 * A page's view of the tab's live runtimes (`tab.ts`): the model named in the run (scripted
 * unless the page gives a factory for live models), the tab's Python pool and JavaScript
 * runtime, and the page's asker for clarifying questions.
 *
 * Python is off the critical path: `warm('python')` starts loading it in the background when a
 * page opens, and a run starts at once, without waiting for it. Only an execution waits, in
 * the sandbox's `prepare()`, which the run awaits before timing the step; meanwhile this page's
 * status line says that a step waits for Python, with the download's progress.
 *
 * The page sees a runtime's status once it has used or warmed that runtime (a JavaScript lesson
 * says nothing of a Python load another page started). `dispose()` stops listening; the page's
 * runs are aborted by its players, and the workers stay for the next page.
 */
import type { Runtimes } from '$lib/core/run/context';
import { createSimulatedUser } from '$lib/core/techniques/clarify/simulated-user';
import type { ExecRequest, LanguageModel, Sandbox } from '$lib/core/run/effects';
import type { ModelSpec, Run } from '$lib/core/run/run';
import { abortable } from './abort';
import { scriptedModelFor } from './model/scripted';
import { PageAsker } from './ask/page-asker';
import { routeByLanguage } from './route';
import { tabRuntimes, type RuntimeStatus, type TabRuntimes } from './tab';

export type { RuntimeStatus } from './tab';

/** Makes the live model for a run's model spec. */
export type ModelFactory = (spec: ModelSpec) => Promise<LanguageModel>;

async function scriptedOnly(spec: ModelSpec): Promise<LanguageModel> {
  if (spec.kind !== 'scripted') {
    throw new Error(
      `This run used ${spec.label}. To continue it live, open it from a lesson with your own ` +
        'model set up (Model settings).'
    );
  }
  return scriptedModelFor(spec);
}

export function browserRuntimes(
  onStatus: (status: RuntimeStatus) => void,
  models: ModelFactory = scriptedOnly,
  tab: () => TabRuntimes = tabRuntimes
) {
  /** answers clarifying questions: the learner in the page, or the simulated user (oracle) */
  const asker = new PageAsker();
  const watched = new Set<RuntimeStatus['runtime']>();
  let stopListening: (() => void) | null = null;
  let disposed = false;
  /** this page's executions waiting for Python to load */
  let waiting = 0;

  const show = (report: RuntimeStatus) => {
    if (disposed || !watched.has(report.runtime)) return;
    onStatus(report.runtime === 'python' ? { ...report, waiting: waiting > 0 } : report);
  };
  const watch = (runtime: RuntimeStatus['runtime']) => {
    if (disposed || watched.has(runtime)) return;
    watched.add(runtime);
    stopListening ??= tab().listen(show);
    const latest = tab().latest(runtime);
    if (latest) show(latest);
  };
  const showWaiting = () => {
    const latest = tab().latest('python');
    if (latest) show(latest);
  };

  const python: Sandbox = {
    language: 'python',
    async prepare(_request: ExecRequest, options?: { signal?: AbortSignal }) {
      watch('python');
      const pool = await abortable(tab().python(), options?.signal);
      if (pool.workersReady > 0) return;
      waiting++;
      showWaiting();
      try {
        await abortable(pool.warm(), options?.signal);
      } finally {
        waiting--;
        showWaiting();
      }
    },
    async execute(request, options) {
      watch('python');
      return (await tab().python()).execute(request, options);
    }
  };
  const javascript = async (): Promise<Sandbox> => {
    watch('javascript');
    return tab().javascript();
  };

  return {
    asker,
    /** Starts loading `language`'s runtime in the background; this page shows its status. */
    warm(language: 'python'): void {
      if (disposed) return;
      watch(language);
      tab()
        .python()
        .then((pool) => pool.warm())
        .catch(() => {}); // the status line says why; an execution tries again
    },
    /** The runtimes of `run`; `runModels` makes its model instead of the page's factory. */
    async create(run: Run, runModels: ModelFactory = models): Promise<Runtimes> {
      // Python is not awaited here: it loads in the background, and only an execution waits.
      const model = await runModels(run.model);
      const routed = routeByLanguage(python, javascript);
      asker.oracle = createSimulatedUser({ problem: run.problem, sandbox: routed });
      return { model, sandbox: routed, asker };
    },
    /** The page goes: it stops hearing the runtimes, which stay for the next page. */
    dispose() {
      disposed = true;
      stopListening?.();
      stopListening = null;
    }
  };
}
