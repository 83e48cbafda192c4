/**
 * Two players stepped in lockstep and apart, over real logs: lesson 10's direct run and its
 * self-debugging run, recorded with the scripted replies and the real sandbox; then the same
 * two runs live (each player runs its technique through its gate), stepped and played.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { lessonBySlug } from '$lib/testing/lesson-support';
import { lessonRuns } from '$lib/core/lessons/runs';
import { runTechnique } from '$lib/core/run/context';
import type { Run } from '$lib/core/run/run';
import { getTechnique } from '$lib/core/techniques/registry';
import { scriptedModelFor } from '$lib/runtimes/model/scripted';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';
import { Player } from './player.svelte';
import { StepPair } from './step-pair.svelte';
import { outcomeAt } from '$lib/core/views/timeline';

let sandbox: Sandbox;
const recorded: Run[] = [];
const fresh: Run[] = [];
beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
  const runs = lessonRuns(lessonBySlug('compare'));
  for (const name of ['walkthrough', 'self-debug']) {
    const run = runs.find((r) => r.name === name)?.run;
    if (!run) throw new Error(`no run ${name}`);
    fresh.push(run);
    const technique = getTechnique(run.technique);
    if (!technique) throw new Error(`no technique ${run.technique}`);
    const record = await runTechnique(technique, run.problem, technique.params.parse(run.params), {
      runtimes: { model: scriptedModelFor(run.model), sandbox },
      seed: run.seed
    });
    recorded.push({ ...run, events: record.events });
  }
}, 60_000);

const noRuntimes = async () => {
  throw new Error('a loaded log never runs anything');
};

function pair(): StepPair {
  const [left, right] = [new Player(noRuntimes), new Player(noRuntimes)];
  left.load(recorded[0]);
  right.load(recorded[1]);
  return new StepPair(left, right);
}

describe('StepPair', () => {
  it('in lockstep, one press moves both; the shorter run waits at its end', () => {
    const p = pair();
    const [shortEnd, longEnd] = [p.left.lastStep, p.right.lastStep];
    // Direct: call, examples, hidden tests. Self-debugging: two turns, then the hidden tests.
    expect(shortEnd).toBeLessThan(longEnd);
    expect(p.lastStep).toBe(longEnd);
    p.stepForward();
    expect([p.left.step, p.right.step, p.step]).toEqual([1, 1, 1]);
    for (let i = 0; i < longEnd + 3; i++) p.stepForward();
    expect([p.left.step, p.right.step]).toEqual([shortEnd, longEnd]);
    expect(p.finished).toBe(true);
    p.back();
    expect([p.left.step, p.right.step]).toEqual([shortEnd, longEnd - 1]);
    p.restart();
    expect([p.left.step, p.right.step]).toEqual([0, 0]);
    p.toEnd();
    expect([p.left.step, p.right.step]).toEqual([shortEnd, longEnd]);
  });

  it('both sides show the same event at the same step until their paths part', () => {
    const p = pair();
    p.stepForward();
    // The first call is the same request and the same reply on both sides.
    const lastModel = (player: Player) => player.visible.findLast((e) => e.kind === 'model');
    expect(lastModel(p.left)?.result.text).toBe(lastModel(p.right)?.result.text);
  });

  it('apart, each keeps its own cursor; back to lockstep lines them up at the further one', () => {
    const p = pair();
    p.setLockstep(false);
    p.right.stepForward();
    p.right.stepForward();
    p.right.stepForward();
    p.left.stepForward();
    expect([p.left.step, p.right.step]).toEqual([1, 3]);
    p.setLockstep(true);
    expect([p.left.step, p.right.step]).toEqual([Math.min(3, p.left.lastStep), 3]);
  });

  it('play steps both until the longer run ends, then stops', async () => {
    const p = pair();
    p.toEnd();
    p.play();
    // Play from the end starts over.
    expect(p.step).toBe(1);
    expect(p.playing).toBe(true);
    p.pause();
    expect(p.playing).toBe(false);
  });
});

/** Players that run for real: the run's scripted replies as the model, the Node sandbox. */
function livePair(intervalMs?: number): StepPair {
  const live = () => new Player(async (run) => ({ model: scriptedModelFor(run.model), sandbox }));
  const p = new StepPair(live(), live(), { intervalMs });
  void p.left.start(fresh[0]);
  void p.right.start(fresh[1]);
  return p;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 30_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const kindsOf = (events: readonly { kind: string }[]) => events.map((e) => e.kind);

describe('StepPair over live runs', () => {
  it('one press lets one effect through on each side; a running effect holds both', async () => {
    const p = livePair();
    await until(() => p.left.waiting && p.right.waiting, 'both runs parked at their gates');
    expect([p.step, p.live, p.finished, p.canStepNow]).toEqual([0, true, false, true]);
    p.stepForward();
    // Both first calls are in flight: nothing can be stepped until they are done.
    expect(p.busy).toBe(true);
    expect(p.canStepNow).toBe(false);
    p.stepForward(); // ignored while busy
    await until(() => !p.busy, 'the first calls');
    expect([p.left.step, p.right.step]).toEqual([1, 1]);
    const seen: [number, number][] = [];
    while (!p.finished) {
      await until(() => !p.busy, 'the running effects');
      if (p.finished) break;
      p.stepForward();
      await until(() => !p.busy, 'the running effects');
      seen.push([p.left.step, p.right.step]);
    }
    // In step while both run; the shorter run then waits at its end.
    const shortEnd = p.left.lastStep;
    for (const [left, right] of seen) expect(left).toBe(Math.min(right, shortEnd));
    expect(outcomeAt(p.left.events)?.status).toBe('unsolved');
    expect(outcomeAt(p.right.events)?.status).toBe('solved');
    // The live runs made the same logs as the recorded ones (same effects, same notes).
    expect(kindsOf(p.left.events)).toEqual(kindsOf(recorded[0].events));
    expect(kindsOf(p.right.events)).toEqual(kindsOf(recorded[1].events));
    expect([p.left.step, p.right.step]).toEqual([p.left.lastStep, p.right.lastStep]);
    p.dispose();
  }, 60_000);

  it('play steps both live runs to their verdicts, then stops by itself', async () => {
    const p = livePair(5);
    await until(() => p.left.waiting && p.right.waiting, 'both runs parked at their gates');
    p.play();
    expect(p.playing).toBe(true);
    await until(() => p.finished, 'both verdicts');
    await until(() => !p.playing, 'play to stop');
    expect(outcomeAt(p.left.visible)?.status).toBe('unsolved');
    expect(outcomeAt(p.right.visible)?.status).toBe('solved');
    p.dispose();
  }, 60_000);

  it('End runs both to their verdicts unattended; Stop halts a live side', async () => {
    const p = livePair();
    await until(() => p.left.waiting && p.right.waiting, 'both runs parked at their gates');
    p.toEnd();
    await until(() => p.finished, 'both verdicts');
    expect([p.left.step, p.right.step]).toEqual([p.left.lastStep, p.right.lastStep]);
    expect(outcomeAt(p.right.visible)?.status).toBe('solved');

    const q = livePair();
    await until(() => q.left.waiting && q.right.waiting, 'both runs parked at their gates');
    q.stop();
    expect([q.left.stopped, q.right.stopped, q.live]).toEqual([true, true, false]);
    expect(q.finished).toBe(true); // nothing more will come until Resume
    p.dispose();
    q.dispose();
  }, 60_000);
});
