/**
 * A page's player for runs that may use the learner's model: the token stream (set as the
 * page's context, so the run view shows replies as they arrive), the runtimes (scripted,
 * endpoint or WebLLM model; the tab's Pyodide pool) and the player over them. Call from a
 * component's setup; `dispose` when the page goes: its runs stop, and the tab's workers and
 * in-browser engine stay for the next page (see `runtimes/tab.ts`).
 *
 * `panePlayer()` makes one more player over the same sandbox pool and in-browser engine whose
 * replies stream into a stream of its own (a pane of a side-by-side run, lesson 10). Calls to
 * the in-browser model take turns (see `SerialModel`); an endpoint serves the panes at once.
 */
import type { Run } from '$lib/core/run/run';
import { getTechnique } from '$lib/core/techniques/registry';
import { browserRuntimes } from '$lib/runtimes/browser';
import { tabRuntimes } from '$lib/runtimes/tab';
import { runtimeStatusLine, type StatusLine } from './status-line';
import { liveModels } from './live-models';
import type { ModelSettings } from './model-settings.svelte';
import { paramKeys, samplingOf, withSampling } from './model-settings';
import { ModelStream, setModelStreamContext } from './model-stream.svelte';
import { Player, type RuntimeFactory } from './player.svelte';

export function livePlayer(
  onStatus: (line: StatusLine) => void,
  settings: () => ModelSettings | null
) {
  const stream = new ModelStream();
  setModelStreamContext(stream);
  const engines = () => tabRuntimes().engines;
  const queue = () => tabRuntimes().modelQueue;
  const runtimes = browserRuntimes(
    (report) => onStatus(runtimeStatusLine(report)),
    liveModels({ settings, stream, engines, queue })
  );
  const player = new Player((run) => runtimes.create(run));
  const panes: Player[] = [];
  return {
    stream,
    runtimes,
    player,
    panePlayer(): { player: Player; stream: ModelStream } {
      const own = new ModelStream();
      const models = liveModels({ settings, stream: own, engines, queue });
      const pane = new Player((run) => runtimes.create(run, models));
      panes.push(pane);
      return { player: pane, stream: own };
    },
    /** Runtimes for runs made without a pane (run to their end unattended): nothing shown streams. */
    unattended(): RuntimeFactory {
      const models = liveModels({ settings, stream: new ModelStream(), engines, queue });
      return (run) => runtimes.create(run, models);
    },
    dispose() {
      for (const pane of panes) pane.dispose();
      player.dispose();
      runtimes.dispose();
    }
  };
}

export type LivePlayer = ReturnType<typeof livePlayer>;

/**
 * `run` (a fresh run, its log empty) with the learner's model and sampling settings instead
 * of its scripted replies; null when no model is set up.
 */
export function withLearnersModel(run: Run, settings: ModelSettings | null): Run | null {
  const spec = settings?.spec;
  if (!spec) return null;
  const keys = paramKeys(getTechnique(run.technique)?.params);
  const sampling = settings ? samplingOf(settings.data) : null;
  return { ...run, events: [], params: withSampling(run.params, keys, sampling), model: spec };
}
