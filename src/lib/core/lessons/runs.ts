/** The runs a lesson page starts: its walkthrough, and its optional comparison run. */
import { LOG_VERSION } from '../run/events';
import type { Run } from '../run/run';
import type { Problem } from '../problems/problem';
import type { Compare, Walkthrough } from './schema';

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

/** The comparison run of a lesson: same problem, its own technique, params and replies. */
export function compareRun(problem: Problem, compare: Compare): Run {
  const { technique, params, ...script } = compare;
  return scriptedRun(technique, params, problem, script);
}
