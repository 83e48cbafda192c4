/** The tree searches and their baseline, by id (one entry in the registry for all three). */
import type { Technique } from './technique';
import { resampleFilter } from './resample-filter';
import { treeBfs } from './tree-bfs';
import { treeMcts } from './tree-mcts';

export const treeTechniques: Record<string, Technique<unknown>> = {
  [treeBfs.id]: treeBfs as Technique<unknown>,
  [resampleFilter.id]: resampleFilter as Technique<unknown>,
  [treeMcts.id]: treeMcts as Technique<unknown>
};
