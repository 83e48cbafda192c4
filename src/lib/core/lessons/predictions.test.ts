import { describe, expect, it } from 'vitest';
import {
  predictionBefore,
  predictionScore,
  readPredictionAnswers,
  revealedAt,
  type Prediction
} from './predictions';

const p = (before: number, answer: number): Prediction => ({
  before,
  question: `q${before}`,
  choices: ['a', 'b', 'c'],
  answer,
  why: 'because'
});
const points = [p(3, 0), p(7, 2)];

describe('predictions', () => {
  it('asks before the step a prediction names, once', () => {
    expect(predictionBefore(points, {}, 3)?.before).toBe(3);
    expect(predictionBefore(points, {}, 4)).toBeNull();
    expect(predictionBefore(points, { 3: 1 }, 3)).toBeNull();
  });
  it('reveals the latest answered prediction whose step is shown', () => {
    expect(revealedAt(points, { 3: 1 }, 2)).toBeNull();
    expect(revealedAt(points, { 3: 1 }, 5)).toMatchObject({ chosen: 1, right: false });
    expect(revealedAt(points, { 3: 0, 7: 2 }, 9)).toMatchObject({
      prediction: { before: 7 },
      right: true
    });
  });
  it('counts the right answers among the answered', () => {
    expect(predictionScore(points, {})).toEqual({ right: 0, answered: 0, total: 2 });
    expect(predictionScore(points, { 3: 0, 7: 1 })).toEqual({ right: 1, answered: 2, total: 2 });
  });
  it('reads stored answers, dropping what is not a step and a choice', () => {
    expect(readPredictionAnswers(undefined)).toEqual({ answers: {}, problem: null });
    expect(readPredictionAnswers({ 3: 1, 7: 2 })).toEqual({
      answers: { 3: 1, 7: 2 },
      problem: null
    });
    expect(readPredictionAnswers({ 3: 1, x: 2, 5: 9 })).toEqual({
      answers: { 3: 1 },
      problem: 'predictions.5: not a step and a choice'
    });
    expect(readPredictionAnswers([1]).problem).toBe('predictions: not an object');
  });
});
