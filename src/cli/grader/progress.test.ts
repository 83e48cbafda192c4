import { describe, expect, it } from 'vitest';
import { Progress } from './progress';

function output(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, out: { isTTY, write: (text: string) => void chunks.push(text) } };
}

describe('Progress', () => {
  it('redraws one bar in place on a terminal', () => {
    let now = 0;
    const { chunks, out } = output(true);
    const progress = new Progress(out, 4, () => now);
    for (let i = 0; i < 4; i++) {
      now += 1000;
      progress.tick();
    }
    progress.finish();
    const text = chunks.join('');
    expect(text.startsWith('\r[')).toBe(true);
    expect(text).toContain('[##############################] 4/4 samples (100%) in 4.0 s');
    expect(text.split('\n')).toHaveLength(2);
  });

  it('prints plain lines every few seconds when not on a terminal', () => {
    let now = 0;
    const { chunks, out } = output(false);
    const progress = new Progress(out, 10, () => now);
    for (let i = 0; i < 10; i++) {
      now += 2000;
      progress.tick();
    }
    progress.finish();
    expect(chunks).toEqual([
      'graded 3/10 samples (30%) in 6.0 s\n',
      'graded 6/10 samples (60%) in 12.0 s\n',
      'graded 9/10 samples (90%) in 18.0 s\n',
      'graded 10/10 samples (100%) in 20.0 s\n'
    ]);
    expect(chunks.join('')).not.toContain('\r');
  });
});
