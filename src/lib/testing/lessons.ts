/**
 * Load a lesson folder and run its walkthrough through its technique, with the scripted
 * replies as input and the real sandbox under them (Node tests only).
 */
import { beforeAll, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseLesson, type Lesson } from '$lib/core/lessons/load';
import { runTechnique } from '$lib/core/run/context';
import type { Sandbox } from '$lib/core/run/effects';
import type { RunEvent } from '$lib/core/run/events';
import { getTechnique } from '$lib/core/techniques/registry';
import { ScriptedModel } from '$lib/runtimes/model/scripted';
import { sharedPythonSandbox } from './shared-python';

/** The lesson folders in `lessons/` (read from disk, so a new lesson is covered at once). */
export const lessonFolders = (): string[] =>
  readdirSync('lessons')
    .filter((f) => /^\d{2}-/.test(f))
    .sort();

export function loadLesson(folder: string): Lesson {
  const dir = join('lessons', folder);
  const files = Object.fromEntries(
    readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')])
  );
  return parseLesson({ folder, files });
}

/** Runs the walkthrough live, as the lesson page does (seed 1, the lesson's params). */
export function runWalkthrough(lesson: Lesson, sandbox: Sandbox): ReturnType<typeof runTechnique> {
  const technique = getTechnique(lesson.meta.technique);
  if (!technique) throw new Error(`no technique ${lesson.meta.technique}`);
  const params = technique.params.parse(lesson.meta.params);
  const { id, responses, answer, choose } = lesson.walkthrough;
  const model = new ScriptedModel(id, responses, answer, choose);
  return runTechnique(technique, lesson.problem, params, { runtimes: { model, sandbox }, seed: 1 });
}

/**
 * For a test file: runs the lesson's walkthrough once before its tests (in the worker's Python
 * sandbox, `shared-python.ts`) and hands out the recorded log.
 */
export function recordWalkthrough(folder: string): {
  lesson: Lesson;
  events: () => RunEvent[];
  /** the sandbox the walkthrough ran in, for checks of its own */
  sandbox: () => Sandbox;
} {
  const lesson = loadLesson(folder);
  let sandbox: Sandbox | undefined;
  let events: RunEvent[] = [];
  beforeAll(async () => {
    sandbox = await sharedPythonSandbox();
    const run = await runWalkthrough(lesson, sandbox);
    expect(run.error).toBeUndefined();
    events = run.events;
  });
  return {
    lesson,
    events: () => events,
    sandbox: () => {
      if (!sandbox) throw new Error('the walkthrough has not run yet');
      return sandbox;
    }
  };
}
