/**
 * CodeT's test-writing request. The tests are asked for in a conversation of their own, from the
 * requirement and its examples only: the model never sees a program while writing them, so a
 * test does not copy a program's mistake (CodeT samples programs and tests independently).
 */
import type { ChatMessage } from '../run/effects';
import type { Problem } from '../problems/problem';
import { examplesText } from './opening-request';
import { HEADING } from './sections';

/** The system prompt of the test writer. */
export const TEST_WRITER_SYSTEM =
  'You are a careful tester of Python functions. You write tests, never the function itself. ' +
  'Answer with one fenced ```python code block of assert lines only.';

/** The request for `count` tests of the problem's function, one assert per line. */
export function testsRequest(problem: Problem, count: number): ChatMessage[] {
  const f = problem.entryPoint;
  return [
    { role: 'system', content: TEST_WRITER_SYSTEM },
    {
      role: 'user',
      content:
        `Someone will write this function:\n\n${problem.prompt.trim()}\n\n${HEADING.examples}` +
        `${examplesText(problem)}\n\nWrite ${count} tests for it, one per line, each like ` +
        `\`assert ${f}(...) == ...\`. Use inputs other than the examples, and include edge ` +
        'cases. Do not write the function. Answer with one fenced ```python code block of ' +
        'assert lines only.'
    }
  ];
}
