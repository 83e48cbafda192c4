/** The runs a lesson page starts: its walkthrough, and its optional baseline run. */
import { LOG_VERSION } from '../run/events';
import type { Run } from '../run/run';
import type { Problem } from '../problems/problem';
// Not from `load.ts`: that one parses YAML, and this runs on the lesson page.
import { WALKTHROUGH_RUN, type Baseline, type LessonRun, type Walkthrough } from './schema';
import { getTechnique } from '../techniques/registry';

/** A run of `technique` on `problem`, answered by the scripted replies of `script`. */
export function scriptedRun(
  technique: string,
  params: Record<string, unknown>,
  problem: Problem,
  script: Walkthrough
): Run {
  return {
    version: LOG_VERSION,
    technique,
    params,
    problem,
    model: { kind: 'scripted', ...script },
    seed: 1,
    events: []
  };
}

/** The run of a run file (baseline.yaml, run-<name>.yaml): the lesson's problem, the file's technique, params and replies. */
export function runFromFile(problem: Problem, file: Baseline): Run {
  const { technique, params, ...script } = file;
  return scriptedRun(technique, params, problem, script);
}

/** One run in a lesson's list of runs, by name and title. */
export interface NamedRun {
  /** `walkthrough` for the lesson's own run, else the `<name>` of `run-<name>.yaml` */
  name: string;
  title: string;
  run: Run;
}

/**
 * Every run of a lesson, its own walkthrough first (titled by its technique), then its
 * `run-<name>.yaml` runs. All of them are runs of the lesson's one problem.
 */
export function lessonRuns(lesson: {
  meta: { technique: string; params: Record<string, unknown> };
  problem: Problem;
  walkthrough: Walkthrough;
  runs: readonly LessonRun[];
}): NamedRun[] {
  const own = scriptedRun(
    lesson.meta.technique,
    lesson.meta.params,
    lesson.problem,
    lesson.walkthrough
  );
  return [
    {
      name: WALKTHROUGH_RUN,
      title: getTechnique(lesson.meta.technique)?.title ?? lesson.meta.technique,
      run: own
    },
    ...lesson.runs.map(({ name, title, ...file }) => ({
      name,
      title,
      run: runFromFile(lesson.problem, file)
    }))
  ];
}
