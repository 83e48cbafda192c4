/**
 * An MBPP line (Austin et al. 2021, "Program Synthesis with Large Language Models") as the app's
 * `Problem`. A line is `{task_id, text, code, test_list, test_setup_code?}`; the sanitized
 * release names the text `prompt` and lists imports in `test_imports`, and both are accepted.
 *
 * The line is untrusted: its asserts are never run here. An assert of the plain shape
 * `assert f(<literals>) == <literal>` is read with the literal parser and becomes a test case;
 * any other assert (`set(f(x)) == …`, `math.isclose(…)`) goes verbatim into a hidden check that
 * only the sandbox runs. The first plain assert is the example the model sees; every assert
 * grades the answer, since MBPP scores a task on its whole test list.
 */
import { z } from 'zod';
import { parseExampleLine } from './doc-examples';
import { checkedProblem, problemIdOf } from './from-humaneval';
import type { CheckCase, Problem, TestCase } from './problem';
import { tryParseArguments, parseLiteral, LiteralError } from './literal';

export const MbppLineSchema = z
  .looseObject({
    task_id: z.union([z.number().int(), z.string().min(1).max(100)], {
      error: '"task_id" must be a number or a short text'
    }),
    text: z.string({ error: '"text" must be a string' }).optional(),
    prompt: z.string({ error: '"prompt" must be a string' }).optional(),
    code: z.string({ error: 'the field "code" (the reference solution) is missing' }),
    test_list: z
      .array(z.string(), { error: 'the field "test_list" (a list of assert lines) is missing' })
      .min(1, { error: '"test_list" is empty' }),
    test_setup_code: z.string().optional(),
    test_imports: z.array(z.string()).optional()
  })
  .refine((line) => (line.text ?? line.prompt ?? '').trim() !== '', {
    error: 'the line has no "text" (or "prompt") saying what to write'
  });
export type MbppLine = z.infer<typeof MbppLineSchema>;

type MbppConverted = { ok: true; problem: Problem } | { ok: false; reason: string };

/** Top-level function names the reference defines, in order. */
function definedNames(code: string): string[] {
  return [...code.matchAll(/^def\s+([A-Za-z_]\w*)\s*\(/gm)].map((m) => m[1]);
}

/** The function the asserts call: the first one the code defines that an assert calls. */
function entryPointOf(code: string, asserts: readonly string[]): string | null {
  return (
    definedNames(code).find((name) =>
      asserts.some((a) => new RegExp(`(^|[^\\w.])${name}\\s*\\(`).test(a))
    ) ?? null
  );
}

/** The `def name(…):` line of the reference, joined if its parameters span lines. */
function signatureOf(code: string, name: string): string | null {
  const start = new RegExp(`^def\\s+${name}\\s*\\(`, 'm').exec(code);
  if (!start) return null;
  const rest = code.slice(start.index);
  const end = /\)\s*(->[^:\n]+)?:/.exec(rest);
  if (!end) return null;
  return rest.slice(0, end.index + end[0].length).replace(/\s*\n\s*/g, ' ');
}

/** A test case from `assert f(a, b) == c` when both sides are literals; null otherwise. */
export function literalAssert(line: string, entryPoint: string): TestCase | null {
  if (!/^\s*assert\s/.test(line)) return null;
  const test = parseExampleLine(line, entryPoint);
  if (!test) return null;
  // Only `assert f(…) == value` and nothing more: no other arrow, comparison or comment.
  const squeeze = (s: string) => s.replace(/\s+/g, '');
  if (squeeze(line) !== squeeze(`assert ${entryPoint}(${test.input}) == ${test.expected}`))
    return null;
  if (!tryParseArguments(test.input).ok) return null;
  try {
    parseLiteral(test.expected);
  } catch (error) {
    if (error instanceof LiteralError) return null;
    throw error;
  }
  return test;
}

/**
 * The asserts no literal reading fits, as one check for the sandbox: the setup code, then the
 * asserts inside `check(candidate)` with the function's name bound to the candidate (a check
 * runs in a namespace of its own that holds only the candidate).
 */
function checkOf(asserts: readonly string[], entryPoint: string, setup: string): CheckCase {
  const body = asserts.map((a) => `    ${a.trim()}`).join('\n');
  const head = setup.trim() === '' ? '' : `${setup.trim()}\n\n`;
  return {
    check: `${head}def check(candidate):\n    ${entryPoint} = candidate\n${body}\n`
  };
}

/** A one-line docstring body: the text with its quotes made safe inside """…""". */
function docstring(text: string): string {
  const clean = text.trim().replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"');
  return `    """${clean}\n    """`;
}

/** Converts one MBPP line; never throws. */
export function fromMbpp(line: MbppLine): MbppConverted {
  const code = line.code.replace(/\r\n?/g, '\n');
  const text = (line.text ?? line.prompt ?? '').trim();
  const asserts = line.test_list.map((a) => a.trim()).filter((a) => a !== '');
  const entryPoint = entryPointOf(code, asserts);
  if (!entryPoint) {
    return {
      ok: false,
      reason: 'no function of "code" is called by the asserts of "test_list"'
    };
  }
  const signature = signatureOf(code, entryPoint);
  if (!signature) {
    return { ok: false, reason: `the "def ${entryPoint}(…):" line of "code" could not be read` };
  }
  const literal: TestCase[] = [];
  const other: string[] = [];
  for (const a of asserts) {
    const test = literalAssert(a, entryPoint);
    if (test) literal.push(test);
    else other.push(a);
  }
  if (literal.length === 0) {
    return {
      ok: false,
      reason:
        `none of the asserts is a plain call like "assert ${entryPoint}(…) == …" with literal ` +
        'values, so there is no example to show the model'
    };
  }
  const setup = [line.test_setup_code ?? '', ...(line.test_imports ?? [])].join('\n');
  const taskId = problemIdOf(String(line.task_id));
  const id = taskId.startsWith('mbpp') ? taskId : `mbpp-${taskId}`;
  const candidate = {
    id,
    language: 'python',
    title: `MBPP ${line.task_id}: ${text}`.slice(0, 120),
    prompt: `${signature}\n${docstring(text)}\n`,
    entryPoint,
    visibleTests: [literal[0]],
    hiddenTests: [...literal, ...(other.length > 0 ? [checkOf(other, entryPoint, setup)] : [])],
    ...(code.trim() !== '' ? { reference: code.trim() + '\n' } : {})
  };
  return checkedProblem(candidate);
}
