/**
 * The playground's problem form as plain text fields, and its checking: every field's problem
 * in a sentence next to that field, then the app's `ProblemSchema` as the final word. Every
 * way in (typing, a HumanEval or MBPP line, a lesson's problem) fills these same fields, so
 * what runs is always what the form shows.
 */
import { z } from 'zod';
import { LanguageSchema } from '../problems/languages';
import { formatTestLines, parseTestLines } from '../problems/test-lines';
import { FORM_LANGUAGES } from './form-language';
import {
  isCallCase,
  ProblemSchema,
  type CheckCase,
  type Problem,
  type TestCase
} from '../problems/problem';

export const DraftSchema = z
  .object({
    /** the language of the problem (drafts saved before languages were offered are Python) */
    language: LanguageSchema.default('python'),
    id: z.string().max(200),
    title: z.string().max(400),
    entryPoint: z.string().max(200),
    prompt: z.string().max(40_000),
    /** `arguments -> expected`, one per line */
    visible: z.string().max(100_000),
    /** the same, for the hidden tests */
    hidden: z.string().max(200_000),
    /** an optional HumanEval-style check in the problem's language, run in the sandbox only */
    check: z.string().max(200_000),
    reference: z.string().max(40_000)
  })
  .strict();
export type Draft = z.infer<typeof DraftSchema>;
export type DraftField = keyof Draft;

export const EMPTY_DRAFT: Draft = {
  language: 'python',
  id: '',
  title: '',
  entryPoint: '',
  prompt: '',
  visible: '',
  hidden: '',
  check: '',
  reference: ''
};

/** The form's fields for a problem. */
export function draftOf(problem: Problem): Draft {
  const calls = problem.hiddenTests.filter(isCallCase);
  const checks = problem.hiddenTests.filter((t): t is CheckCase => !isCallCase(t));
  return {
    language: problem.language,
    id: problem.id,
    title: problem.title,
    entryPoint: problem.entryPoint,
    prompt: problem.prompt,
    visible: formatTestLines(problem.visibleTests),
    hidden: formatTestLines(calls),
    check: FORM_LANGUAGES[problem.language].mergeChecks(checks.map((c) => c.check)),
    reference: problem.reference ?? ''
  };
}

type DraftCheck =
  { ok: true; problem: Problem } | { ok: false; errors: Partial<Record<DraftField, string>> };

const LIMITS = { title: 200, prompt: 20_000, reference: 20_000 };

function lineErrors(text: string, what: string): { tests: TestCase[]; error?: string } {
  const { tests, errors } = parseTestLines(text);
  if (errors.length > 0) {
    const first = errors[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more lines)` : '';
    return { tests, error: `${what}, line ${first.line}: ${first.message}${more}.` };
  }
  return { tests };
}

/** Checks the form: the problem, or a sentence for each field that is wrong. */
export function checkDraft(draft: Draft): DraftCheck {
  const errors: Partial<Record<DraftField, string>> = {};
  const form = FORM_LANGUAGES[draft.language];
  const id = draft.id.trim();
  const entryPoint = draft.entryPoint.trim();
  if (id === '') errors.id = 'Give the problem an id, e.g. count-vowels.';
  else if (!/^[a-z0-9][a-z0-9-]*$/.test(id))
    errors.id = 'Use lowercase letters, digits and hyphens only, e.g. count-vowels.';
  if (draft.title.trim() === '') errors.title = 'Give the problem a short title.';
  else if (draft.title.trim().length > LIMITS.title)
    errors.title = `Keep the title under ${LIMITS.title} characters.`;
  if (entryPoint === '')
    errors.entryPoint = `Name the function the tests call, e.g. ${form.exampleName}.`;
  else if (!/^[A-Za-z_]\w*$/.test(entryPoint))
    errors.entryPoint =
      'A function name is letters, digits and underscores, not starting with a digit.';
  if (draft.prompt.trim() === '')
    errors.prompt = 'Write what the function should do, under its signature.';
  else if (draft.prompt.length > LIMITS.prompt)
    errors.prompt = `The prompt is longer than ${LIMITS.prompt.toLocaleString('en')} characters.`;
  else if (!errors.entryPoint && !form.declares(draft.prompt, entryPoint))
    errors.prompt = `Start with the signature, e.g. ${form.signature(entryPoint)}, so the model knows what to write.`;

  const visible = lineErrors(draft.visible, 'Examples');
  if (visible.error) errors.visible = visible.error;
  else if (visible.tests.length === 0)
    errors.visible = 'Give at least one example: the arguments, then -> and the expected value.';
  const hidden = lineErrors(draft.hidden, 'Hidden tests');
  const check = draft.check.trim();
  if (hidden.error) errors.hidden = hidden.error;
  else if (hidden.tests.length === 0 && check === '')
    errors.hidden =
      'Give at least one hidden test (or a check function below) to grade the answer.';
  const checkProblem = check === '' ? null : form.checkProblem(check);
  if (checkProblem) errors.check = checkProblem;
  if (draft.reference.length > LIMITS.reference)
    errors.reference = `The solution is longer than ${LIMITS.reference.toLocaleString('en')} characters.`;
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const reference = draft.reference.trim();
  const parsed = ProblemSchema.safeParse({
    id,
    language: draft.language,
    title: draft.title.trim(),
    prompt: draft.prompt,
    entryPoint,
    visibleTests: visible.tests,
    hiddenTests: [...hidden.tests, ...(check === '' ? [] : [{ check: draft.check }])],
    ...(reference === '' ? {} : { reference: draft.reference })
  });
  if (parsed.success) return { ok: true, problem: parsed.data };
  // What the schema still refuses (sizes, counts), next to the field it belongs to.
  const field: Record<string, DraftField> = {
    visibleTests: 'visible',
    hiddenTests: 'hidden',
    prompt: 'prompt',
    reference: 'reference',
    title: 'title'
  };
  for (const issue of parsed.error.issues) {
    const key = field[String(issue.path[0])] ?? 'prompt';
    errors[key] ??= `This does not fit: ${issue.message}.`;
  }
  return { ok: false, errors };
}
