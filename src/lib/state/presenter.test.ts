/**
 * The presenter's state in Node: the counter and phase follow the player, the step link is
 * offered only for the lesson's unchanged walkthrough, and which keys turn the mode on and off.
 */
import { describe, expect, it } from 'vitest';
import { RunEventSchema, LOG_VERSION, type RunEvent } from '$lib/core/run/events';
import type { Run } from '$lib/core/run/run';
import { Presenter, togglesPresenter, type PresentedPlayer } from './presenter.svelte';

const model = RunEventSchema.parse({
  kind: 'model',
  seq: 0,
  t: 0,
  dur: 1,
  label: 'write the first program (turn 1)',
  request: { messages: [{ role: 'user', content: 'x' }], temperature: 0, maxTokens: 100 },
  result: {
    text: 'y',
    finishReason: 'stop',
    modelId: 'm',
    usage: { promptTokens: 1, completionTokens: 1, estimated: true }
  }
});
const run: Run = {
  version: LOG_VERSION,
  technique: 'self-debug',
  params: {},
  problem: {
    id: 'p',
    language: 'python',
    title: 'P',
    prompt: 'def f(x):\n    """x"""\n',
    entryPoint: 'f',
    visibleTests: [{ input: '1', expected: '1' }],
    hiddenTests: []
  },
  model: { kind: 'scripted', id: 's', label: 'Scripted', responses: ['y'] },
  seed: 1,
  events: [model]
};

/** A stand-in for the Player: the fields the presenter reads, changed by the test. */
function player(fields: Partial<PresentedPlayer>): PresentedPlayer {
  return { run, visible: [], step: 0, lastStep: 0, live: true, ...fields };
}

describe('Presenter', () => {
  it('counts steps with a total that is final only once the run has ended', () => {
    expect(new Presenter(player({ step: 2, lastStep: 3 }), () => ({ slug: 's' })).counter).toEqual({
      step: 2,
      total: 3,
      final: false
    });
    expect(
      new Presenter(player({ step: 7, lastStep: 7, live: false }), () => ({ slug: 's' })).counter
    ).toEqual({ step: 7, total: 7, final: true });
  });

  it('names the phase of the visible step', () => {
    const visible: RunEvent[] = [model];
    const presenter = new Presenter(player({ visible }), () => ({ slug: 's' }));
    expect(presenter.phase).toEqual({
      label: 'Model call',
      caption: 'write the first program (turn 1)'
    });
  });

  it('offers the lesson step link only for the unchanged scripted walkthrough', () => {
    const lesson = () => ({ slug: 'self-debugging' });
    expect(new Presenter(player({}), lesson).walkthrough).toEqual({ slug: 'self-debugging' });
    const forked = { ...run, forkedAt: { effect: 1, change: 'maxTurns = 2' } };
    expect(new Presenter(player({ run: forked }), lesson).walkthrough).toBeNull();
    const live: Run = {
      ...run,
      model: { kind: 'endpoint', id: 'qwen', label: 'Qwen', baseUrl: 'http://localhost:11434/v1' }
    };
    expect(new Presenter(player({ run: live }), lesson).walkthrough).toBeNull();
    expect(new Presenter(player({ run: null }), lesson).walkthrough).toBeNull();
  });

  it('toggling off also closes the share panel', () => {
    const presenter = new Presenter(player({}), () => ({ slug: 's' }));
    presenter.toggle();
    presenter.sharing = true;
    presenter.toggle();
    expect([presenter.on, presenter.sharing]).toEqual([false, false]);
  });
});

describe('togglesPresenter', () => {
  it('P toggles either way; Escape only leaves; other keys do nothing', () => {
    expect([togglesPresenter('p', false), togglesPresenter('P', true)]).toEqual([true, true]);
    expect([togglesPresenter('Escape', true), togglesPresenter('Escape', false)]).toEqual([
      true,
      false
    ]);
    expect(togglesPresenter('ArrowRight', true)).toBe(false);
  });
});
