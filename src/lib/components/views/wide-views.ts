/**
 * The views a technique shows above the program (grids, charts, trees), each loaded with the
 * first run of its technique on screen: a lesson's page then carries only its own technique's
 * views, and a new technique does not grow every page's script. Loads are kept per technique,
 * so a view is fetched once per tab and never again while stepping.
 */
import type { Component } from 'svelte';
import type { TreeState } from '$lib/core/views/tree';
import { isTreeSearch } from '$lib/core/techniques/registry';

/** A loaded view: a tree search's takes the tree to draw, the others read the player. */
export type WideView =
  | { kind: 'plain'; component: Component }
  | { kind: 'tree'; component: Component<{ tree: TreeState }> };

const plain = (load: () => Promise<{ default: Component }>) => async (): Promise<WideView> => ({
  kind: 'plain',
  component: (await load()).default
});

const LOADERS: Record<string, () => Promise<WideView>> = {
  sampling: plain(() => import('./sampling/SamplingViews.svelte')),
  reflexion: plain(() => import('./reflexion/ReflexionViews.svelte')),
  clarify: plain(() => import('./clarify/ClarifyViews.svelte')),
  codet: plain(() => import('./codet/CodetViews.svelte')),
  agentcoder: plain(() => import('./agentcoder/AgentcoderViews.svelte')),
  mapcoder: plain(() => import('./mapcoder/MapcoderViews.svelte')),
  tree: async () => ({ kind: 'tree', component: (await import('./tree/TreeView.svelte')).default })
};

const keyOf = (technique: string | null | undefined): string | null =>
  isTreeSearch(technique)
    ? 'tree'
    : technique && Object.hasOwn(LOADERS, technique)
      ? technique
      : null;

/** Whether the technique has a view above the program (its main view, in presenter mode). */
export function hasWideView(technique: string | null | undefined): boolean {
  return keyOf(technique) !== null;
}

const loaded = new Map<string, Promise<WideView>>();

/**
 * The technique's wide view, loading it on the first call (null when it has none). A load that
 * failed (e.g. the network dropped) is forgotten, so the next run of that technique tries again.
 */
export function wideViewOf(technique: string | null | undefined): Promise<WideView> | null {
  const key = keyOf(technique);
  if (key === null) return null;
  let view = loaded.get(key);
  if (!view) {
    view = LOADERS[key]();
    loaded.set(key, view);
    view.catch(() => loaded.delete(key));
  }
  return view;
}
