/**
 * Who answers a technique's clarifying questions (`ctx.ask`, ClarifyGPT) in a headless run:
 * nobody (the run stops when asked), a file of answers written in advance, or the simulated
 * user of ClarifyGPT (an oracle).
 *
 * `--answers FILE.json` maps task ids to answers: a string answers every question the task's
 * run asks with the same text (one reply to the set of questions); a list of strings answers
 * the questions in order. A task with no answer, or with fewer answers than questions, stops
 * with the stop reason `needs-answer`.
 */
import type { AskRequest, AskResult, Asker } from '../../lib/core/run/effects';
import type { Problem } from '../../lib/core/problems/problem';
import type { Sandbox } from '../../lib/core/run/effects';
import { createSimulatedUser } from '../../lib/core/techniques/clarify/simulated-user';

/** A run asked a question that nobody is there to answer. */
export class NeedsAnswerError extends Error {
  override name = 'NeedsAnswerError';
  constructor(taskId: string, questions: readonly string[], why: string) {
    const first = questions[0] ?? '';
    super(
      `The run asked ${questions.length === 1 ? 'a question' : `${questions.length} questions`}` +
        `${first ? ` ("${first.slice(0, 120)}")` : ''} and ${why}. Give task ${taskId} an ` +
        'answer with --answers FILE.json.'
    );
  }
}

/** Answers per task id, as read from `--answers FILE.json`. */
export type AnswerBook = ReadonlyMap<string, string | readonly string[]>;

/**
 * Reads an answers file's JSON: an object whose keys are task ids and whose values are a
 * string or a list of strings. Returns a sentence naming what is wrong otherwise.
 */
export function parseAnswerBook(json: unknown): AnswerBook | string {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return 'the answers file must hold one JSON object: {"task id": "answer", …}';
  }
  const book = new Map<string, string | string[]>();
  for (const [taskId, value] of Object.entries(json)) {
    if (typeof value === 'string') book.set(taskId, value);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
      book.set(taskId, value as string[]);
    else return `the answer of "${taskId}" must be a string or a list of strings`;
  }
  return book;
}

/** Answers one task's questions from the book; stops the run when the book has none. */
export class BookAsker implements Asker {
  constructor(
    private readonly book: AnswerBook,
    private readonly taskId: string
  ) {}

  async ask(request: AskRequest): Promise<AskResult> {
    const entry = this.book.get(this.taskId);
    if (entry === undefined) {
      throw new NeedsAnswerError(this.taskId, request.questions, 'the answers file has none');
    }
    if (typeof entry === 'string') return { answers: request.questions.map(() => entry) };
    if (entry.length < request.questions.length) {
      throw new NeedsAnswerError(
        this.taskId,
        request.questions,
        `the answers file has only ${entry.length}`
      );
    }
    return { answers: entry.slice(0, request.questions.length) };
  }
}

/** The asker of a run without `--answers`: every question stops the run. */
export class NoAsker implements Asker {
  constructor(private readonly taskId: string) {}
  async ask(request: AskRequest): Promise<AskResult> {
    throw new NeedsAnswerError(this.taskId, request.questions, 'no answers were given');
  }
}

/**
 * `--answers simulated`: ClarifyGPT's simulated user, an oracle that answers from the problem's
 * reference solution (or, without one, from the candidate that passes most hidden tests) on the
 * inputs the programs disagree on. Results obtained this way are labelled as oracle answers.
 */
export function createSimulatedAsker(context: { problem: Problem; sandbox: Sandbox }): Asker {
  return createSimulatedUser({ problem: context.problem, sandbox: context.sandbox });
}
