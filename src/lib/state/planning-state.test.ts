/**
 * The rune classes behind the self-planning lesson page, in Node with the real sandbox: the
 * step ↔ line link, and the comparison run started beside the lesson's run.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { lessonBySlug } from '$lib/testing/lesson-support';
import { runFromFile, scriptedRun } from '$lib/core/lessons/runs';
import { runTechnique } from '$lib/core/run/context';
import type { RunEvent } from '$lib/core/run/events';
import { compareRowOf } from '$lib/core/views/run-comparison';
import { selfPlanning, selfPlanningParams } from '$lib/core/techniques/self-planning';
import { scriptedModelFor } from '$lib/runtimes/model/scripted';
import type { Sandbox } from '$lib/core/run/effects';
import { sharedPythonSandbox } from '$lib/testing/shared-python';
import { StepLink } from './step-link.svelte';
import { BackgroundRun } from './background-run.svelte';

const lesson = lessonBySlug('self-planning');
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
});

describe('StepLink', () => {
  it('lights up a step’s lines, and a line’s step', async () => {
    const run = scriptedRun('self-planning', {}, lesson.problem, lesson.walkthrough);
    const model = scriptedModelFor(run.model);
    const { events } = await runTechnique(
      selfPlanning,
      lesson.problem,
      selfPlanningParams.parse({}),
      {
        runtimes: { model, sandbox },
        seed: 1
      }
    );
    let shown: RunEvent[] = [];
    const link = new StepLink(() => shown);
    expect(link.plan).toBeNull();
    link.hoverStep = 2;
    expect(link.ranges).toEqual([]);

    shown = events;
    const fresh = new StepLink(() => shown);
    fresh.focusStep = 2;
    expect(fresh.active).toBe(2);
    expect(fresh.ranges).toEqual([{ from: 4, to: 5 }]);
    fresh.focusStep = null;
    fresh.pointLine(11);
    expect(fresh.active).toBe(4);
    expect(fresh.ranges).toEqual([{ from: 9, to: 12 }]);
    // The plan side wins while both are pointed at; the pointer wins over focus.
    fresh.focusStep = 6;
    expect(fresh.active).toBe(6);
    fresh.hoverStep = 3;
    expect(fresh.active).toBe(3);
    fresh.hoverStep = null;
    expect(fresh.active).toBe(6);
    fresh.focusStep = null;
    fresh.pointLine(1);
    expect(fresh.active).toBeNull();
    expect(fresh.ranges).toEqual([]);
  });
});

describe('BackgroundRun', () => {
  it('runs the comparison to its end once, with progress, through the real technique', async () => {
    const compare = lesson.baseline;
    if (!compare) throw new Error('the lesson has no baseline.yaml');
    const run = runFromFile(lesson.problem, compare);
    const labels: string[] = [];
    let created = 0;
    const comparison = new BackgroundRun(run, async (r) => {
      created++;
      return {
        model: scriptedModelFor(r.model),
        sandbox: {
          language: 'python',
          execute: (request, options) => {
            labels.push(comparison.pending ?? '');
            return sandbox.execute(request, options);
          }
        }
      };
    });
    expect(comparison.status).toBe('idle');
    const started = comparison.start();
    expect(comparison.status).toBe('running');
    await started;
    expect(comparison.status).toBe('done');
    expect(labels).toEqual([
      'run the examples on the program',
      'grade the program with the hidden tests'
    ]);
    expect(compareRowOf(comparison.events)).toMatchObject({
      status: 'unsolved',
      hiddenPassed: 3,
      hiddenTotal: 8,
      modelCalls: 1
    });
    await comparison.start();
    expect(created).toBe(1);
  });

  it('says in words when it cannot run', async () => {
    const run = { ...runFromFile(lesson.problem, lesson.baseline!), technique: 'nope' };
    const comparison = new BackgroundRun(run, async () => ({}));
    await comparison.start();
    expect(comparison.status).toBe('failed');
    expect(comparison.error).toMatch(/cannot run these settings/);

    const broken = new BackgroundRun(runFromFile(lesson.problem, lesson.baseline!), async () => {
      throw new Error('Python could not load');
    });
    await broken.start();
    expect(broken.status).toBe('failed');
    expect(broken.error).toBe('The comparison could not start: Python could not load');
  });
});
