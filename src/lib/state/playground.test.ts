import { loadSelfDebuggingLesson } from '$lib/testing/self-debugging-lesson';
import { MemoryStorage } from '$lib/testing/memory-storage';
import { describe, expect, it } from 'vitest';
import { draftOf } from '$lib/core/playground/draft';
import { ECHO_LABEL } from '$lib/core/playground/reference-model';
import { RunSchema, type ModelSpec } from '$lib/core/run/run';
import { PlaygroundSetup } from './playground.svelte';
import { SETUP_KEY } from './playground-store';

const problem = loadSelfDebuggingLesson().problem;
const endpoint: ModelSpec = {
  kind: 'endpoint',
  id: 'lab-coder',
  label: 'lab-coder — your endpoint at http://localhost:11434/v1',
  baseUrl: 'http://localhost:11434/v1'
};

describe('PlaygroundSetup', () => {
  it('plans a run from the form, the knobs and the chosen model', () => {
    const setup = new PlaygroundSetup(null);
    setup.draft = draftOf(problem);
    setup.setKnob('maxTurns', 2);
    const planned = setup.plan(endpoint);
    if (!planned.ok) throw new Error(planned.summary);
    expect(RunSchema.parse(planned.run)).toEqual(planned.run);
    expect(planned.run).toMatchObject({
      technique: 'self-debug',
      problem,
      model: endpoint,
      params: { maxTurns: 2, feedback: 'unit-test', temperature: 0 },
      events: []
    });
  });

  it('names the first field to fix, and how many there are', () => {
    const setup = new PlaygroundSetup(null);
    expect(setup.attempted).toBe(false);
    setup.draft = { ...draftOf(problem), title: '', visible: 'no arrow' };
    setup.setKnob('maxTurns', 0);
    expect(setup.plan(endpoint)).toEqual({
      ok: false,
      summary: 'Fix the 3 fields marked below, then run again.',
      first: 'problem-title'
    });
    expect(setup.attempted).toBe(true);
    setup.draft = draftOf(problem);
    expect(setup.plan(endpoint)).toEqual({
      ok: false,
      summary: 'Fix the field marked below, then run again.',
      first: 'knob-maxTurns'
    });
  });

  it('without a model, asks for one or the demo; the demo replies with the reference', () => {
    const setup = new PlaygroundSetup(null);
    setup.draft = draftOf(problem);
    expect(setup.plan(null)).toMatchObject({ ok: false, first: 'model-choice' });
    setup.model = 'echo';
    const planned = setup.plan(null);
    expect(planned.ok && planned.run.model).toMatchObject({
      kind: 'scripted',
      label: ECHO_LABEL,
      responses: Array(25).fill('```python\n' + problem.reference?.trim() + '\n```\n')
    });
    setup.choose('clarify');
    expect(setup.plan(null)).toMatchObject({
      ok: false,
      summary: expect.stringMatching(/^The demo fits only techniques/)
    });
  });

  it('keeps each technique’s knobs, and comes back from storage as it was left', () => {
    const storage = new MemoryStorage();
    const setup = new PlaygroundSetup(storage);
    setup.draft = draftOf(problem);
    setup.setKnob('feedback', 'trace');
    setup.choose('sampling');
    setup.setKnob('n', 7);
    setup.model = 'echo';
    setup.save();
    const again = new PlaygroundSetup(storage);
    expect(again.technique).toBe('sampling');
    expect(again.current.n).toBe(7);
    expect(again.draft).toEqual(draftOf(problem));
    again.choose('self-debug');
    expect(again.current.feedback).toBe('trace');
    again.resetKnobs();
    expect(again.current.feedback).toBe('unit-test');
  });

  it('keeps a JavaScript draft across a reload, and refuses a Python-only technique for it', () => {
    const storage = new MemoryStorage();
    const js = loadSelfDebuggingLesson().variants.javascript!.problem;
    const setup = new PlaygroundSetup(storage);
    setup.draft = draftOf(js);
    setup.model = 'echo';
    setup.save();
    const again = new PlaygroundSetup(storage);
    expect(again.draft.language).toBe('javascript');
    const planned = again.plan(null);
    expect(planned.ok && planned.run.problem).toEqual(js);
    expect(
      planned.ok && planned.run.model.kind === 'scripted' && planned.run.model.responses[0]
    ).toMatch(/^```javascript\n/);
    again.choose('reflexion');
    expect(again.plan(endpoint)).toEqual({
      ok: false,
      summary: expect.stringMatching(/^Reflexion runs Python problems only/),
      first: 'technique'
    });
  });

  it('falls back to self-debugging for a technique this app no longer has', () => {
    const storage = new MemoryStorage();
    const setup = new PlaygroundSetup(storage);
    setup.save();
    const saved = JSON.parse(storage.items.get(SETUP_KEY) ?? '{}');
    storage.items.set(SETUP_KEY, JSON.stringify({ ...saved, technique: 'telepathy' }));
    expect(new PlaygroundSetup(storage).technique).toBe('self-debug');
  });
});
