import { describe, expect, it } from 'vitest';
import { breakEven } from './bench';

describe('breakEven', () => {
  it('divides the load by what each sample saves once loaded', () => {
    // 80 samples: python3 grades in 8 s, ours in 4 s once loaded: 50 ms saved a sample.
    expect(breakEven(2000, 4000, 8000, 80)).toBe(40);
    expect(breakEven(2010, 4000, 8000, 80)).toBe(41);
  });

  it('is null when ours saves nothing per sample', () => {
    expect(breakEven(2000, 8000, 8000, 80)).toBeNull();
    expect(breakEven(2000, 9000, 8000, 80)).toBeNull();
  });
});
