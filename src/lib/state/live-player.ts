/**
 * A page's player for runs that may use the learner's model: the token stream (set as the
 * page's context, so the run view shows replies as they arrive), the in-browser engines, the
 * runtimes (scripted, endpoint or WebLLM model; the Pyodide pool) and the player over them.
 * Call from a component's setup; `dispose` when the page goes.
 */
import { browserRuntimes, type StatusLine } from '$lib/runtimes/browser';
import { WebLLMEngines } from '$lib/runtimes/model/live';
import { liveModels } from './live-models';
import type { ModelSettings } from './model-settings.svelte';
import { ModelStream, setModelStreamContext } from './model-stream.svelte';
import { Player } from './player.svelte';

export function livePlayer(
  onStatus: (line: StatusLine) => void,
  settings: () => ModelSettings | null
) {
  const stream = new ModelStream();
  setModelStreamContext(stream);
  const engines = new WebLLMEngines();
  const runtimes = browserRuntimes(onStatus, liveModels({ settings, stream, engines }));
  const player = new Player((run) => runtimes.create(run));
  return {
    stream,
    runtimes,
    player,
    dispose() {
      player.dispose();
      runtimes.dispose();
      engines.dispose();
    }
  };
}
