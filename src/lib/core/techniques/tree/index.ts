/** The tree searches and their baseline, by id (one entry in the registry for all three). */
import type { Technique } from '../../run/technique';
import { resampleFilter } from './resample-filter';
import { treeBfs } from './bfs';
import { treeMcts } from './mcts';

export const treeTechniques: Record<string, Technique<unknown>> = {
  [treeBfs.id]: treeBfs as Technique<unknown>,
  [resampleFilter.id]: resampleFilter as Technique<unknown>,
  [treeMcts.id]: treeMcts as Technique<unknown>
};
