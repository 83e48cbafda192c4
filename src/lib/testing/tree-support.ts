/**
 * Checks shared by the tree-search tests (Node only). The hidden tests may grade the answer,
 * once, after the search has chosen it; they may never appear in a prompt or shape a reward.
 */
import { expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { CountingSandbox, notesOf } from './run-support';
import { ScriptedModel } from '$lib/runtimes/model/scripted';
import type { Sandbox } from '$lib/core/run/effects';
import { effectsOf, runTechnique } from '$lib/core/run/context';
import type { Note, RunEvent } from '$lib/core/run/events';
import { isCallCase, ProblemSchema, type Problem } from '$lib/core/problems/problem';
import { WalkthroughSchema } from '$lib/core/lessons/schema';
import type { Technique } from '$lib/core/run/technique';

/** A lesson's problem and a by-call scripted model over its walkthrough (or other replies). */
export function lessonInputs(dir: string) {
  const problem = ProblemSchema.parse(parseYaml(readFileSync(`${dir}/problem.yaml`, 'utf8')));
  const walkthrough = WalkthroughSchema.parse(
    parseYaml(readFileSync(`${dir}/walkthrough.yaml`, 'utf8'))
  );
  const script = (replies: readonly string[] = walkthrough.responses) =>
    new ScriptedModel(walkthrough.id, replies, 'by-call');
  return { problem, walkthrough, script };
}

/** The notes of one type in a log. */
export const noteOf = <T extends Note['type']>(events: readonly RunEvent[], type: T) =>
  notesOf(events).filter((n): n is Extract<Note, { type: T }> => n.type === type);

/** Replays a recorded log strictly: the same log comes back and nothing is executed. */
export async function expectExactReplay<P>(
  technique: Technique<P>,
  problem: Problem,
  params: P,
  recorded: readonly RunEvent[],
  sandbox: Sandbox
): Promise<void> {
  const counting = new CountingSandbox(sandbox);
  const replay = await runTechnique(technique, problem, params, {
    runtimes: { sandbox: counting },
    seed: 1,
    replay: { effects: effectsOf(recorded), mode: 'strict' }
  });
  expect(replay.error).toBeUndefined();
  expect(replay.events).toEqual(recorded);
  expect(counting.calls).toBe(0);
}

export function expectHiddenTestsUnseen(events: readonly RunEvent[], problem: Problem): void {
  const visibleInputs = new Set(problem.visibleTests.map((t) => t.input));
  const secret = problem.hiddenTests.filter(isCallCase).filter((t) => !visibleInputs.has(t.input));
  const effects = effectsOf(events);
  // every recorded request to the model, message by message
  for (const call of effects.filter((e) => e.kind === 'model')) {
    for (const message of call.request.messages) {
      for (const t of secret) {
        expect(message.content).not.toContain(`${problem.entryPoint}(${t.input})`);
        expect(message.content).not.toContain(`(${t.input}) returned`);
      }
    }
  }
  // only the visible examples drive the search; the hidden suite runs once, at the very end
  const hidden = effects.filter((e) => e.kind === 'execute' && e.request.suite === 'hidden');
  expect(hidden.length).toBeLessThanOrEqual(1);
  for (const e of effects.filter((e) => e.kind === 'execute' && e.request.suite === 'visible')) {
    if (e.kind === 'execute') expect(e.request.tests).toEqual(problem.visibleTests);
  }
  if (hidden.length === 1) {
    const answerAt = events.findIndex((e) => e.kind === 'note' && e.note.type === 'tree-answer');
    expect(answerAt).toBeGreaterThan(-1);
    expect(hidden[0].seq).toBeGreaterThan(answerAt);
    expect(events.slice(hidden[0].seq + 1).every((e) => e.kind === 'note')).toBe(true);
  }
  // every reward is the share of visible examples passed in that node's execution
  for (const e of events) {
    if (e.kind !== 'note' || e.note.type !== 'tree-evaluate') continue;
    for (const r of e.note.nodes) {
      expect(r.total).toBe(problem.visibleTests.length);
      expect(r.reward).toBeCloseTo(r.passed / r.total, 12);
    }
  }
}
