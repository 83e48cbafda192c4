/**
 * The playground's demo without a model: a scripted model that answers every call with the
 * problem's own reference solution. It is honest only where every model call asks for a
 * program — elsewhere (a plan, test inputs, strategies, reflections) a program is not an
 * answer — so it is offered for those techniques alone, and labelled as what it is.
 */
import type { ModelSpec } from '../run/run';
import type { Problem } from '../problems/problem';

export const ECHO_LABEL = 'scripted: replies with your reference solution';

/** The most model calls each technique can make with these params (all of them ask for code). */
const CALLS: Record<string, (params: Record<string, unknown>) => number> = {
  direct: () => 1,
  'self-debug': (p) =>
    num(p.maxTurns) + (p.budget === 'dynamic' ? num(p.maxExtensions) * num(p.extensionTurns) : 0),
  sampling: (p) => num(p.n),
  'resample-filter': (p) => num(p.budget)
};

const num = (value: unknown) => (typeof value === 'number' && value > 0 ? Math.ceil(value) : 1);

/** Techniques the demo fits, by id. */
export const ECHO_TECHNIQUES = Object.keys(CALLS);

export type Echo = { ok: true; model: ModelSpec } | { ok: false; reason: string };

/** The demo's scripted model for a run, or why there is none. */
export function referenceEcho(
  problem: Problem,
  technique: string,
  params: Record<string, unknown>
): Echo {
  const reference = problem.reference?.trim() ?? '';
  if (reference === '')
    return { ok: false, reason: 'Add a reference solution to the problem to try the demo.' };
  const calls = Object.hasOwn(CALLS, technique) ? CALLS[technique] : null;
  if (!calls)
    return {
      ok: false,
      reason:
        'The demo fits only techniques whose every model call asks for a program (direct ' +
        'generation, self-debugging, sampling, resample-and-filter); this one also asks for ' +
        'something else.'
    };
  const reply = '```python\n' + reference + '\n```\n';
  return {
    ok: true,
    model: {
      kind: 'scripted',
      id: 'reference-echo',
      label: ECHO_LABEL,
      responses: Array.from({ length: Math.min(calls(params), 400) }, () => reply),
      answer: 'by-call'
    }
  };
}
