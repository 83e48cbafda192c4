/**
 * Two players stepped in lockstep and apart, over real logs: lesson 10's direct run and its
 * self-debugging run, recorded with the scripted replies and the real sandbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lessonBySlug } from '$lib/testing/lesson-support';
import { lessonRuns } from '$lib/core/lessons/runs';
import { runTechnique } from '$lib/core/run/context';
import type { Run } from '$lib/core/run/run';
import { getTechnique } from '$lib/core/techniques/registry';
import { scriptedModelFor } from '$lib/runtimes/model/scripted';
import { createNodeSandbox, type NodeSandbox } from '$lib/runtimes/python/node-sandbox';
import { Player } from './player.svelte';
import { StepPair } from './step-pair.svelte';

let sandbox: NodeSandbox;
const recorded: Run[] = [];
beforeAll(async () => {
  sandbox = await createNodeSandbox();
  const runs = lessonRuns(lessonBySlug('compare'));
  for (const name of ['walkthrough', 'self-debug']) {
    const run = runs.find((r) => r.name === name)?.run;
    if (!run) throw new Error(`no run ${name}`);
    const technique = getTechnique(run.technique);
    if (!technique) throw new Error(`no technique ${run.technique}`);
    const record = await runTechnique(technique, run.problem, technique.params.parse(run.params), {
      runtimes: { model: scriptedModelFor(run.model), sandbox },
      seed: run.seed
    });
    recorded.push({ ...run, events: record.events });
  }
}, 60_000);
afterAll(() => sandbox?.dispose());

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
    expect(p.atEnd).toBe(true);
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
