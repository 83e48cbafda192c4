/**
 * The playground's table of Python-only techniques is checked against the techniques
 * themselves: every registered technique starts a run of a JavaScript problem, and exactly the
 * ones in the table refuse it. The others' first model request is in JavaScript's words (the
 * languages table): no "Python", a ```javascript fence asked for.
 */
import { loadSelfDebuggingLesson } from '$lib/testing/self-debugging-lesson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeJsSandbox, type NodeJsSandbox } from '$lib/runtimes/javascript/node/sandbox';
import type { ChatRequest, LanguageModel } from '../run/effects';
import { runTechnique } from '../run/context';
import { getTechnique, techniqueIds } from '../techniques/registry';
import { knobNote, languageMisfit, PYTHON_ONLY } from './language-fit';
import { ScriptedModel } from '$lib/runtimes/model/scripted';

const problem = loadSelfDebuggingLesson().variants.javascript!.problem;

let sandbox: NodeJsSandbox;
beforeAll(async () => {
  sandbox = await createNodeJsSandbox();
});
afterAll(() => sandbox?.dispose());

/** Records the first request, then ends the run: only how the run starts is under test. */
class FirstCall implements LanguageModel {
  readonly id = 'first-call';
  request: ChatRequest | null = null;
  async complete(request: ChatRequest): Promise<never> {
    this.request ??= request;
    throw new Error('stopped after the first request');
  }
}

describe('languageMisfit', () => {
  it('names the Python-only techniques, and only for problems in another language', () => {
    expect(languageMisfit('reflexion', 'javascript')).toBe(
      'Reflexion runs Python problems only (its self-written tests are Python asserts). ' +
        'Choose another technique for this JavaScript problem, or write the problem in Python.'
    );
    expect(languageMisfit('clarify', 'typescript')).toMatch(
      /^ClarifyGPT runs Python problems only/
    );
    expect(languageMisfit('reflexion', 'python')).toBeNull();
    expect(languageMisfit('self-debug', 'javascript')).toBeNull();
  });

  it.each(techniqueIds)(
    '%s: the table says what the technique does with a JavaScript problem',
    async (id) => {
      const technique = getTechnique(id)!;
      const model = new FirstCall();
      const record = await runTechnique(technique, problem, technique.params.parse({}), {
        runtimes: { model, sandbox },
        seed: 1
      });
      const message = record.error?.message ?? '';
      if (Object.hasOwn(PYTHON_ONLY, id)) {
        expect(message).toMatch(/runs Python problems only/);
        expect(model.request).toBeNull();
        return;
      }
      expect(message).toBe('stopped after the first request');
      const text = model.request!.messages.map((m) => m.content).join('\n');
      expect(text).not.toMatch(/python/i);
      expect(text).toContain('countWindows');
      expect(text).toMatch(/JavaScript|```javascript/);
    }
  );

  it('trace feedback on a JavaScript problem sends the failing examples, and says so', async () => {
    expect(knobNote({ feedback: 'trace' }, 'python')).toBeNull();
    expect(knobNote({ feedback: 'unit-test' }, 'javascript')).toBeNull();
    expect(knobNote({ feedback: 'trace' }, 'javascript')).toMatch(
      /^Only Python programs are traced/
    );
    // What the run does: the trace asked for comes back empty, the feedback is unit-test's.
    const wrong = 'function countWindows(values, k, limit) {\n  return 1;\n}';
    const replies = ['```javascript\n' + wrong + '\n```', '```javascript\n' + wrong + '\n```'];
    const technique = getTechnique('self-debug')!;
    const record = await runTechnique(
      technique,
      problem,
      technique.params.parse({ feedback: 'trace', maxTurns: 2 }),
      { runtimes: { model: new ScriptedModel('two-wrong', replies, 'by-call'), sandbox }, seed: 1 }
    );
    expect(record.error).toBeUndefined();
    const traced = record.events.filter((e) => e.kind === 'execute' && e.request.trace);
    expect(traced.length).toBe(1);
    expect(traced[0].kind === 'execute' && traced[0].result.trace).toBeFalsy();
    const second = record.events.filter((e) => e.kind === 'model')[1];
    const feedback = second.kind === 'model' ? second.request.messages.at(-1)?.content : '';
    expect(feedback).toContain('Fix the code and answer with the whole corrected function.');
    expect(feedback).not.toContain('line by line');
  });
});
