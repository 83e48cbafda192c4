import { describe, expect, it } from 'vitest';
import { PageAsker, type PendingQuestion } from './page-asker';
import type { Asker } from '$lib/core/run/effects';

const request = { questions: ['Lower or higher?', 'And ties?'] };

describe('PageAsker', () => {
  it('holds the question until the learner answers, then resolves with their text', async () => {
    const asker = new PageAsker();
    const seen: PendingQuestion[] = [];
    asker.subscribe((p) => seen.push(p));
    const answer = asker.ask(request);
    expect(seen).toEqual([null, request]);
    asker.answer(['The lower one.', '']);
    await expect(answer).resolves.toEqual({ answers: ['The lower one.', ''], by: 'learner' });
    expect(seen.at(-1)).toBeNull();
  });

  it('hands the question to the oracle when asked, labelled as the simulated user', async () => {
    const asker = new PageAsker();
    const oracle: Asker = {
      ask: async (r) => ({ answers: r.questions.map((q) => `oracle: ${q}`), by: 'simulated-user' })
    };
    asker.oracle = oracle;
    const answer = asker.ask(request);
    await asker.answerWithOracle();
    await expect(answer).resolves.toEqual({
      answers: ['oracle: Lower or higher?', 'oracle: And ties?'],
      by: 'simulated-user'
    });
  });

  it('fails the run with a sentence when there is no oracle', async () => {
    const asker = new PageAsker();
    const answer = asker.ask(request);
    await asker.answerWithOracle();
    await expect(answer).rejects.toThrow('No simulated user is connected to this run.');
  });

  it('forgets the question when the run is stopped', () => {
    const asker = new PageAsker();
    const seen: PendingQuestion[] = [];
    asker.subscribe((p) => seen.push(p));
    const stop = new AbortController();
    void asker.ask(request, { signal: stop.signal });
    stop.abort();
    expect(seen).toEqual([null, request, null]);
    asker.answer(['too late']); // nothing waits: no effect
  });
});
