/**
 * The playground's problem form as plain text fields, and its checking: every field's problem
 * in a sentence next to that field, then the app's `ProblemSchema` as the final word. Every
 * way in (typing, a HumanEval or MBPP line, a lesson's problem) fills these same fields, so
 * what runs is always what the form shows.
 */
import { z } from 'zod';
import { formatTestLines, parseTestLines } from '../problems/test-lines';
import {
  isCallCase,
  ProblemSchema,
  type CheckCase,
  type Problem,
  type TestCase
} from '../problems/problem';

export const DraftSchema = z
  .object({
    id: z.string().max(200),
    title: z.string().max(400),
    entryPoint: z.string().max(200),
    prompt: z.string().max(40_000),
    /** `arguments -> expected`, one per line */
    visible: z.string().max(100_000),
    /** the same, for the hidden tests */
    hidden: z.string().max(200_000),
    /** optional Python source defining `check(candidate)`, run in the sandbox only */
    check: z.string().max(200_000),
    reference: z.string().max(40_000)
  })
  .strict();
export type Draft = z.infer<typeof DraftSchema>;
export type DraftField = keyof Draft;

export const EMPTY_DRAFT: Draft = {
  id: '',
  title: '',
  entryPoint: '',
  prompt: '',
  visible: '',
  hidden: '',
  check: '',
  reference: ''
};

/**
 * Several HumanEval-style checks as one: each `def check(` is renamed and a `check` calls them
 * all in order (each keeps its own asserts and helpers).
 */
function mergeChecks(checks: readonly CheckCase[]): string {
  if (checks.length <= 1) return checks[0]?.check ?? '';
  const parts = checks.map((c, i) =>
    c.check.replace(/^def check\(/m, `def check_${i + 1}(`).trimEnd()
  );
  const calls = checks.map((_, i) => `    check_${i + 1}(candidate)`).join('\n');
  return `${parts.join('\n\n\n')}\n\n\ndef check(candidate):\n${calls}\n`;
}

/** The form's fields for a problem. */
export function draftOf(problem: Problem): Draft {
  const calls = problem.hiddenTests.filter(isCallCase);
  const checks = problem.hiddenTests.filter((t): t is CheckCase => !isCallCase(t));
  return {
    id: problem.id,
    title: problem.title,
    entryPoint: problem.entryPoint,
    prompt: problem.prompt,
    visible: formatTestLines(problem.visibleTests),
    hidden: formatTestLines(calls),
    check: mergeChecks(checks),
    reference: problem.reference ?? ''
  };
}

export type DraftCheck =
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
  const id = draft.id.trim();
  const entryPoint = draft.entryPoint.trim();
  if (id === '') errors.id = 'Give the problem an id, e.g. count-vowels.';
  else if (!/^[a-z0-9][a-z0-9-]*$/.test(id))
    errors.id = 'Use lowercase letters, digits and hyphens only, e.g. count-vowels.';
  if (draft.title.trim() === '') errors.title = 'Give the problem a short title.';
  else if (draft.title.trim().length > LIMITS.title)
    errors.title = `Keep the title under ${LIMITS.title} characters.`;
  if (entryPoint === '') errors.entryPoint = 'Name the function the tests call, e.g. count_vowels.';
  else if (!/^[A-Za-z_]\w*$/.test(entryPoint))
    errors.entryPoint =
      'A function name is letters, digits and underscores, not starting with a digit.';
  if (draft.prompt.trim() === '')
    errors.prompt = 'Write what the function should do, under its signature.';
  else if (draft.prompt.length > LIMITS.prompt)
    errors.prompt = `The prompt is longer than ${LIMITS.prompt.toLocaleString('en')} characters.`;
  else if (!errors.entryPoint && !new RegExp(`\\bdef\\s+${entryPoint}\\s*\\(`).test(draft.prompt))
    errors.prompt = `Start with the signature, e.g. def ${entryPoint}(…):, so the model knows what to write.`;

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
  if (check !== '' && !/^def check\s*\(/m.test(check))
    errors.check = 'A check must define check(candidate) and assert on candidate(…).';
  if (draft.reference.length > LIMITS.reference)
    errors.reference = `The solution is longer than ${LIMITS.reference.toLocaleString('en')} characters.`;
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const reference = draft.reference.trim();
  const parsed = ProblemSchema.safeParse({
    id,
    language: 'python',
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
