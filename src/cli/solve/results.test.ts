/**
 * Result lines from real logs: a tiny technique that asks a question, calls the model and
 * emits its outcome runs through the real run context, with the answers file's asker.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Problem } from '../../lib/core/problems/problem';
import { runTechnique } from '../../lib/core/run/context';
import type { ChatResult, LanguageModel } from '../../lib/core/run/effects';
import type { Technique } from '../../lib/core/run/technique';
import { EndpointHttpError } from '../../lib/runtimes/model/errors';
import { BookAsker, NoAsker, NeedsAnswerError, parseAnswerBook } from './answers';
import { EndpointGaveUpError } from './retry';
import { ResultLineSchema } from '../../lib/core/bench/result-line';
import { resultOfRun, skippedResult, stopReasonOf, summarize, type ResultLine } from './results';

const problem: Problem = {
  id: 'p',
  language: 'python',
  title: 'P',
  prompt: 'def f(x):\n    """Return x."""\n',
  entryPoint: 'f',
  visibleTests: [{ input: '1', expected: '1' }],
  hiddenTests: [{ check: 'def check(candidate):\n    assert candidate(2) == 2\n' }]
};

/** Asks one question, then makes one model call; solved when the answer was "yes". */
const asking: Technique<Record<string, never>> = {
  id: 'asking',
  title: 'Asking',
  citation: { authors: 'us', title: 't', venue: 'v', year: 2026, url: 'https://example.org' },
  params: z.object({}).strict(),
  async run(p, _params, ctx) {
    const { answers } = await ctx.ask({ questions: ['Is x ever negative?'] }, 'ask');
    await ctx.model(
      { messages: [{ role: 'user', content: answers[0] }], temperature: 0, maxTokens: 8 },
      'write'
    );
    ctx.emit({ type: 'decision', turn: 1, action: 'stop', reason: 'the answer was heard' });
    ctx.emit({
      type: 'outcome',
      status: answers[0] === 'yes' ? 'solved' : 'unsolved',
      code: 'def f(x):\n    return x',
      visiblePassed: true,
      hiddenPassed: answers[0] === 'yes' ? 1 : 0,
      hiddenTotal: p.hiddenTests.length,
      message: 'done'
    });
  }
};

const model: LanguageModel = {
  id: 'm',
  async complete(): Promise<ChatResult> {
    return {
      text: 'ok',
      finishReason: 'stop',
      modelId: 'm',
      usage: { promptTokens: 12, completionTokens: 3, estimated: false }
    };
  }
};

async function runWith(asker: BookAsker | NoAsker) {
  const record = await runTechnique(asking, problem, {}, { runtimes: { model, asker }, seed: 1 });
  return resultOfRun({ taskId: 'T/1', ...record, seconds: 1.234_56, retries: 2, log: 'p.json' });
}

describe('result lines', () => {
  it('a finished run: passed, counts, seconds and what stopped its loop', async () => {
    const book = parseAnswerBook({ 'T/1': 'yes' });
    if (typeof book === 'string') throw new Error(book);
    const written = await runWith(new BookAsker(book, 'T/1'));
    // What the writer makes is what /bench reads.
    expect(ResultLineSchema.safeParse(written).success).toBe(true);
    expect(written).toEqual({
      task_id: 'T/1',
      passed: true,
      model_calls: 1,
      tokens_in: 12,
      tokens_out: 3,
      tokens_estimated: false,
      seconds: 1.23,
      stop_reason: 'finished',
      detail: 'stopped because the answer was heard',
      retries: 2,
      log: 'p.json'
    });
  });

  it('a question without an answer stops the run with needs-answer', async () => {
    const book = parseAnswerBook({ 'T/2': 'yes' });
    if (typeof book === 'string') throw new Error(book);
    for (const asker of [new BookAsker(book, 'T/1'), new NoAsker('T/1')]) {
      const line = await runWith(asker);
      expect(line).toMatchObject({ passed: false, model_calls: 0, stop_reason: 'needs-answer' });
      expect(line.detail).toContain('Is x ever negative?');
      expect(line.detail).toContain('--answers FILE.json');
    }
  });

  it('sorts errors into stop reasons', () => {
    const http = new EndpointHttpError(401, 'http://x/v1/chat/completions', 'bad key');
    expect(stopReasonOf(undefined)).toBe('finished');
    expect(stopReasonOf(http)).toBe('endpoint-error');
    expect(stopReasonOf(new EndpointGaveUpError(3, http))).toBe('endpoint-error');
    expect(stopReasonOf(new NeedsAnswerError('T', ['q'], 'none'))).toBe('needs-answer');
    expect(stopReasonOf(new Error('Python could not be loaded'))).toBe('error');
  });

  it('summarize: pass@1 over tasks that ran, with skips counted apart, and samples', () => {
    const line = (over: Partial<ResultLine>): ResultLine => ({
      ...skippedResult('x', ''),
      stop_reason: 'finished',
      log: 'x.json',
      ...over
    });
    const lines = [
      line({ passed: true, samples: { n: 4, c: 3 } }),
      line({ passed: false, samples: { n: 4, c: 1 } }),
      line({ stop_reason: 'endpoint-error' }),
      skippedResult('s', 'no visible tests')
    ];
    expect(summarize(lines)).toEqual({
      ran: 3,
      passed: 1,
      skipped: 1,
      passAt1: 1 / 3,
      passAt1AllTasks: 1 / 4,
      samplePassAt1: (0.75 + 0.25 + 0) / 3,
      byStop: { finished: 2, 'endpoint-error': 1, skipped: 1 }
    });
    expect(summarize([]).passAt1).toBeNull();
    expect(summarize([line({ passed: true })]).samplePassAt1).toBeNull();
  });
});

describe('answers file', () => {
  it('answers every question with a string, or in order with a list', async () => {
    const book = parseAnswerBook({ a: 'same', b: ['one', 'two'] });
    if (typeof book === 'string') throw new Error(book);
    const questions = ['q1', 'q2'];
    await expect(new BookAsker(book, 'a').ask({ questions })).resolves.toEqual({
      answers: ['same', 'same']
    });
    await expect(new BookAsker(book, 'b').ask({ questions })).resolves.toEqual({
      answers: ['one', 'two']
    });
    await expect(new BookAsker(book, 'b').ask({ questions: ['1', '2', '3'] })).rejects.toThrow(
      'the answers file has only 2'
    );
  });

  it('names what is wrong with a bad file', () => {
    expect(parseAnswerBook([])).toContain('one JSON object');
    expect(parseAnswerBook({ a: 3 })).toBe(
      'the answer of "a" must be a string or a list of strings'
    );
    expect(parseAnswerBook({ a: ['x', 1] })).toContain('"a"');
  });
});
