/** Every technique by id (the ids appear in URLs, logs and the CLI). */
import type { Technique } from '../run/technique';
import { selfDebug } from './self-debug';
import { direct } from './direct';
import { sampling } from './sampling';
import { selfPlanning } from './self-planning';
import { reflexion } from './reflexion';
import { clarify } from './clarify/technique';
import { treeTechniques } from './tree/index';
import { codet } from './codet';
import { agentcoder } from './agentcoder';
import { mapcoder } from './mapcoder';

/** Callers parse params with the technique's own schema, which yields its P. */
export type AnyTechnique = Technique<unknown>;

const techniques: Record<string, AnyTechnique> = {
  [selfDebug.id]: selfDebug as AnyTechnique,
  [direct.id]: direct as AnyTechnique,
  [sampling.id]: sampling as AnyTechnique,
  [selfPlanning.id]: selfPlanning as AnyTechnique,
  [reflexion.id]: reflexion as AnyTechnique,
  [clarify.id]: clarify as AnyTechnique,
  [codet.id]: codet as AnyTechnique,
  [agentcoder.id]: agentcoder as AnyTechnique,
  [mapcoder.id]: mapcoder as AnyTechnique,
  ...treeTechniques
};

export function getTechnique(id: string): AnyTechnique | null {
  return Object.hasOwn(techniques, id) ? techniques[id] : null;
}

export const techniqueIds = Object.keys(techniques);

/** True for the tree searches (and their resample baseline), whose runs build a search tree. */
export function isTreeSearch(id: string | null | undefined): boolean {
  return id != null && Object.hasOwn(treeTechniques, id);
}
