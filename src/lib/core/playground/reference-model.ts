/**
 * The playground's demo without a model: a scripted model that answers every call with the
 * problem's own reference solution. It is honest only where every model call asks for a
 * program — elsewhere (a plan, test inputs, strategies, reflections) a program is not an
 * answer — so it is offered for those techniques alone, and labelled as what it is. CodeT's
 * and AgentCoder's one other call asks for tests: the demo answers it with the problem's own
 * examples as asserts, and its label says so. MapCoder's demo says in its recall and plans that
 * it is a script, and shows plan backtracking: its first plan's code is left unfinished (it
 * raises), so that plan fails the examples through its debug rounds and the second plan, your
 * reference, passes.
 */
import { languageOf } from '../problems/languages';
import type { ModelSpec } from '../run/run';
import type { Problem } from '../problems/problem';
import { getTechnique } from '../techniques/registry';
import { knobsOf } from './knobs';
import { mapcoderParams } from '../techniques/mapcoder';

export const ECHO_LABEL = 'scripted: replies with your reference solution';
/** The demo's label where its first reply is the examples as tests (CodeT, AgentCoder). */
export const ECHO_TESTS_LABEL = `${ECHO_LABEL}, and with your examples as its tests`;
/** MapCoder's demo: scripted recall and plans, an unfinished first plan, then the reference. */
export const ECHO_PLANS_LABEL = `${ECHO_LABEL}, after a first plan it leaves unfinished`;

/** The most model calls a run makes with these params (every one of them asks for code). */
const CALLS: Record<string, (params: Record<string, unknown>) => number> = {
  direct: () => 1,
  'self-debug': (p) =>
    num(p.maxTurns) + (p.budget === 'dynamic' ? num(p.maxExtensions) * num(p.extensionTurns) : 0),
  sampling: (p) => num(p.n),
  codet: (p) => num(p.n),
  agentcoder: (p) => num(p.maxRounds),
  mapcoder: (p) => 2 + num(p.plans) * (1 + num(p.debugRounds)),
  'resample-filter': (p) => num(p.budget)
};

const num = (value: unknown) => (typeof value === 'number' && value > 0 ? Math.ceil(value) : 1);

/** Techniques the demo fits, by id. */
export const ECHO_TECHNIQUES = Object.keys(CALLS);

/** Techniques whose first call asks for tests (CodeT's tests, AgentCoder's test designer). */
const TESTS_FIRST = new Set(['codet', 'agentcoder']);

/**
 * Replies before the programs: CodeT and AgentCoder first ask for tests, and the demo gives them
 * the problem's examples, one assert each (the examples are call cases with Python literals).
 */
function leadingReplies(problem: Problem, technique: string): string[] {
  if (technique === 'mapcoder') return mapcoderLeading(problem);
  if (!TESTS_FIRST.has(technique)) return [];
  const asserts = problem.visibleTests.map(
    (t) => `assert ${problem.entryPoint}(${t.input}) == ${t.expected}`
  );
  return ['```python\n' + asserts.join('\n') + '\n```\n'];
}

/** The demo's recall, which says it is scripted. */
const DEMO_RECALL = [
  '## Problem 1',
  'The demo recalls no problem of its own: its replies are scripted.',
  '### Plan',
  '1. Use the reference solution written for this problem.'
].join('\n');

/** The demo's plans: the first, more confident, is left unfinished on purpose. */
const DEMO_PLANS = [
  '## Plan 1',
  'Confidence: 80',
  "1. Write the function's signature.",
  "2. Leave its body unfinished: the demo's first plan fails on purpose.",
  '## Plan 2',
  'Confidence: 60',
  '1. Answer with the reference solution written for this problem.'
].join('\n');

/** A program for the first plan that defines the function and raises when called. */
function unfinished(problem: Problem): string {
  const why = 'the demo leaves its first plan unfinished';
  return problem.language === 'python'
    ? `def ${problem.entryPoint}(*args):\n    raise NotImplementedError("${why}")`
    : `function ${problem.entryPoint}(...args) {\n  throw new Error("${why}");\n}`;
}

/**
 * MapCoder's replies before the reference: the recall, the plans, and the unfinished program
 * for the first plan's code and each of its default debug rounds.
 */
function mapcoderLeading(problem: Problem): string[] {
  const fence = '```' + languageOf(problem.language).fence + '\n';
  const stub = fence + unfinished(problem) + '\n```\n';
  const rounds = mapcoderParams.parse({}).debugRounds;
  return [DEMO_RECALL, DEMO_PLANS, ...Array.from({ length: 1 + rounds }, () => stub)];
}

type Echo = { ok: true; model: ModelSpec } | { ok: false; reason: string };

/**
 * The params with every number at the top of its range and a dynamic budget: the most calls any
 * run of the technique can make, so a fork of the demo with other knobs still has its replies.
 */
function widest(technique: string): Record<string, unknown> {
  const schema = getTechnique(technique)?.params;
  const out: Record<string, unknown> = {};
  for (const knob of schema ? knobsOf(schema) : []) {
    if (knob.kind === 'number') out[knob.key] = knob.max;
    if (knob.kind === 'choice' && knob.options.includes('dynamic')) out[knob.key] = 'dynamic';
  }
  return out;
}

/** The demo's scripted model for a technique, or why there is none. */
export function referenceEcho(problem: Problem, technique: string): Echo {
  const reference = problem.reference?.trim() ?? '';
  if (reference === '')
    return { ok: false, reason: 'Add a reference solution to the problem to try the demo.' };
  const calls = Object.hasOwn(CALLS, technique) ? CALLS[technique] : null;
  if (!calls)
    return {
      ok: false,
      reason:
        'The demo fits only techniques whose every model call asks for a program (direct ' +
        'generation, self-debugging, sampling, resample-and-filter) or for tests it can answer ' +
        'with your examples (CodeT, AgentCoder), or MapCoder, whose demo scripts its plans; ' +
        'this one also asks for something else.'
    };
  const reply = '```' + languageOf(problem.language).fence + '\n' + reference + '\n```\n';
  const leading = leadingReplies(problem, technique);
  const programs = Array.from({ length: Math.min(calls(widest(technique)), 400) }, () => reply);
  return {
    ok: true,
    model: {
      kind: 'scripted',
      id: 'reference-echo',
      label:
        technique === 'mapcoder'
          ? ECHO_PLANS_LABEL
          : leading.length > 0
            ? ECHO_TESTS_LABEL
            : ECHO_LABEL,
      responses: [...leading, ...programs],
      answer: 'by-call'
    }
  };
}
