/**
 * Lesson 10's technique comparison in Node, over real runs: the lesson's scripted replies and
 * the real Pyodide sandbox. Choosing a pane's run, the pair while a chosen run is still being
 * made, saving what is on screen and a second visit that restores it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { lessonRuns } from '$lib/core/lessons/runs';
import type { Run } from '$lib/core/run/run';
import { outcomeAt } from '$lib/core/views/timeline';
import { scriptedModelFor } from '$lib/runtimes/model/scripted';
import { MemoryProgressStore } from '$lib/runtimes/storage/memory-progress';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';
import { lessonBySlug } from '$lib/testing/lesson-support';
import { until } from '$lib/testing/run-support';
import { LessonProgress } from './lesson-progress.svelte';
import { ModelStream } from './model-stream.svelte';
import { Player } from './player.svelte';
import { TechniqueComparison } from './technique-comparison.svelte';

const SLUG = 'compare';
const runs = lessonRuns(lessonBySlug(SLUG));
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
}, 60_000);

/** The comparison as the lesson page makes it, with Node's sandbox under it. */
function comparisonOverNode(): TechniqueComparison {
  const runtimes = async (run: Run) => ({ model: scriptedModelFor(run.model), sandbox });
  return new TechniqueComparison({
    slug: SLUG,
    runs,
    runtimes,
    livePane: () => ({ player: new Player(runtimes), stream: new ModelStream() }),
    unattended: () => runtimes,
    settings: () => null
  });
}

describe('TechniqueComparison', () => {
  it('runs every scripted run and shows the first pair at step 0 once each is made', async () => {
    const comparison = comparisonOverNode();
    expect(comparison.chosen).toEqual({ left: 'walkthrough', right: 'self-debug' });
    expect(comparison.pane('left').busy).toMatch(/is waiting for the sandbox/);
    expect(comparison.view()).toBeNull(); // nothing to save before the panes show their runs
    await comparison.start();
    expect(comparison.table.map((r) => r.state)).toEqual(runs.map(() => 'done'));
    expect(runs).toHaveLength(7);
    const marks = { walkthrough: 'left', 'self-debug': 'right' } as Record<string, string>;
    expect(comparison.table.map((r) => r.mark)).toEqual(runs.map((r) => marks[r.name]));
    const { pair } = comparison;
    expect([pair.left.run?.technique, pair.right.run?.technique]).toEqual([
      runs[0].run.technique,
      'self-debug'
    ]);
    expect([pair.left.step, pair.right.step]).toEqual([0, 0]);
    expect([comparison.pane('left').busy, comparison.pane('right').busy]).toEqual([null, null]);
    pair.toEnd();
    expect(outcomeAt(pair.right.visible)?.status).toBe('solved');
    comparison.dispose();
  }, 120_000);

  it('choosing a run still being made resets the pair at once, not when the run is ready', async () => {
    const comparison = comparisonOverNode();
    const started = comparison.start();
    // Chosen before the sandbox got to it: the pane says so (the pair's controls wait for it).
    comparison.choose('left', 'resample-filter');
    expect(comparison.shows('left')).toBe(false);
    expect(comparison.pane('left').busy).toMatch(/Resample and filter/);
    const { pair } = comparison;
    await until(() => comparison.shows('right'), 'the right run');
    expect(comparison.view()).toBeNull(); // half a pair is not saved
    // Meanwhile the learner steps the right run on its own to its verdict.
    pair.setLockstep(false);
    pair.right.toEnd();
    const end = pair.right.lastStep;
    await started;
    expect(comparison.shows('left')).toBe(true);
    expect(pair.left.run?.technique).toBe('resample-filter');
    // The run that became ready did not send the other pane back to step 0.
    expect([pair.left.step, pair.right.step]).toEqual([0, end]);
    expect(outcomeAt(pair.right.visible)?.status).toBe('solved');

    // Choosing another finished run puts both at step 0 right away.
    pair.setLockstep(true);
    pair.stepForward();
    comparison.choose('right', 'self-planning');
    expect(comparison.shows('right')).toBe(true);
    expect([pair.left.step, pair.right.step]).toEqual([0, 0]);
    expect(comparison.table.find((r) => r.key === 'self-planning')?.mark).toBe('right');
    comparison.dispose();
  }, 120_000);

  it('saves the pair on screen as it changes, and a second visit restores it', async () => {
    const store = new MemoryProgressStore();
    const progress = new LessonProgress(async () => store, { delayMs: 5 });
    const first = comparisonOverNode();
    const session = first.memory(progress);
    await session.open(); // nothing saved: the lesson's first pair
    await first.start();
    first.choose('left', 'resample-filter');
    first.pair.stepForward();
    first.pair.stepForward();
    // In the browser an effect follows the panes; in Node the page's sync is called by hand.
    session.sync();
    await session.flush();
    expect((await progress.savedPair(SLUG))?.left).toEqual({ run: 'resample-filter', step: 2 });
    first.pair.toEnd();
    session.sync();
    await session.flush();
    const saved = await progress.savedPair(SLUG);
    const steps = [first.pair.left.step, first.pair.right.step];
    expect(saved?.live).toBe(false);
    expect([saved?.left, saved?.right]).toEqual([
      { run: 'resample-filter', step: steps[0] },
      { run: 'self-debug', step: steps[1] }
    ]);
    expect(progress.record(SLUG).finished).toBe(true); // two verdicts of two runs
    session.dispose();
    first.dispose();

    const again = comparisonOverNode();
    const reopened = again.memory(new LessonProgress(async () => store));
    await reopened.open();
    expect(reopened.message).toMatch(/^Your last comparison, saved in this browser/);
    expect(again.chosen).toEqual({ left: 'resample-filter', right: 'self-debug' });
    await again.start();
    expect([again.pair.left.step, again.pair.right.step]).toEqual(steps);
    expect(outcomeAt(again.pair.left.visible)).not.toBeNull();

    // Start fresh: the first pair from step 0.
    await reopened.startFresh();
    expect(again.chosen).toEqual({ left: 'walkthrough', right: 'self-debug' });
    expect([again.pair.left.step, again.pair.right.step]).toEqual([0, 0]);
    expect(again.pair.left.run?.technique).toBe(runs[0].run.technique);
    reopened.dispose();
    again.dispose();
  }, 180_000);

  it('a run the learner chooses while the store is still opening stands', async () => {
    // The store answers only after the learner's choice, as IndexedDB can on a busy machine.
    let openStore!: () => void;
    const store = new MemoryProgressStore();
    const progress = new LessonProgress(
      () => new Promise<MemoryProgressStore>((resolve) => (openStore = () => resolve(store))),
      { delayMs: 5 }
    );
    const comparison = comparisonOverNode();
    const session = comparison.memory(progress);
    const opening = session.open();
    comparison.choose('left', 'resample-filter');
    await until(() => openStore !== undefined, 'the store to be asked for');
    openStore();
    await opening;
    expect(comparison.chosen).toEqual({ left: 'resample-filter', right: 'self-debug' });
    expect(session.restoring).toBe(false);
    await comparison.start();
    expect(comparison.pair.left.run?.technique).toBe('resample-filter');
    session.dispose();
    comparison.dispose();
  }, 120_000);
});
