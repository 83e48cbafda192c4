import { describe, expect, it } from 'vitest';
import { lessonNumber, neighbours, type LessonLink } from './contents';

const contents: LessonLink[] = [
  { slug: 'sampling', number: 1, title: 'Sampling' },
  { slug: 'self-debugging', number: 2, title: 'Self-debugging' },
  { slug: 'mcts', number: 7, title: 'MCTS' }
];

describe('neighbours', () => {
  it('gives the lessons on either side, none past the ends', () => {
    expect(neighbours(contents, 'sampling')).toEqual({ previous: null, next: contents[1] });
    expect(neighbours(contents, 'self-debugging')).toEqual({
      previous: contents[0],
      next: contents[2]
    });
    expect(neighbours(contents, 'mcts')).toEqual({ previous: contents[1], next: null });
    expect(neighbours(contents, 'nope')).toEqual({ previous: null, next: null });
  });

  it('pads lesson numbers to two digits', () => {
    expect([1, 10].map(lessonNumber)).toEqual(['01', '10']);
  });
});
