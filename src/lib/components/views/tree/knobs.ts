/** The knobs of each search that a fork may change (names match the techniques' params). */
import type { TreeState } from '$lib/core/views/tree';

export interface Knob {
  key: string;
  label: string;
  min: number;
  max: number;
  step: number;
}

const budget: Knob = { key: 'budget', label: 'Budget (model calls)', min: 1, max: 60, step: 1 };

export const KNOBS: Record<TreeState['search'], Knob[]> = {
  mcts: [
    { key: 'weight', label: 'Exploration weight w', min: 0, max: 4, step: 0.1 },
    { key: 'iterations', label: 'Iterations', min: 1, max: 10, step: 1 },
    { key: 'children', label: 'Children per expansion', min: 1, max: 5, step: 1 },
    budget
  ],
  bfs: [
    { key: 'width', label: 'Width', min: 1, max: 4, step: 1 },
    { key: 'depth', label: 'Depth', min: 1, max: 4, step: 1 },
    budget
  ],
  resample: [budget]
};
