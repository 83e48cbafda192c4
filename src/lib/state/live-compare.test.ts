/**
 * Lesson 10 run live, end to end in Node: two panes that go live through their gates (here
 * the lesson's scripted replies stand in for the learner's model; the technique code and the
 * real Pyodide sandbox run under them), the finish rule, saving both panes with their logs,
 * and a second page over the same store — the reload — that puts them back with nothing run
 * again. Then Start fresh.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { lessonRuns, type NamedRun } from '$lib/core/lessons/runs';
import type { Run } from '$lib/core/run/run';
import { outcomeAt } from '$lib/core/views/timeline';
import { scriptedModelFor } from '$lib/runtimes/model/scripted';
import { MemoryProgressStore } from '$lib/runtimes/storage/memory-progress';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';
import { lessonBySlug } from '$lib/testing/lesson-support';
import { until } from '$lib/testing/run-support';
import { LessonProgress } from './lesson-progress.svelte';
import { LivePanes } from './live-panes.svelte';
import { ModelStream } from './model-stream.svelte';
import { comparedToTheEnd, PairSession } from './pair-session.svelte';
import { Player } from './player.svelte';
import type { Side } from './step-pair.svelte';

const SLUG = 'compare';
const runs = lessonRuns(lessonBySlug(SLUG));
const byName = (name: string): NamedRun => {
  const found = runs.find((r) => r.name === name);
  if (!found) throw new Error(`no run ${name}`);
  return found;
};
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
}, 60_000);

/** One visit of lesson 10 with its panes live: the page's pieces, minus Svelte. */
function openPage(store: MemoryProgressStore) {
  const factory = vi.fn(async (run: Run) => ({ model: scriptedModelFor(run.model), sandbox }));
  const panes = new LivePanes(() => ({ player: new Player(factory), stream: new ModelStream() }));
  const chosen: Record<Side, string> = { left: 'walkthrough', right: 'self-debug' };
  const progress = new LessonProgress(async () => store, { delayMs: 5 });
  const fresh = vi.fn(() => panes.clear());
  const session = new PairSession({
    slug: SLUG,
    progress,
    view: () => ({
      live: true,
      lockstep: panes.pair.lockstep,
      left: { run: chosen.left, step: panes.pair.left.step, log: panes.pair.left.run ?? undefined },
      right: {
        run: chosen.right,
        step: panes.pair.right.step,
        log: panes.pair.right.run ?? undefined
      },
      others: panes.others
    }),
    choices: () => 0,
    panes: () => ({
      left: { run: chosen.left, visible: panes.pair.left.visible },
      right: { run: chosen.right, visible: panes.pair.right.visible }
    }),
    restore: (saved) => {
      panes.restoreOthers(saved.others ?? []);
      for (const side of ['left', 'right'] as const) {
        const { run, step, log } = saved[side];
        chosen[side] = run;
        if (log) panes.restore(side, run, log, step);
      }
    },
    fresh
  });
  const show = (side: Side, name: string) => {
    chosen[side] = name;
    panes.show(side, name, byName(name).run);
  };
  const close = async () => {
    session.sync();
    await session.flush();
    session.dispose();
    panes.dispose();
  };
  return { panes, session, progress, factory, fresh, show, close };
}

describe('the finish rule', () => {
  it('needs two verdicts of two different runs, and not a broken run', () => {
    const outcome = (status: string) => [
      {
        kind: 'note' as const,
        seq: 0,
        t: 0,
        note: { type: 'outcome', status, message: 'm', hiddenPassed: 1, hiddenTotal: 1 }
      }
    ];
    const pane = (run: string, status?: string) => ({
      run,
      visible: (status ? outcome(status) : []) as never
    });
    expect(comparedToTheEnd(pane('a', 'solved'), pane('b', 'unsolved'))).toBe(true);
    expect(comparedToTheEnd(pane('a', 'solved'), pane('a', 'solved'))).toBe(false);
    expect(comparedToTheEnd(pane('a', 'solved'), pane('b'))).toBe(false);
    expect(comparedToTheEnd(pane('a', 'solved'), pane('b', 'error'))).toBe(false);
  });
});

describe('lesson 10 with live panes', () => {
  it('runs both to their verdicts, finishes the lesson, and a reload brings both back', async () => {
    const store = new MemoryProgressStore();
    const page = openPage(store);
    await page.session.open();
    expect(page.fresh).toHaveBeenCalledTimes(1); // nothing saved yet
    page.show('left', 'walkthrough');
    page.show('right', 'self-debug');
    const { pair } = page.panes;
    await until(() => pair.left.waiting && pair.right.waiting, 'both runs parked');
    expect(page.panes.stateOf('self-debug').state).toBe('running');
    expect(page.panes.stateOf('self-planning').state).toBe('not-run');
    pair.stepForward();
    await until(() => !pair.busy, 'the first calls');
    page.session.sync();
    expect(page.progress.record(SLUG).finished).toBe(false);
    pair.toEnd();
    await until(() => pair.finished, 'both verdicts');
    page.session.sync();
    await page.session.flush();
    expect(page.progress.record(SLUG).finished).toBe(true);
    expect(page.panes.stateOf('self-debug').state).toBe('done');
    const ends = [pair.left.lastStep, pair.right.lastStep];
    pair.back(); // the right pane one step before its end, the left still at its verdict
    const steps = [pair.left.step, pair.right.step];
    expect(steps).toEqual([ends[0], ends[1] - 1]);
    const logs = [pair.left.events, pair.right.events];
    await page.close();

    const again = openPage(store);
    await again.session.open();
    expect(again.fresh).not.toHaveBeenCalled();
    expect(again.session.message).toMatch(/^Your last comparison, saved in this browser/);
    const back = again.panes.pair;
    expect([back.left.step, back.right.step]).toEqual(steps);
    expect([back.left.events, back.right.events]).toEqual(logs);
    expect(outcomeAt(back.right.events)?.status).toBe('solved');
    expect(again.factory).not.toHaveBeenCalled(); // nothing ran again
    expect([back.left.live, back.right.live, back.finished]).toEqual([false, false, false]);

    // Another run in a pane keeps the finished one for the table; choosing it again shows it
    // without running anything.
    again.show('left', 'self-planning');
    expect(again.factory).toHaveBeenCalledTimes(1);
    expect(again.panes.stateOf('walkthrough').state).toBe('done');
    again.show('left', 'walkthrough');
    expect(again.factory).toHaveBeenCalledTimes(1);
    expect(outcomeAt(back.left.events)?.status).toBe('unsolved');

    // The two runs no pane showed, run to their ends for the table, one after another.
    const others = ['resample-filter', 'self-planning'].map((name) => ({
      name,
      run: byName(name).run
    }));
    const running = again.panes.runOthers(others, again.factory);
    expect(again.panes.stateOf('self-planning').state).toMatch(/waiting|running/);
    await running;
    expect(again.factory).toHaveBeenCalledTimes(3);
    expect(again.panes.stateOf('resample-filter').state).toBe('done');
    expect(outcomeAt(again.panes.stateOf('self-planning').events)?.status).toBe('solved');
    again.show('right', 'self-planning');
    expect(again.factory).toHaveBeenCalledTimes(3); // shown from its log, not run again
    await again.close();

    // A third visit: the panes, and the finished run no pane shows, all from their logs.
    const third = openPage(store);
    await third.session.open();
    expect(third.panes.holds).toEqual({ left: 'walkthrough', right: 'self-planning' });
    expect(third.panes.stateOf('resample-filter').state).toBe('done');
    expect(third.panes.stateOf('self-debug').state).toBe('done');
    expect(outcomeAt(third.panes.stateOf('self-debug').events)?.status).toBe('solved');
    expect(third.factory).not.toHaveBeenCalled();

    // Start fresh forgets the panes; the lesson stays finished.
    await third.session.startFresh();
    expect(third.fresh).toHaveBeenCalledTimes(1);
    expect(third.panes.holds).toEqual({ left: null, right: null });
    expect(third.panes.stateOf('walkthrough').state).toBe('not-run');
    expect(await third.progress.savedPair(SLUG)).toBeNull();
    expect(third.progress.record(SLUG).finished).toBe(true);
    await third.close();
  }, 90_000);

  it('a run saved before its verdict comes back stopped, waiting for Resume', async () => {
    const store = new MemoryProgressStore();
    const page = openPage(store);
    await page.session.open();
    page.show('left', 'walkthrough');
    page.show('right', 'self-debug');
    const { pair } = page.panes;
    await until(() => pair.left.waiting && pair.right.waiting, 'both runs parked');
    pair.stepForward();
    await until(() => !pair.busy, 'the first calls');
    await page.close();

    const again = openPage(store);
    await again.session.open();
    const back = again.panes.pair;
    expect([back.left.step, back.right.step]).toEqual([1, 1]);
    expect([back.left.stopped, back.right.stopped]).toEqual([true, true]);
    expect(again.panes.stateOf('self-debug').state).toBe('stopped');
    expect(again.factory).not.toHaveBeenCalled();
    // Resume goes on from the log: the logged call is answered from it, the rest runs.
    void back.right.resume();
    await until(() => back.right.waiting, 'the resumed run to park');
    back.right.toEnd();
    await until(() => back.right.finished, 'the resumed run to end');
    expect(outcomeAt(back.right.events)?.status).toBe('solved');
    expect(again.factory).toHaveBeenCalledTimes(1);
    await again.close();
  }, 90_000);
});
