/**
 * ClarifyGPT end to end in Node: the lesson's ambiguous problem with its scripted replies, the
 * real Pyodide sandbox, and an asker that answers as a learner would (or the simulated user).
 * The technique, the parsing, mutation, execution, clustering and grading are all real.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { notesOf, replayStrictly } from '$lib/testing/run-support';
import { clarify, clarifyParams } from './technique';
import { effectsOf, runTechnique } from '../../run/context';
import type { AskRequest, AskResult, Asker, Sandbox } from '../../run/effects';
import type { RunEvent } from '../../run/events';
import { outcomeAt, timelineAt } from '../../views/timeline';
import { clarifyAt, lineageOf } from '../../views/clarify';
import { isCallCase, ProblemSchema } from '../../problems/problem';
import { WalkthroughSchema } from '../../lessons/schema';
import { createSimulatedUser } from './simulated-user';
import { ScriptedModel } from '$lib/runtimes/model/scripted';
import { sharedPythonSandbox } from '$lib/testing/shared-python';

const LESSON = 'lessons/05-clarifying-questions';
const problem = ProblemSchema.parse(parseYaml(readFileSync(`${LESSON}/problem.yaml`, 'utf8')));
const walkthrough = WalkthroughSchema.parse(
  parseYaml(readFileSync(`${LESSON}/walkthrough.yaml`, 'utf8'))
);
const params = clarifyParams.parse({ maxQuestions: 1 });
const ANSWER = 'The lower of the two middle grades.';

/** Answers like a learner typing into the page, and remembers what it was asked. */
class TypingLearner implements Asker {
  readonly requests: AskRequest[] = [];
  constructor(private readonly text: string) {}
  async ask(request: AskRequest): Promise<AskResult> {
    this.requests.push(request);
    return { answers: request.questions.map((_, i) => (i === 0 ? this.text : '')), by: 'learner' };
  }
}

/** The lesson's script (its choice follows the answer), or only the replies a test gives. */
const scripted = (responses?: string[]) =>
  responses
    ? new ScriptedModel(walkthrough.id, responses, 'by-call')
    : new ScriptedModel(walkthrough.id, walkthrough.responses, 'by-call', walkthrough.choose);

/** No hidden test (its call, or its arguments) appears in any message of any model request. */
function expectNoHiddenTestInPrompts(events: readonly RunEvent[]): void {
  const prompts = effectsOf(events).flatMap((e) =>
    e.kind === 'model' ? e.request.messages.map((m) => m.content) : []
  );
  expect(prompts.length).toBeGreaterThan(0);
  for (const text of prompts)
    for (const t of problem.hiddenTests.filter(isCallCase)) {
      expect(text).not.toContain(`${problem.entryPoint}(${t.input})`);
      expect(text).not.toContain(t.input);
    }
}

let sandbox: Sandbox;
let recorded: RunEvent[];
let learner: TypingLearner;

beforeAll(async () => {
  sandbox = await sharedPythonSandbox();
  learner = new TypingLearner(ANSWER);
  const run = await runTechnique(clarify, problem, params, {
    runtimes: { model: scripted(), sandbox, asker: learner },
    seed: 1
  });
  expect(run.error).toBeUndefined();
  recorded = run.events;
}, 60_000);

describe('clarify: an ambiguous requirement', () => {
  it('parses the seed inputs, drops the unusable lines with reasons, and grows mutants', () => {
    const inputs = clarifyAt(recorded).inputs;
    expect(inputs?.inputs.slice(0, 4).map((i) => i.source)).toEqual([
      '[50, 60]',
      '[90, 10, 40, 20]',
      '[]',
      '[100]'
    ]);
    expect(inputs?.dropped).toEqual([
      { source: 'list(range(5))', reason: 'not a literal: list is a name, not a literal' },
      {
        source: '[80, 70], 2',
        reason: 'wrong number of arguments: it has 2 arguments; the function takes at most 1'
      }
    ]);
    const mutants = inputs?.inputs.slice(4) ?? [];
    expect(mutants).toHaveLength(params.mutants);
    for (const m of mutants) {
      expect(m.parent).not.toBeNull();
      expect(m.operator).toBeTruthy();
      const chain = lineageOf(inputs?.inputs ?? [], m.id);
      expect(chain[0].parent).toBeNull();
      expect(chain.at(-1)?.id).toBe(m.id);
    }
  });

  it('runs the four programs in parallel, one probe execution each, logged in start order', () => {
    const runs = effectsOf(recorded).filter(
      (e) => e.kind === 'execute' && e.request.suite === 'probe'
    );
    expect(runs.map((e) => e.label)).toEqual(
      [1, 2, 3, 4].map((i) => `run program ${i} on 12 inputs`)
    );
    for (const e of runs) if (e.kind === 'execute') expect(e.request.tests).toHaveLength(12);
  });

  it('drops the empty list (every program crashes) and finds three behaviours', () => {
    const clusters = clarifyAt(recorded).clusters;
    expect(clusters?.dropped).toEqual([
      {
        source: '[]',
        reason:
          'every program crashed on it (raises IndexError ×4): it probably breaks the contract'
      }
    ]);
    // Upper middle (1 and 4), lower middle (2), the average rounded down (3).
    expect(clusters?.groups).toEqual([[1, 4], [2], [3]]);
    const row = clusters?.programs.find((p) => p.index === 3);
    const col = clusters?.inputs.indexOf(2) ?? -1; // [90, 10, 40, 20]
    expect(row?.outputs[col]).toBe('30');
    expect(clusters?.programs.find((p) => p.index === 1)?.outputs[col]).toBe('40');
    expect(clusters?.programs.find((p) => p.index === 2)?.outputs[col]).toBe('20');
  });

  it('asks the model with one representative per group and their differing outputs', () => {
    const state = clarifyAt(recorded);
    expect(state.ambiguity).toMatchObject({ ambiguous: true, representatives: [1, 2, 3] });
    const questionCall = effectsOf(recorded).find(
      (e) => e.kind === 'model' && e.label === 'write clarifying questions'
    );
    const text = questionCall?.kind === 'model' ? questionCall.request.messages[1].content : '';
    expect(text).toContain('Program A:');
    expect(text).toContain('Program C:');
    expect(text).not.toContain('Program D:');
    expect(text).toContain('- middle_grade([90, 10, 40, 20]): A gives 40; B gives 20; C gives 30');
    expect(state.questions?.questions).toHaveLength(1);
    expect(state.questions?.fallback).toBe(false);
  });

  it('sends the questions to ctx.ask with what they are about, and takes the typed answer', () => {
    expect(learner.requests).toHaveLength(1);
    const request = learner.requests[0];
    expect(request.questions[0]).toMatch(/^When there is an even number of grades/);
    expect(request.about?.inputs).toContain('[90, 10, 40, 20]');
    expect(request.about?.programs).toHaveLength(3);
    const refined = clarifyAt(recorded).refined;
    expect(refined?.answeredBy).toBe('learner');
    expect(refined?.after).toContain(
      `Clarifications from the user:\nQ: ${request.questions[0]}\nA: ${ANSWER}`
    );
    expect(refined?.before).toBe(problem.prompt);
    const final = effectsOf(recorded).find(
      (e) => e.kind === 'model' && e.label === 'write the final program'
    );
    expect(final?.kind === 'model' && final.request.messages[1].content).toContain(ANSWER);
  });

  it('grades the final program on the hidden tests: solved', () => {
    expect(outcomeAt(recorded)).toMatchObject({
      status: 'solved',
      hiddenPassed: 8,
      hiddenTotal: 8
    });
    const rows = timelineAt(recorded).map((r) => r.title);
    expect(rows).toContain('Ambiguous');
    expect(rows).toContain('Refined requirement');
  });

  it('never puts a hidden test in a prompt', () => {
    expectNoHiddenTestInPrompts(recorded);
  });

  it('replays the recorded run exactly, with nothing executed and nobody asked', async () => {
    const replay = await replayStrictly(clarify, problem, params, recorded, { sandbox, seed: 1 });
    expect(replay.run.error).toBeUndefined();
    expect(replay.run.events).toEqual(recorded);
    expect(replay.executions).toBe(0);
  });

  it('a different seed grows different mutants (the seed is what makes a run replay)', async () => {
    const other = await runTechnique(clarify, problem, params, {
      runtimes: { model: scripted(), sandbox, asker: new TypingLearner(ANSWER) },
      seed: 2
    });
    const a = clarifyAt(recorded).inputs?.inputs.map((i) => i.source);
    const b = clarifyAt(other.events).inputs?.inputs.map((i) => i.source);
    expect(a?.slice(0, 4)).toEqual(b?.slice(0, 4));
    expect(a).not.toEqual(b);
  });
});

describe('clarify: the simulated user (oracle)', () => {
  it('answers from the reference on the disagreeing inputs, never quoting a hidden test', async () => {
    const oracle = createSimulatedUser({ problem, sandbox });
    const run = await runTechnique(clarify, problem, params, {
      runtimes: { model: scripted(), sandbox, asker: oracle },
      seed: 1
    });
    expect(run.error).toBeUndefined();
    const ask = effectsOf(run.events).find((e) => e.kind === 'ask');
    expect(ask?.kind === 'ask' && ask.result.by).toBe('simulated-user');
    const answer = ask?.kind === 'ask' ? ask.result.answers[0] : '';
    expect(answer).toContain('middle_grade([90, 10, 40, 20]) should return 20.');
    expect(answer).toContain('middle_grade([50, 60]) should return 50.');
    expect(clarifyAt(run.events).refined?.answeredBy).toBe('simulated-user');
    expect(outcomeAt(run.events)).toMatchObject({ status: 'solved' });
    expectNoHiddenTestInPrompts(run.events);
  });

  it('leaves out an input that is a hidden test, and says so', async () => {
    const oracle = createSimulatedUser({ problem, sandbox });
    const result = await oracle.ask({
      questions: ['Lower or upper?'],
      about: { entryPoint: 'middle_grade', inputs: ['[12,11]', '[1, 2]'], programs: [] }
    });
    expect(result.answers[0]).toBe(
      'middle_grade([1, 2]) should return 1. (1 input is one of the hidden tests and is not answered.)'
    );
  });

  it('without a reference, trusts the candidate that passes the most hidden tests', async () => {
    const oracle = createSimulatedUser({ problem: { ...problem, reference: undefined }, sandbox });
    const upper = 'def middle_grade(g):\n    return sorted(g)[len(g) // 2]\n';
    const lower = 'def middle_grade(g):\n    return sorted(g)[(len(g) - 1) // 2]\n';
    const result = await oracle.ask({
      questions: ['Which middle for [1, 2]?', 'And otherwise?'],
      about: {
        entryPoint: 'middle_grade',
        inputs: ['[1, 2]', '[1, 2, 3, 4]'],
        programs: [upper, lower]
      }
    });
    // Each question gets the inputs it mentions; the rest go to the first question without any.
    expect(result.answers).toEqual([
      'middle_grade([1, 2]) should return 1.',
      'middle_grade([1, 2, 3, 4]) should return 2.'
    ]);
  });
});

describe('clarify: unusable replies', () => {
  it('falls back to the examples as seeds, and leaves out programs that cannot run', async () => {
    const lower = walkthrough.responses[2];
    const responses = [
      'I would test with a few lists.',
      '```python\ndef middle_grade(grades):\n    return sorted(grades[\n```',
      'Use sorted() and pick the middle.',
      lower,
      lower
    ];
    const run = await runTechnique(clarify, problem, params, {
      runtimes: { model: scripted(responses), sandbox, asker: new TypingLearner('unused') },
      seed: 1
    });
    expect(run.error).toBeUndefined();
    const state = clarifyAt(run.events);
    expect(state.inputs?.message).toMatch(/^The reply had no usable input, so the 3 examples/);
    expect(state.inputs?.inputs.slice(0, 3).map((i) => i.source)).toEqual(
      problem.visibleTests.map((t) => t.input)
    );
    const left = state.clusters?.programs.filter((p) => p.problem) ?? [];
    expect(left.map((p) => [p.index, p.problem?.split(':')[0]])).toEqual([
      [1, 'it did not load'],
      [2, 'the reply had no program']
    ]);
    // Only one probe execution per program with code: program 2 never ran.
    const probes = effectsOf(run.events).filter(
      (e) => e.kind === 'execute' && e.request.suite === 'probe'
    );
    expect(probes.map((e) => e.label)).toEqual(
      [1, 3, 4].map((i) => `run program ${i} on 11 inputs`)
    );
    expect(state.ambiguity).toMatchObject({ ambiguous: false });
    expect(state.ambiguity?.message).toMatch(/^No ambiguity found: all 2 programs that ran/);
  });
});

describe('clarify: nobody to ask', () => {
  it('stops at the question with a plain reason (what a headless run without answers does)', async () => {
    const run = await runTechnique(clarify, problem, params, {
      runtimes: { model: scripted(), sandbox },
      seed: 1
    });
    expect(run.error?.message).toBe('No person to ask is connected to this run.');
    expect(clarifyAt(run.events).questions?.questions).toHaveLength(1);
    expect(effectsOf(run.events).some((e) => e.kind === 'ask')).toBe(false);
    expect(outcomeAt(run.events)).toMatchObject({
      status: 'error',
      message: 'The run stopped with an error: No person to ask is connected to this run.'
    });
  });
});

describe('clarify: an unambiguous requirement', () => {
  it('when every program behaves alike, says so, asks nothing and returns a program', async () => {
    const same = walkthrough.responses[2];
    const responses = [walkthrough.responses[0], same, same, same, same];
    const learnerNeverAsked = new TypingLearner('unused');
    const run = await runTechnique(clarify, problem, params, {
      runtimes: { model: scripted(responses), sandbox, asker: learnerNeverAsked },
      seed: 1
    });
    expect(run.error).toBeUndefined();
    expect(learnerNeverAsked.requests).toEqual([]);
    expect(effectsOf(run.events).some((e) => e.kind === 'ask')).toBe(false);
    const notes = notesOf(run.events);
    expect(notes.find((n) => n.type === 'clarify-ambiguity')).toMatchObject({
      ambiguous: false,
      message: expect.stringMatching(/^No ambiguity found: all 4 programs/)
    });
    expect(effectsOf(run.events).filter((e) => e.kind === 'model')).toHaveLength(5);
    expect(outcomeAt(run.events)).toMatchObject({
      status: 'solved',
      message: expect.stringContaining('No question was needed.')
    });
    expectNoHiddenTestInPrompts(run.events);
  });
});
