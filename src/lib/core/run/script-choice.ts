/**
 * Scripted runs that answer the learner. A scripted model's replies are a fixed path, except
 * where the lesson author declared a choice: after the common replies, the rest of the path
 * is chosen by what the learner answered to a clarifying question (`by: answer`, matched by
 * words the author lists) or by a knob of the run (`by: param:<name>`, e.g. the feedback
 * kind). Every choice has a case for anything else, or covers every value of its knob, and
 * each case says which verdict it leads to, so a test can run every path in the sandbox.
 */
import { z } from 'zod';

/** What a scripted model may choose its reply by (live models ignore it). */
export interface ScriptContext {
  /** the run's technique parameters (a fork may have changed them) */
  readonly params: Readonly<Record<string, unknown>>;
  /** the learner's latest answers to a clarifying question, [] before any */
  readonly answers: readonly string[];
}

const KnobValueSchema = z.union([z.string().max(100), z.number(), z.boolean()]);

export const ScriptCaseSchema = z
  .object({
    name: z.string().min(1).max(80).describe('what the case is, e.g. "the higher middle grade"'),
    when: z
      .union([z.array(z.string().trim().min(1).max(80)).min(1).max(20), KnobValueSchema])
      .optional()
      .describe(
        'by answer: words or phrases, any of which in the answer (whole words, any case) ' +
          'picks this case; by param: the knob value that picks it; absent: anything else'
      ),
    example: z
      .string()
      .min(1)
      .max(500)
      .optional()
      .describe('by answer: an answer that picks this case (the walkthrough test gives it)'),
    expect: z
      .enum(['solved', 'unsolved'])
      .describe('the verdict this path reaches (the walkthrough test checks it)'),
    responses: z
      .array(z.string().min(1).max(50_000))
      .min(1)
      .max(400)
      .describe('the replies from the choice on, in order')
  })
  .strict();
export type ScriptCase = z.infer<typeof ScriptCaseSchema>;

export const ScriptChoiceSchema = z
  .object({
    by: z
      .string()
      .regex(/^(answer|param:[A-Za-z_]\w*)$/)
      .describe('answer (the learner’s latest answer) or param:<name> (a knob of the run)'),
    cases: z.array(ScriptCaseSchema).min(2).max(8)
  })
  .strict()
  .superRefine((choice, ctx) => {
    const byAnswer = choice.by === 'answer';
    const otherwise = choice.cases.filter((c) => c.when === undefined);
    if (otherwise.length > 1)
      ctx.addIssue({ code: 'custom', path: ['cases'], message: 'at most one case has no `when`' });
    const last = choice.cases.at(-1);
    if (otherwise.length === 1 && last?.when !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['cases'],
        message: 'the case for anything else (no `when`) must come last'
      });
    if (byAnswer && otherwise.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['cases'],
        message: 'a choice by answer needs a last case with no `when`, for any other answer'
      });
    choice.cases.forEach((c, i) => {
      if (c.when === undefined) return;
      if (byAnswer && !Array.isArray(c.when))
        ctx.addIssue({
          code: 'custom',
          path: ['cases', i, 'when'],
          message: 'by answer, `when` is a list of words'
        });
      if (!byAnswer && Array.isArray(c.when))
        ctx.addIssue({
          code: 'custom',
          path: ['cases', i, 'when'],
          message: 'by param, `when` is one value of the knob'
        });
      if (byAnswer && c.example === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['cases', i, 'example'],
          message: 'by answer, each case gives an example answer that picks it'
        });
    });
  });
export type ScriptChoice = z.infer<typeof ScriptChoiceSchema>;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True when `text` holds `phrase` as whole words, in any case and spacing. */
export function mentions(text: string, phrase: string): boolean {
  const words = phrase.trim().split(/\s+/).map(escape).join('\\s+');
  return new RegExp(`(^|[^\\p{L}\\p{N}_])${words}($|[^\\p{L}\\p{N}_])`, 'iu').test(text);
}

/** The knob a choice is by, or null for a choice by answer. */
export function choiceKnob(choice: ScriptChoice): string | null {
  return choice.by.startsWith('param:') ? choice.by.slice('param:'.length) : null;
}

/**
 * The case a choice takes in a run: the first whose `when` matches, else the case for
 * anything else. A choice by answer with no answer yet takes the case for anything else; a
 * knob that matches no case and has none for anything else is null (the lesson check makes
 * sure a lesson cannot ship one).
 */
export function chooseCase(choice: ScriptChoice, context: ScriptContext): ScriptCase | null {
  const knob = choiceKnob(choice);
  const answer = context.answers.join('\n');
  const found = choice.cases.find((c) => {
    if (c.when === undefined) return false;
    if (knob === null)
      return Array.isArray(c.when) && c.when.some((phrase) => mentions(answer, phrase));
    return !Array.isArray(c.when) && String(context.params[knob]) === String(c.when);
  });
  return found ?? choice.cases.find((c) => c.when === undefined) ?? null;
}

/**
 * The reply to the `turn`-th call (from 0) of a script: one of the common replies, then the
 * chosen case's; undefined when the path has none left.
 */
export function scriptedReply(
  script: { responses: readonly string[]; choose?: ScriptChoice },
  turn: number,
  context: ScriptContext
): string | undefined {
  if (turn < script.responses.length) return script.responses[turn];
  if (!script.choose) return undefined;
  return chooseCase(script.choose, context)?.responses[turn - script.responses.length];
}

/** How many replies the path of a case has in all (the common ones and its own). */
export function pathLength(script: { responses: readonly string[] }, chosen: ScriptCase | null) {
  return script.responses.length + (chosen?.responses.length ?? 0);
}
