/**
 * A lesson page's memory, end to end in Node: the self-debugging walkthrough (scripted replies,
 * the real Pyodide sandbox) stepped by a deep link, saved, and brought back by a second
 * page over the same store — the reload — at the same step with nothing re-run.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { scriptedRun } from '$lib/core/lessons/runs';
import type { Run } from '$lib/core/run/run';
import { outcomeAt } from '$lib/core/views/timeline';
import { MemoryProgressStore } from '$lib/runtimes/storage/memory-progress';
import { ScriptedModel } from '$lib/runtimes/model/scripted';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';
import { CountingSandbox } from '$lib/testing/run-support';
import { loadSelfDebuggingLesson } from '$lib/testing/self-debugging-lesson';
import { LessonProgress } from './lesson-progress.svelte';
import { LessonSession, stepParam } from './lesson-session.svelte';
import { Player } from './player.svelte';

const lesson = loadSelfDebuggingLesson();
const SLUG = 'self-debugging';
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
});

const walkthrough = () =>
  scriptedRun(lesson.meta.technique, lesson.meta.params, lesson.problem, lesson.walkthrough);

/** One visit of the lesson page: its own player, sandbox counter and address bar. */
function openPage(store: MemoryProgressStore) {
  const counting = new CountingSandbox(sandbox);
  const factory = vi.fn(async (run: Run) => {
    if (run.model.kind !== 'scripted') throw new Error('no live model in this test');
    return {
      model: new ScriptedModel(run.model.id, run.model.responses, run.model.answer),
      sandbox: counting
    };
  });
  const player = new Player(factory);
  const progress = new LessonProgress(async () => store, { delayMs: 5 });
  const addresses: number[] = [];
  const session = new LessonSession({
    slug: SLUG,
    player,
    progress,
    fresh: () => void player.start(walkthrough()),
    setAddress: (step) => addresses.push(step),
    pollMs: 5
  });
  // The page's effect calls sync() on every step; Svelte's server build, which Node tests
  // load, runs no effects, so the tests call it where the page would.
  const close = async () => {
    session.sync();
    await session.flush();
    session.dispose();
    player.dispose();
  };
  return { player, progress, session, counting, factory, addresses, close };
}

async function until(check: () => boolean, what: string) {
  await vi.waitFor(
    () => {
      if (!check()) throw new Error(`still waiting for ${what}`);
    },
    { timeout: 30_000, interval: 10 }
  );
}

describe('stepParam', () => {
  it('reads a whole step number and nothing else', () => {
    expect(stepParam('?step=4')).toBe(4);
    expect(stepParam('?x=1&step=0')).toBe(0);
    expect(stepParam('?mystep=2')).toBeNull();
    expect(stepParam('')).toBeNull();
    expect(stepParam('?step=-1')).toBeNull();
    expect(stepParam('?step=2.5')).toBeNull();
    expect(stepParam('?step=abc')).toBeNull();
    expect(stepParam('?step=%E0')).toBeNull();
  });
});

describe('LessonSession', () => {
  it('?step=3 steps the walkthrough for real; a reload shows the same run at the same step', async () => {
    const store = new MemoryProgressStore();
    const first = openPage(store);
    await first.session.open('?step=3');
    first.session.sync();
    expect(first.player.step).toBe(3);
    expect(first.session.restoring).toBe(false);
    // Three steps of self-debugging: the first program, its run on the examples, the fix.
    expect(first.counting.calls).toBe(1);
    expect(first.addresses.at(-1)).toBe(3);
    const shown = first.player.events;
    await first.close();

    const second = openPage(store);
    await second.session.open('');
    expect(second.player.step).toBe(3);
    expect(second.player.events).toEqual(shown);
    expect(second.player.run?.model).toEqual(walkthrough().model);
    expect(second.counting.calls).toBe(0); // the log was answered from the save, not re-run
    expect(second.session.message).toMatch(/^Your last run of this lesson, saved in this browser/);
    // …and the run goes on live from there: the next step runs the new program for real.
    expect(second.player.live).toBe(true);
    second.player.stepForward();
    await until(() => second.counting.calls === 1, 'the next program to run');
    await second.close();
  });

  it('the step in the address wins over the saved step', async () => {
    const store = new MemoryProgressStore();
    const first = openPage(store);
    await first.session.open('?step=2');
    await first.close();
    const second = openPage(store);
    await second.session.open('?step=1');
    expect(second.player.step).toBe(1);
    expect(second.player.lastStep).toBeGreaterThanOrEqual(2);
    await second.close();
  });

  it('finishing marks the lesson; Start fresh forgets the run but not the progress', async () => {
    const store = new MemoryProgressStore();
    const page = openPage(store);
    await page.session.open('');
    page.player.toEnd();
    await until(() => !page.player.live && outcomeAt(page.player.visible) !== null, 'the verdict');
    expect(page.progress.record(SLUG).finished).toBe(false);
    page.session.sync();
    await page.session.flush();
    expect(page.progress.record(SLUG).finished).toBe(true);
    expect(page.progress.record(SLUG).lastRun?.step).toBe(page.player.lastStep);

    await page.session.startFresh();
    page.session.sync();
    await page.session.flush();
    expect(page.progress.record(SLUG)).toEqual({ slug: SLUG, visited: true, finished: true });
    expect(page.player.step).toBe(0);
    expect(page.addresses.at(-1)).toBe(0);
    await page.close();
  });

  it('an address step that is not a number, or past the end, is explained', async () => {
    const store = new MemoryProgressStore();
    const page = openPage(store);
    await page.session.open('?step=two');
    expect(page.session.message).toBe(
      'The address asks for step “two”, which is not a step number, so it was ignored.'
    );
    expect(page.player.step).toBe(0);
    page.player.toEnd();
    await until(() => !page.player.live, 'the run to end');
    await page.close();
    const again = openPage(store);
    await again.session.open('?step=99');
    expect(again.player.step).toBe(again.player.lastStep);
    expect(again.session.message).toMatch(
      new RegExp(`this run ends at step ${again.player.lastStep}\\.$`)
    );
    await again.close();
  });

  it("a live model's unfinished run comes back stopped, and the model is not called", async () => {
    const store = new MemoryProgressStore();
    const first = openPage(store);
    await first.session.open('?step=2');
    const partial = first.player.run!;
    await first.close();
    // The same log as if a model server had written it (what a live run saves).
    const live: Run = {
      ...partial,
      model: { kind: 'endpoint', id: 'qwen', label: 'qwen on my server', baseUrl: 'http://x/v1' }
    };
    const progress = new LessonProgress(async () => store, { delayMs: 5 });
    progress.saveRun(SLUG, live, 2);
    await progress.flush();

    const second = openPage(store);
    await second.session.open('');
    expect(second.player.run?.model.label).toBe('qwen on my server');
    expect(second.player.step).toBe(2);
    expect(second.player.stopped).toBe(true);
    expect(second.player.live).toBe(false);
    expect(second.factory).not.toHaveBeenCalled();
    expect(second.session.message).toContain('Resume to go on');
    await second.close();
  });
  it('a run the learner starts while the store is still opening is kept, not replaced', async () => {
    const store = new MemoryProgressStore();
    const page = openPage(store);
    // The store answers only after the learner's click, as IndexedDB can on a busy machine.
    let openStore!: () => void;
    const slow = new LessonProgress(
      () => new Promise<MemoryProgressStore>((resolve) => (openStore = () => resolve(store))),
      { delayMs: 5 }
    );
    const session = new LessonSession({
      slug: SLUG,
      player: page.player,
      progress: slow,
      fresh: () => void page.player.start(walkthrough()),
      pollMs: 5
    });
    const opening = session.open('');
    const mine: Run = { ...walkthrough(), params: { ...walkthrough().params, maxTurns: 1 } };
    void page.player.start(mine);
    await until(() => openStore !== undefined, 'the store to be asked for');
    openStore();
    await opening;
    expect(page.player.run?.params.maxTurns).toBe(1);
    expect(session.restoring).toBe(false);
    session.dispose();
    await page.close();
  });
});
