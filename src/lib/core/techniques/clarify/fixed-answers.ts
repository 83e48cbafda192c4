/**
 * An Asker with an answer written in advance (the headless CLI's `--answers FILE.json`, where
 * a person wrote one answer per task): it answers the first question with the text, and the
 * others with nothing, so the whole text lands in the clarification block once.
 */
import type { AskRequest, AskResult, Asker } from '../../run/effects';

export function createFixedAnswerer(text: string): Asker {
  return {
    async ask(request: AskRequest): Promise<AskResult> {
      return { answers: request.questions.map((_, i) => (i === 0 ? text : '')), by: 'learner' };
    }
  };
}
