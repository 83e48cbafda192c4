/**
 * Prediction points on a real lesson log (lesson 3's walkthrough, run in the Node sandbox):
 * the player is held before the step, a choice releases it, the reveal and the score follow;
 * a fork of the walkthrough is never held.
 */
import { describe, expect, it } from 'vitest';
import { scriptedRun } from '$lib/core/lessons/runs';
import type { Prediction } from '$lib/core/lessons/predictions';
import { recordWalkthrough } from '$lib/testing/lessons';
import { LessonPredictions } from './lesson-predictions.svelte';
import { Player } from './player.svelte';

const { lesson, events } = recordWalkthrough('03-rubber-duck-and-trace');
const points: Prediction[] = [
  { before: 2, question: 'Which?', choices: ['a', 'b'], answer: 1, why: 'Because.' },
  { before: 4, question: 'And then?', choices: ['a', 'b', 'c'], answer: 2, why: 'So.' }
];

function setUp(forked = false) {
  const player = new Player(async () => {
    throw new Error('nothing runs live here');
  });
  const run = {
    ...scriptedRun(lesson.meta.technique, lesson.meta.params, lesson.problem, lesson.walkthrough),
    events: events(),
    ...(forked ? { forkedAt: { effect: 1, change: 'feedback = simple' } } : {})
  };
  player.load(run, 0);
  const kept: Record<number, number> = {};
  const predictions = new LessonPredictions(
    player,
    points,
    {
      predictions: () => kept,
      predict: async (_slug, before, choice) => void (kept[before] = choice)
    },
    'rubber-duck-and-trace'
  );
  return { player, predictions, kept };
}

describe('prediction points', () => {
  it('hold the player before their step until a choice is made, then reveal it', async () => {
    const { player, predictions, kept } = setUp();
    expect(player.lastStep).toBeGreaterThan(4);
    player.stepForward();
    expect(player.step).toBe(1);
    player.stepForward();
    expect([player.step, player.held]).toEqual([1, 2]);
    expect(predictions.asking?.question).toBe('Which?');
    // Play does not slip past a held step either
    player.stepForward();
    expect(player.step).toBe(1);
    await predictions.choose(5); // not a choice: nothing happens
    expect(player.step).toBe(1);
    await predictions.choose(0);
    expect(kept).toEqual({ 2: 0 });
    expect([player.step, player.held]).toEqual([2, null]);
    expect(predictions.revealed).toMatchObject({ prediction: { before: 2 }, right: false });
    player.stepForward();
    player.stepForward();
    expect(predictions.asking?.before).toBe(4);
    await predictions.choose(2);
    expect(predictions.revealed).toMatchObject({ prediction: { before: 4 }, right: true });
    expect(predictions.score).toEqual({ right: 1, answered: 2, total: 2 });
    // stepping back and forth again asks nothing more
    player.restart();
    for (let i = 0; i < 5; i++) player.stepForward();
    expect([player.step, player.held]).toEqual([5, null]);
  });

  it('never hold a fork: its outcome may differ from the walkthrough the questions are about', () => {
    const { player, predictions } = setUp(true);
    for (let i = 0; i < 3; i++) player.stepForward();
    expect([player.step, player.held]).toEqual([3, null]);
    expect(predictions.revealed).toBeNull();
  });

  it('let go of the player when disposed', () => {
    const { player, predictions } = setUp();
    predictions.dispose();
    player.stepForward();
    player.stepForward();
    expect(player.step).toBe(2);
  });
});
