import { describe, expect, it } from 'vitest';
import { CLUSTER_COLOURS, clip, matrixLayout } from './clarify-matrix';

describe('matrixLayout', () => {
  it('fits the program columns between the labels and the right edge', () => {
    for (const width of [340, 600, 1000]) {
      const m = matrixLayout(width, 4, 11);
      expect(m.x(0)).toBe(m.labelWidth);
      expect((m.x(3) as number) + m.x.bandwidth()).toBeCloseTo(width, 5);
      expect(m.cellChars).toBeGreaterThanOrEqual(2);
    }
  });

  it('stacks one row per input below the header, and grows with the inputs', () => {
    const m = matrixLayout(600, 4, 11);
    expect(m.y(0)).toBe(m.headerHeight);
    expect((m.y(10) as number) + m.y.bandwidth()).toBeLessThanOrEqual(m.height);
    expect(matrixLayout(600, 4, 20).height).toBeGreaterThan(m.height);
  });

  it('gives each cluster its own colour', () => {
    const m = matrixLayout(600, 8, 3);
    const colours = CLUSTER_COLOURS.map((_, i) => m.colour(i));
    expect(new Set(colours).size).toBe(CLUSTER_COLOURS.length);
  });

  it('clips long text with an ellipsis', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abc', 4)).toBe('abc');
  });
});
