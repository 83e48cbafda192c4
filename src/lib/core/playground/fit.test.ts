/**
 * The playground's table of Python-only techniques is checked against the techniques
 * themselves: every registered technique starts a run of a JavaScript problem, and exactly the
 * ones in the table refuse it. The others' first model request is in JavaScript's words (the
 * languages table): no "Python", a ```javascript fence asked for.
 */
import { loadSelfDebuggingLesson } from '$lib/testing/self-debugging-lesson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeJsSandbox, type NodeJsSandbox } from '$lib/runtimes/javascript/node-sandbox';
import type { ChatRequest, LanguageModel } from '../run/effects';
import { runTechnique } from '../run/context';
import { getTechnique, techniqueIds } from '../techniques/registry';
import { languageMisfit, PYTHON_ONLY } from './fit';

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
});
