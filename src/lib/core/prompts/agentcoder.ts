/**
 * AgentCoder's prompts (written here, not the paper's). The test designer's request is built
 * from a {@link Requirement} — the problem's prompt text, entry point and examples — and from
 * nothing else: it takes no program, so no program can reach it, and it is the same request
 * whatever the programmer writes.
 */
import type { ChatMessage } from '../run/effects';
import type { Problem } from '../problems/problem';
import type { TestKind } from '../run/notes/agentcoder';
import { programmerSystem, examplesText } from './opening-request';
import { HEADING } from './sections';

/** What the test designer may see of a problem: the requirement and its examples, no code. */
export type Requirement = Pick<Problem, 'prompt' | 'entryPoint' | 'visibleTests' | 'language'>;

/** The requirement of a problem, copied field by field so the reference cannot come along. */
export const requirementOf = (p: Problem): Requirement => ({
  prompt: p.prompt,
  entryPoint: p.entryPoint,
  visibleTests: p.visibleTests,
  language: p.language
});

/** How many tests of each kind the designer is asked for. */
export type TestCounts = Record<TestKind, number>;

/** The comment line that opens each group of tests, and what the group is for. */
const GROUPS: Record<TestKind, { heading: string; what: string }> = {
  basic: { heading: '# basic', what: 'ordinary inputs, as the requirement describes them' },
  edge: {
    heading: '# edge',
    what: 'edge cases: empty or smallest inputs, boundaries, unusual but allowed values'
  },
  large: {
    heading: '# large',
    what:
      'large inputs, built inside the call (like list(range(10000))), whose answer you can ' +
      'work out without running anything'
  }
};

/** The system prompt of the test designer. */
export const TEST_DESIGNER_SYSTEM =
  'You are the test designer of a small team. You never see the code: you write tests from ' +
  'the requirement alone, so they do not share the code’s mistakes. You write tests, never ' +
  'the function. Answer with one fenced ```python code block of comment and assert lines only.';

/** The test designer's request: the requirement, its examples, and the tests of each kind. */
export function designerRequest(req: Requirement, counts: TestCounts): ChatMessage[] {
  const f = req.entryPoint;
  const groups = (Object.keys(GROUPS) as TestKind[])
    .filter((kind) => counts[kind] > 0)
    .map((kind) => `${GROUPS[kind].heading} — ${counts[kind]}: ${GROUPS[kind].what}`)
    .join('\n');
  return [
    { role: 'system', content: TEST_DESIGNER_SYSTEM },
    {
      role: 'user',
      content:
        `A teammate will write this function:\n\n${req.prompt.trim()}\n\n${HEADING.examples}` +
        `${examplesText(req)}\n\nWrite tests for it in these ` +
        `groups, each opened by its comment line, one \`assert ${f}(...) == ...\` per line:\n` +
        `${groups}\n\nDo not write the function.`
    }
  ];
}

/** The kind a comment line opens, or null when it opens none. */
export function kindOfComment(line: string): TestKind | null {
  if (!line.startsWith('#')) return null;
  const text = line.toLowerCase();
  if (text.includes('large')) return 'large';
  if (text.includes('edge')) return 'edge';
  if (text.includes('basic')) return 'basic';
  return null;
}

/** The programmer's first request: think step by step, then the code. */
export function programmerRequest(problem: Problem): ChatMessage[] {
  return [
    { role: 'system', content: programmerSystem(problem.language) },
    {
      role: 'user',
      content:
        `Write this function:\n\n${problem.prompt.trim()}\n\n${HEADING.examples}` +
        `${examplesText(problem)}\n\nThink step by step: first say in a few short lines what ` +
        'the function must do, which cases are tricky, and how you will compute it; then write ' +
        'the whole function in one fenced code block.'
    }
  ];
}

/** Whose tests the executor's failure reports name ("… of the test designer's 7 tests"). */
export const DESIGNER_TESTS = "the test designer's";

/** The executor's report to the programmer after a failing round. */
export const fixAsk = (failures: string): string =>
  `The test executor ran the test designer's tests on your code.\n${failures}\n\n` +
  'Think step by step about why, then write the corrected function, whole, in one fenced ' +
  'code block.';
