/**
 * The playground's JavaScript path end to end in Node: a problem from the form (typed, a
 * pasted HumanEval-X line, a lesson's JavaScript problem) runs with the reference-echo demo
 * through the real techniques and the real JavaScript sandbox. The replies are the problem's
 * reference; the execution and grading under them are real (a wrong reference fails).
 */
import { loadSelfDebuggingLesson } from '$lib/testing/self-debugging-lesson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeJsSandbox, type NodeJsSandbox } from '$lib/runtimes/javascript/node/sandbox';
import { scriptedModelFor } from '$lib/runtimes/model/scripted';
import { runTechnique } from '../run/context';
import type { RunEvent } from '../run/events';
import { countersAt, outcomeAt } from '../views/timeline';
import type { Problem } from '../problems/problem';
import { humanEvalX } from '../problems/from-js.fixtures';
import { getTechnique } from '../techniques/registry';
import { checkDraft, draftOf } from './draft';
import { ECHO_TECHNIQUES, referenceEcho } from './reference-model';
import { PYTHON_ONLY } from './language-fit';
import { importProblemLine } from './import-line';

const lessonJs = loadSelfDebuggingLesson().variants.javascript!.problem;

let sandbox: NodeJsSandbox;
beforeAll(async () => {
  sandbox = await createNodeJsSandbox();
});
afterAll(() => sandbox?.dispose());

/** The problem as the playground would run it: through the form's fields and their check. */
function throughForm(problem: Problem): Problem {
  const checked = checkDraft(draftOf(problem));
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  return checked.problem;
}

async function demo(technique: string, problem: Problem, params: Record<string, unknown> = {}) {
  const t = getTechnique(technique)!;
  const echo = referenceEcho(problem, technique);
  if (!echo.ok) throw new Error(echo.reason);
  return runTechnique(t, problem, t.params.parse(params), {
    runtimes: { model: scriptedModelFor(echo.model), sandbox },
    seed: 1
  });
}

/** Every prompt of the run speaks JavaScript (the languages table), never Python. */
function expectJavaScriptPrompts(events: readonly RunEvent[]) {
  const prompts = events.flatMap((e) => (e.kind === 'model' ? [e.request.messages] : []));
  expect(prompts.length).toBeGreaterThan(0);
  for (const messages of prompts) {
    const text = messages.map((m) => m.content).join('\n');
    expect(text).not.toMatch(/python/i);
    expect(text).toMatch(/JavaScript|```javascript/);
  }
}

describe('the demo on JavaScript problems', () => {
  it('replies in a ```javascript fence', () => {
    const echo = referenceEcho(lessonJs, 'direct');
    expect(echo.ok && echo.model.kind === 'scripted' && echo.model.responses[0]).toBe(
      '```javascript\n' + lessonJs.reference?.trim() + '\n```\n'
    );
  });

  // CodeT runs Python problems only (language-fit.test.ts): the playground refuses it before Run.
  const forJs = ECHO_TECHNIQUES.filter((id) => !Object.hasOwn(PYTHON_ONLY, id));
  it.each(forJs)('%s solves the lesson problem with its reference', async (id) => {
    const record = await demo(id, throughForm(lessonJs), id === 'sampling' ? { n: 2 } : {});
    expect(record.error).toBeUndefined();
    expect(outcomeAt(record.events)).toMatchObject({
      status: 'solved',
      hiddenPassed: lessonJs.hiddenTests.length,
      hiddenTotal: lessonJs.hiddenTests.length
    });
    expectJavaScriptPrompts(record.events);
    const executions = record.events.filter((e) => e.kind === 'execute');
    expect(executions.length).toBeGreaterThan(0);
    for (const e of executions) expect(e.request.language).toBe('javascript');
  });

  it('a wrong reference is graded as wrong', async () => {
    const wrong = { ...lessonJs, reference: 'function countWindows() {\n  return 1;\n}\n' };
    const record = await demo('self-debug', throughForm(wrong), { maxTurns: 2 });
    expect(record.error).toBeUndefined();
    expect(outcomeAt(record.events)?.status).toBe('unsolved');
    expect(countersAt(record.events).modelCalls).toBe(2);
    expectJavaScriptPrompts(record.events); // the repair prompt too
  });

  it('a pasted HumanEval-X line runs to a verdict on its console.assert check', async () => {
    const imported = importProblemLine(JSON.stringify(humanEvalX));
    if (!imported.ok) throw new Error(imported.reason);
    const solved = await demo('self-debug', throughForm(imported.problem));
    expect(outcomeAt(solved.events)).toMatchObject({ status: 'solved', hiddenPassed: 1 });
    const offByOne = {
      ...imported.problem,
      reference: imported.problem.reference?.replace('i < s.length', 'i < s.length - 1')
    };
    expect(offByOne.reference).not.toBe(imported.problem.reference);
    const failed = await demo('direct', throughForm(offByOne));
    expect(outcomeAt(failed.events)?.status).toBe('unsolved');
  });

  it('two checks merged by the form each still grade', async () => {
    const checks = [
      "const assert = require('node:assert');\nassert.deepEqual(countWindows([1, 1], 1, 1), 2);",
      "const assert = require('node:assert');\nassert.deepEqual(countWindows([5], 1, 4), 0);"
    ];
    const problem = throughForm({ ...lessonJs, hiddenTests: checks.map((check) => ({ check })) });
    expect(problem.hiddenTests).toHaveLength(1);
    expect(outcomeAt((await demo('direct', problem)).events)?.status).toBe('solved');
    const lenient =
      'function countWindows(values, k) {\n  return Math.max(0, values.length - k + 1);\n}\n';
    const failed = await demo('direct', { ...problem, reference: lenient });
    expect(outcomeAt(failed.events)?.status).toBe('unsolved'); // the second check catches it
  });

  it('a TypeScript problem typed into the form runs, types and all', async () => {
    const checked = checkDraft({
      language: 'typescript',
      id: 'longest-word-ts',
      title: 'The longest word',
      entryPoint: 'longestWord',
      prompt:
        '// The longest word of the text (the first one on a tie), or "" when none.\n' +
        'function longestWord(text: string): string {\n',
      visible: "'a bb ccc' -> 'ccc'\n'' -> ''",
      hidden: "'xx yy' -> 'xx'",
      check: "assert.strictEqual(candidate('one three two'), 'three');",
      reference:
        'function longestWord(text: string): string {\n' +
        '  let best: string = "";\n' +
        '  for (const word of text.split(/\\s+/)) if (word.length > best.length) best = word;\n' +
        '  return best;\n}\n'
    });
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    const record = await demo('self-debug', checked.problem);
    expect(record.error).toBeUndefined();
    expect(outcomeAt(record.events)).toMatchObject({ status: 'solved', hiddenPassed: 2 });
    const executions = record.events.filter((e) => e.kind === 'execute');
    for (const e of executions) expect(e.request.language).toBe('typescript');
  });
});
