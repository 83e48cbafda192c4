import { describe, expect, it } from 'vitest';
import { isTreeSearch, techniqueIds } from './registry';

describe('isTreeSearch', () => {
  it('is true for exactly the three searches that build a tree', () => {
    expect(techniqueIds.filter(isTreeSearch).sort()).toEqual([
      'resample-filter',
      'tree-bfs',
      'tree-mcts'
    ]);
  });

  it('is false for no technique and for names that are not ids', () => {
    expect(isTreeSearch(null)).toBe(false);
    expect(isTreeSearch(undefined)).toBe(false);
    expect(isTreeSearch('hasOwnProperty')).toBe(false);
  });
});
