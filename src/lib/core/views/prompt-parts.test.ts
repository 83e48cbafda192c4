/**
 * The prompt view on every lesson's scripted run (its real technique in the real sandbox):
 * every message of every model call is cut into parts that join back into the message
 * exactly, and the parts each lesson's story depends on are found where they should be.
 */
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../run/events';
import { runTechnique } from '../run/context';
import { getTechnique } from '../techniques/registry';
import { createSimulatedUser } from '../techniques/clarify/simulated-user';
import type { Lesson } from '../lessons/load';
import { lessonFolders, loadLesson } from '$lib/testing/lessons';
import { fileSandbox } from '$lib/testing/shared-python';
import { ScriptedModel } from '$lib/runtimes/model/scripted';
import { turnsLeftLine, type ExtensionHint } from '../prompts/turn-budget';
import { doctestExamplesText } from '../prompts/opening-request';
import { testsRequest } from '../prompts/codet';
import { designerRequest, requirementOf } from '../prompts/agentcoder';
import {
  codingRequest,
  debuggingRequest,
  planningRequest,
  recallRequest
} from '../prompts/mapcoder';
import type { ExecResult } from '../run/effects';
import type { ChatMessage } from '../run/effects';
import { modelCallsOf, promptGrowth, promptOfCall, type PromptSource } from './prompt-parts';

const folders = lessonFolders();
const sandbox = fileSandbox();

/** The lesson's walkthrough, as the lesson page runs it; a simulated user answers questions. */
async function walkthrough(lesson: Lesson): Promise<RunEvent[]> {
  const technique = getTechnique(lesson.meta.technique);
  if (!technique) throw new Error(`no technique ${lesson.meta.technique}`);
  const { id, responses, answer, choose } = lesson.walkthrough;
  const run = await runTechnique(
    technique,
    lesson.problem,
    technique.params.parse(lesson.meta.params),
    {
      runtimes: {
        model: new ScriptedModel(id, responses, answer, choose),
        sandbox: sandbox(),
        asker: createSimulatedUser({ problem: lesson.problem, sandbox: sandbox() })
      },
      seed: 1
    }
  );
  expect(run.error).toBeUndefined();
  return run.events;
}

/** What each lesson's story puts in its prompts (the technique's own words are everywhere). */
const EXPECTED: Record<string, PromptSource[]> = {
  '01-sampling': ['task', 'examples'],
  '02-self-debugging': ['task', 'examples', 'reply', 'feedback', 'turn-budget'],
  '03-rubber-duck-and-trace': ['task', 'examples', 'reply', 'feedback', 'turn-budget'],
  '04-self-planning': ['task', 'examples', 'reply', 'plan'],
  '05-clarifying-questions': ['task', 'examples', 'code', 'feedback', 'clarification'],
  '06-tree-search': ['task', 'examples', 'plan', 'code', 'feedback'],
  '07-mcts': ['task', 'examples', 'code', 'feedback', 'memory'],
  '08-reflexion': ['task', 'examples', 'reply', 'feedback', 'memory', 'turn-budget'],
  '09-turn-budgets': ['task', 'examples', 'reply', 'feedback', 'turn-budget'],
  '10-compare': ['task', 'examples'],
  '11-codet': ['task', 'examples'],
  '12-agentcoder': ['task', 'examples', 'reply', 'feedback'],
  '13-mapcoder': ['task', 'examples', 'recall', 'plan', 'code', 'feedback']
};

describe('every lesson', () => {
  it.each(folders)('%s: parts join into each message exactly', async (folder) => {
    const lesson = loadLesson(folder);
    const events = await walkthrough(lesson);
    const calls = modelCallsOf(events);
    expect(calls.length).toBeGreaterThan(0);
    const seen = new Set<PromptSource>();
    const growth = promptGrowth(lesson.problem, events);
    expect(growth).toHaveLength(calls.length);
    calls.forEach((call, i) => {
      const prompt = promptOfCall(lesson.problem, events, i);
      expect(prompt).toEqual(growth[i]);
      expect(prompt?.messages.map((m) => m.role)).toEqual(call.request.messages.map((m) => m.role));
      prompt?.messages.forEach((m, j) => {
        expect(
          m.parts.map((p) => p.text).join(''),
          `${folder} call ${i + 1} message ${j + 1}`
        ).toBe(call.request.messages[j].content);
        // a model's earlier reply is all reply; a system prompt all the technique's words
        if (m.role !== 'user') expect(m.parts).toHaveLength(1);
        for (const p of m.parts) seen.add(p.source);
      });
      const total = Object.values(growth[i].bySource).reduce((a, b) => a + b, 0);
      expect(total).toBe(growth[i].tokens);
      expect(growth[i].estimated).toBe(true);
    });
    expect([...seen].sort()).toEqual([...EXPECTED[folder], 'instructions'].sort());
  });

  it('lesson 3: the trace is feedback, the words around it are instructions', async () => {
    const lesson = loadLesson('03-rubber-duck-and-trace');
    const prompt = promptOfCall(lesson.problem, await walkthrough(lesson), 1);
    const last = prompt?.messages.at(-1)?.parts ?? [];
    expect(last.map((p) => p.source)).toEqual([
      'feedback',
      'instructions',
      'feedback',
      'instructions',
      'turn-budget'
    ]);
    expect(last[0].text).toMatch(/^The code failed \d+ of \d+ examples:/);
    expect(last[2].text).toMatch(/^call to_minutes\(/);
  });

  it("lesson 12: the executor's failures are feedback, its request around them instructions", async () => {
    const lesson = loadLesson('12-agentcoder');
    const events = await walkthrough(lesson);
    // call 3 is the programmer's second round: its last message is the executor's report
    const prompt = promptOfCall(lesson.problem, events, 2);
    expect(prompt?.label).toBe('programmer: write the code (round 2)');
    const last = prompt?.messages.at(-1)?.parts ?? [];
    expect(last.map((p) => p.source)).toEqual(['instructions', 'feedback', 'instructions']);
    expect(last[0].text).toBe("The test executor ran the test designer's tests on your code.\n");
    expect(last[1].text).toMatch(/^The function failed 3 of the test designer's 7 tests:\n/);
    expect(last[1].text).toMatch(/mean_score\(\[1, 2, 3, 4\]\) returned 2, expected 3$/m);
    expect(last[2].text).toMatch(/^\n\nThink step by step/);
    // the designer's request (call 1) holds the task, the examples and instructions only
    const designer = promptOfCall(lesson.problem, events, 0)?.messages.flatMap((m) => m.parts);
    expect(new Set(designer?.map((p) => p.source))).toEqual(
      new Set(['instructions', 'task', 'examples'])
    );
  });
});

/** A problem for logs written here: the self-debugging lesson's. */
const problem = loadLesson('02-self-debugging').problem;

/** A log of one model call with these messages and this usage. */
function oneCall(
  messages: ChatMessage[],
  usage = { promptTokens: 0, completionTokens: 1, estimated: true }
): RunEvent[] {
  return [
    {
      kind: 'model',
      seq: 0,
      t: 0,
      dur: 1,
      label: 'write the program',
      request: { messages, temperature: 0, maxTokens: 100 },
      result: { text: 'x', finishReason: 'stop', modelId: 'm', usage }
    }
  ];
}

describe('the parts of a prompt', () => {
  const examples = `Examples:\n${doctestExamplesText(problem)}`;
  const messages: ChatMessage[] = [
    { role: 'system', content: 'Be careful.' },
    {
      role: 'user',
      content: `Write this function:\n\n${problem.prompt.trim()}\n\n${examples}`
    },
    { role: 'assistant', content: 'Your notes so far:\n1. This is my reply, not a memory.' },
    {
      role: 'user',
      content: 'Your notes so far:\n1. A memory.\n\nTry again.\nThis is your last turn.'
    }
  ];

  it('marks what it can find and leaves the rest to the technique', () => {
    const prompt = promptOfCall(problem, oneCall(messages), 0);
    const parts = prompt?.messages.map((m) => m.parts.map((p) => [p.source, p.text]));
    expect(parts).toEqual([
      [['instructions', 'Be careful.']],
      [
        ['instructions', 'Write this function:\n\n'],
        ['task', problem.prompt.trim()],
        ['instructions', '\n\n'],
        ['examples', examples]
      ],
      [['reply', messages[2].content]],
      [
        ['memory', 'Your notes so far:\n1. A memory.'],
        ['instructions', '\n\nTry again.\n'],
        ['turn-budget', 'This is your last turn.']
      ]
    ]);
    expect(promptOfCall(problem, oneCall(messages), 1)).toBeNull();
  });

  it("finds the task and the examples in CodeT's test request (no lesson runs it yet)", () => {
    const prompt = promptOfCall(problem, oneCall(testsRequest(problem, 5)), 0);
    expect(prompt?.messages[1].parts.map((p) => p.source)).toEqual([
      'instructions',
      'task',
      'instructions',
      'examples',
      'instructions'
    ]);
  });

  it("finds only the task, the examples and instructions in AgentCoder's designer request", () => {
    const request = designerRequest(requirementOf(problem), { basic: 3, edge: 2, large: 1 });
    const prompt = promptOfCall(problem, oneCall(request), 0);
    expect(prompt?.messages[1].parts.map((p) => p.source)).toEqual([
      'instructions',
      'task',
      'instructions',
      'examples',
      'instructions'
    ]);
  });

  it("labels MapCoder's parts: the recalled problems, the plan, the code and its failures", () => {
    const sources = (messages: ChatMessage[], before: RunEvent[] = []) => {
      const log = [...before, ...oneCall(messages).map((e) => ({ ...e, seq: before.length }))];
      return promptOfCall(problem, log, 0)?.messages[1].parts.map((p) => p.source);
    };
    expect(sources(recallRequest(problem, 1))).toEqual([
      'instructions',
      'task',
      'instructions',
      'examples',
      'instructions'
    ]);
    const recalled = [{ description: 'Count pairs.', steps: ['Loop.', 'Count.'] }];
    expect(sources(planningRequest(problem, recalled, 2))).toEqual([
      'instructions',
      'task',
      'instructions',
      'examples',
      'instructions',
      'recall',
      'instructions'
    ]);
    const steps = ['Slide a window.', 'Count the sums.'];
    expect(sources(codingRequest(problem, steps))).toEqual([
      'instructions',
      'task',
      'instructions',
      'examples',
      'instructions',
      'plan',
      'instructions'
    ]);
    const [first] = problem.visibleTests;
    const result: ExecResult = {
      status: 'ok',
      tests: [{ ...first, status: 'fail', actual: '0', error: null }],
      error: null,
      stdout: '',
      stderr: '',
      durationMs: 1
    };
    const ran: RunEvent = {
      kind: 'execute',
      seq: 0,
      t: 0,
      dur: 1,
      label: 'run the examples (plan 1, first code)',
      request: {
        language: 'python',
        code: 'def f(): pass\n',
        entryPoint: problem.entryPoint,
        tests: [first],
        timeoutMs: 1000,
        suite: 'visible'
      },
      result
    };
    expect(
      sources(debuggingRequest(problem, steps, 'def f():\n    return 0\n', result), [ran])
    ).toEqual([
      'instructions',
      'task',
      'instructions',
      'examples',
      'instructions',
      'plan',
      'instructions',
      'code',
      'instructions',
      'feedback',
      'instructions'
    ]);
  });

  it('estimates tokens, or shares out the count the model reported', () => {
    const estimated = promptOfCall(problem, oneCall(messages), 0);
    expect(estimated?.estimated).toBe(true);
    const counted = promptOfCall(
      problem,
      oneCall(messages, { promptTokens: 1000, completionTokens: 1, estimated: false }),
      0
    );
    expect(counted?.estimated).toBe(false);
    expect(counted?.tokens).toBe(1000);
    const parts = counted?.messages.flatMap((m) => m.parts) ?? [];
    expect(parts.reduce((n, p) => n + p.tokens, 0)).toBe(1000);
    // the largest part stays the largest after scaling
    const longest = parts.reduce((a, b) => (b.text.length > a.text.length ? b : a));
    expect(Math.max(...parts.map((p) => p.tokens))).toBe(longest.tokens);
  });

  it('finds every turn-budget line the budget writes', () => {
    const hints: ExtensionHint[] = ['none', 'can-ask', 'none-left'];
    for (const hint of hints)
      for (const left of [1, 2, 12]) {
        const line = turnsLeftLine(left, hint);
        const content = `Fix it.\n${line}`;
        const prompt = promptOfCall(problem, oneCall([{ role: 'user', content }]), 0);
        expect(prompt?.messages[0].parts.at(-1)).toMatchObject({
          source: 'turn-budget',
          text: line
        });
      }
  });
});
