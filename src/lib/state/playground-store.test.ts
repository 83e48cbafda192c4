import { loadSelfDebuggingLesson } from '$lib/testing/self-debugging-lesson';
import { MemoryStorage } from '$lib/testing/memory-storage';
import { describe, expect, it } from 'vitest';
import { LOG_VERSION } from '$lib/core/run/events';
import { draftOf } from '$lib/core/playground/draft';
import type { Run } from '$lib/core/run/run';
import {
  MAX_RUN_CHARS,
  RUN_KEY,
  SETUP_KEY,
  load,
  parseRun,
  parseSetup,
  store,
  type PlaygroundStorage,
  type Setup
} from './playground-store';

const problem = loadSelfDebuggingLesson().problem;
const setup: Setup = {
  version: 1,
  draft: draftOf(problem),
  technique: 'self-debug',
  values: { 'self-debug': { maxTurns: 3 } },
  model: 'echo'
};
const run: Run = {
  version: LOG_VERSION,
  technique: 'direct',
  params: {},
  problem,
  model: { kind: 'scripted', id: 'x', label: 'x', responses: ['```python\npass\n```'] },
  seed: 1,
  events: []
};

describe('playground storage', () => {
  it('reads back what was stored', () => {
    const storage = new MemoryStorage();
    expect(store(storage, SETUP_KEY, setup)).toBe(true);
    expect(store(storage, RUN_KEY, run)).toBe(true);
    expect(parseSetup(load(storage, SETUP_KEY))).toEqual(setup);
    expect(parseRun(load(storage, RUN_KEY))).toEqual(run);
  });

  it('drops damaged data, another version, or another shape', () => {
    expect(parseSetup(null)).toBeNull();
    expect(parseSetup('{"version": 1, "draft":')).toBeNull();
    expect(parseSetup(JSON.stringify({ ...setup, version: 2 }))).toBeNull();
    expect(parseSetup(JSON.stringify({ ...setup, model: 'magic' }))).toBeNull();
    expect(parseSetup(JSON.stringify({ ...setup, draft: { ...setup.draft, id: 7 } }))).toBeNull();
    expect(parseRun(JSON.stringify({ ...run, version: 99 }))).toBeNull();
    expect(parseRun(JSON.stringify({ ...run, problem: { id: 'x' } }))).toBeNull();
    expect(parseRun('x'.repeat(MAX_RUN_CHARS + 1))).toBeNull();
  });

  it('does not keep a run that is too large, and survives a full or blocked storage', () => {
    const storage = new MemoryStorage();
    store(storage, RUN_KEY, run);
    const huge = { ...run, problem: { ...problem, prompt: 'x'.repeat(MAX_RUN_CHARS) } };
    expect(store(storage, RUN_KEY, huge)).toBe(false);
    expect(storage.items.has(RUN_KEY)).toBe(false);
    storage.full = true;
    expect(store(storage, SETUP_KEY, setup)).toBe(false);
    expect(store(null, SETUP_KEY, setup)).toBe(false);
    const blocked: PlaygroundStorage = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {},
      removeItem: () => {}
    };
    expect(load(blocked, SETUP_KEY)).toBeNull();
  });
});
