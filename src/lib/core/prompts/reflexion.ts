/**
 * Prompts and self-test handling for Reflexion. The model's own tests are taken line by line
 * here, but whether a line is kept is decided in the Python sandbox (with `ast`), never by
 * evaluating model output in JavaScript: {@link selfTestValidator} is that Python program.
 */
import type { ChatMessage, ExecResult, TestOutcome } from '../run/effects';
import type { CheckCase, Problem, TestCase } from '../problems/problem';
import { assertedCall } from './assert-call';
import { extractCode } from './extract';
import { SELF_DEBUG_SYSTEM, describeOutcome } from './self-debug';
import { HEADING, numberedList } from './sections';
import { doctestExamplesText } from './opening-request';

/** A line of the model's tests, and the HumanEval-style check it would become. */
export interface SelfTestCandidate {
  source: string;
  check: string;
}

/** Most candidate lines looked at (a model that writes hundreds of lines gets the first ones). */
const MAX_CANDIDATES = 30;

/** Call 1: ask the model for its own tests, as one assert line each. */
export function selfTestRequest(problem: Problem, count: number): ChatMessage[] {
  const f = problem.entryPoint;
  return [
    { role: 'system', content: SELF_DEBUG_SYSTEM },
    {
      role: 'user',
      content:
        `This function will be written:\n\n${problem.prompt.trim()}\n\n${HEADING.examples}` +
        `${doctestExamplesText(problem)}\n\nFirst write ${count} tests for it, one per line, each like ` +
        `\`assert ${f}(...) == ...\`. Include edge cases. Answer with one fenced \`\`\`python ` +
        'code block of assert lines only.'
    }
  ];
}

/** Call 2: now the function itself (the tests stay in the conversation above). */
export const IMPLEMENT_ASK =
  'Now write the function. Answer with one fenced ```python code block that defines it.';

/**
 * The lines of a tests reply worth checking: every non-blank, non-comment line of its code
 * block; without a block, only the lines that start with `assert` (the rest is prose).
 */
export function selfTestLines(reply: string): string[] {
  const code = extractCode(reply);
  const lines = (code ?? reply).split('\n').map((l) => l.trim());
  return lines
    .filter((l) => l !== '' && !l.startsWith('#') && (code !== null || l.startsWith('assert')))
    .slice(0, MAX_CANDIDATES);
}

/**
 * The check a self-test line becomes: `def check(candidate):` around the assert, with the
 * entry point's name replaced by `candidate`. The replacement is textual; the validator then
 * confirms in Python that it renamed exactly the function's name and nothing else.
 */
export function toCandidate(source: string, entryPoint: string): SelfTestCandidate {
  const name = new RegExp(`(?<![\\w.])${entryPoint}(?!\\w)`, 'g');
  return { source, check: `def check(candidate):\n    ${source.replace(name, 'candidate')}\n` };
}

/** The validator's entry point, and the value it returns for a line that is kept. */
export const VALIDATOR_ENTRY = 'classify_self_test';

/**
 * A Python program whose `classify_self_test(line, check)` returns True when `line` is one
 * assert statement that calls the entry point and `check` is that assert with the name
 * renamed to `candidate`, else a short reason (a plain string without quotes).
 */
export function selfTestValidator(entryPoint: string): string {
  return `import ast

ENTRY = '${entryPoint}'


class Rename(ast.NodeTransformer):
    def visit_Name(self, node):
        if node.id == ENTRY:
            return ast.Name(id='candidate', ctx=node.ctx)
        return node


def ${VALIDATOR_ENTRY}(line, check):
    try:
        tree = ast.parse(line)
    except (SyntaxError, ValueError):
        return 'not valid Python'
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Assert):
        return 'not an assert statement'
    calls = [
        n for n in ast.walk(tree.body[0])
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == ENTRY
    ]
    if not calls:
        return 'does not call ' + ENTRY
    try:
        body = ast.parse(check).body
        inner = body[0].body[0]
    except (SyntaxError, ValueError, IndexError, AttributeError):
        return 'could not be turned into a check'
    if ast.dump(inner) != ast.dump(Rename().visit(tree.body[0])):
        return 'could not be turned into a check'
    return True
`;
}

/** The validator's test for one candidate: its two strings as Python literals (JSON is one). */
export function validatorTest(candidate: SelfTestCandidate): { input: string; expected: string } {
  return {
    input: `${JSON.stringify(candidate.source)}, ${JSON.stringify(candidate.check)}`,
    expected: 'True'
  };
}

/** Why the validator dropped a candidate, from its outcome (the repr of the reason string). */
export function dropReason(outcome: TestOutcome | undefined): string {
  if (!outcome) return 'could not be checked';
  if (outcome.status !== 'fail' || outcome.actual === null) return 'could not be checked';
  return outcome.actual.replace(/^'(.*)'$/, '$1');
}

/**
 * The kept self-tests as cases for the sandbox: `assert f(ARGS) == EXPECTED` runs as a call
 * with an expected value, so its outcome carries what the function returned; any other
 * assert runs as its whole check. The verdict is the same either way.
 */
export const asSelfTestCases = (
  kept: SelfTestCandidate[],
  entryPoint: string
): (TestCase | CheckCase)[] =>
  kept.map((k) => assertedCall(k.source, entryPoint) ?? { check: k.check });

function describeFailure(source: string, test: TestOutcome, entryPoint: string): string {
  // A plain call reports the value returned, in the same words as self-debugging's feedback.
  if (assertedCall(source, entryPoint) !== null && test.status !== 'not-run')
    return `- ${describeOutcome(entryPoint, test)}`;
  switch (test.status) {
    case 'fail':
      return `- ${source}  # failed`;
    case 'error':
      return `- ${source}  # raised ${test.error?.type}: ${test.error?.message}`;
    case 'timeout':
      return `- ${source}  # did not finish in time`;
    default:
      return `- ${source}  # not run`;
  }
}

/**
 * The failures of a self-test run, for the log and for the reflection request: for a plain
 * call, what the function returned against what the test expected (or what it raised).
 * `whose` names the tests' author as the reader knows them ("your", "the test designer's").
 */
export function selfTestFeedback(
  kept: SelfTestCandidate[],
  result: ExecResult,
  entryPoint: string,
  whose = 'your'
): string {
  if (result.status === 'error' && result.error) {
    const where = result.error.line ? ` at line ${result.error.line}` : '';
    return `The code could not run: ${result.error.type}${where}: ${result.error.message}`;
  }
  const failing = result.tests.flatMap((t, i) =>
    t.status === 'pass' ? [] : [describeFailure(kept[i]?.source ?? '?', t, entryPoint)]
  );
  return `The function failed ${failing.length} of ${whose} ${kept.length} tests:\n${failing.join('\n')}`;
}

/** Ask for a short reflection: why it failed and what to change, no code. */
export const reflectionAsk = (feedback: string): string =>
  `${feedback}\n\nIn two or three sentences, say why the function failed and what you will ` +
  'change. Do not write code yet.';

/** Ask for the corrected function, with every reflection so far (the memory). */
export const retryAsk = (memory: string[]): string =>
  (memory.length > 0 ? `${HEADING.notes}${numberedList(memory)}\n\n` : '') +
  'Write the corrected function, whole, in one fenced ```python code block.';

/** A reflection as kept in memory: prose only, on one paragraph, not too long. */
export function tidyReflection(reply: string): string {
  const prose = reply
    .replace(/```[\s\S]*?(?:```|$)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return prose.length > 600 ? prose.slice(0, 597) + '...' : prose;
}
