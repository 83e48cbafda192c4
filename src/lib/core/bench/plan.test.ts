/**
 * A plan's entries named for the table: the same technique twice is told apart by the knobs in
 * which its entries differ, and numbered when they differ in none.
 */
import { describe, expect, it } from 'vitest';
import { BUILTIN_PROBLEMS } from './builtin';
import { entryLabels, foldersOf, keyOf, type BenchEntry, type BenchPlan } from './plan';

const entry = (technique: string, params: Record<string, unknown> = {}): BenchEntry => ({
  technique,
  params
});

describe('entryLabels', () => {
  it('names a technique that appears once by itself', () => {
    expect(entryLabels([entry('direct'), entry('self-debug', { maxTurns: 4 })])).toEqual([
      'direct',
      'self-debug'
    ]);
  });

  it('tells the same technique apart by the knobs that differ, and only those', () => {
    const labels = entryLabels([
      entry('self-debug', { maxTurns: 1, feedback: 'unit-test', temperature: 0 }),
      entry('direct'),
      entry('self-debug', { maxTurns: 3, feedback: 'trace', temperature: 0 })
    ]);
    expect(labels).toEqual([
      'self-debug · maxTurns 1, feedback unit-test',
      'direct',
      'self-debug · maxTurns 3, feedback trace'
    ]);
  });

  it('numbers entries that are the same in every knob', () => {
    expect(
      entryLabels([entry('direct', { maxTokens: 9 }), entry('direct', { maxTokens: 9 })])
    ).toEqual(['direct #1', 'direct #2']);
  });

  it('names a plan’s columns and groups of repeats with them', () => {
    const plan = (repeats: number): BenchPlan => ({
      version: 1,
      created: 1,
      problemSet: 'built-in',
      problems: [BUILTIN_PROBLEMS[0]],
      entries: [entry('self-debug', { maxTurns: 1 }), entry('self-debug', { maxTurns: 3 })],
      repeats,
      baseSeed: 1,
      model: { kind: 'scripted', id: 'x', label: 'x', responses: [] }
    });
    const line = {
      task_id: BUILTIN_PROBLEMS[0].id,
      passed: true,
      model_calls: 1,
      tokens_in: 1,
      tokens_out: 1,
      tokens_estimated: false,
      seconds: 1,
      stop_reason: 'finished' as const,
      detail: '',
      retries: 0,
      log: null
    };
    const done = (repeats: number) =>
      new Map(
        [0, 1].flatMap((e) =>
          Array.from({ length: repeats }, (_, repeat) => [
            keyOf({ entry: e, repeat, problem: 0 }),
            { line, run: null }
          ])
        )
      );
    expect(foldersOf(plan(1), done(1)).map((f) => f.technique)).toEqual([
      'self-debug · maxTurns 1',
      'self-debug · maxTurns 3'
    ]);
    expect(foldersOf(plan(2), done(2)).map((f) => [f.group, f.technique])).toEqual([
      ['self-debug · maxTurns 1', 'self-debug · maxTurns 1 · seed 1'],
      ['self-debug · maxTurns 3', 'self-debug · maxTurns 3 · seed 1'],
      ['self-debug · maxTurns 1', 'self-debug · maxTurns 1 · seed 2'],
      ['self-debug · maxTurns 3', 'self-debug · maxTurns 3 · seed 2']
    ]);
  });
});
