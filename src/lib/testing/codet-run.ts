/**
 * A CodeT run's input for the technique's and the view's tests (and the e2e's fake endpoint):
 * the second lesson's problem, a reply of eight test lines (five kept, three dropped) and five
 * program replies (an early stop that passes the examples, an off-by-one, two right programs and
 * a reply without code). Test-only: never imported by app code.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ProblemSchema } from '../core/problems/problem';

export const countWindows = ProblemSchema.parse(
  parseYaml(readFileSync('lessons/02-self-debugging/problem.yaml', 'utf8'))
);
export const fenced = (code: string) => '```python\n' + code + '```';

export const CODET_TESTS = [
  'assert count_windows([1, 2, 3], 1, 2) == 2', // kept: test 1
  'assert count_windows([1, 1], 2, 5) == 1', // kept: test 2
  'assert count_windows([5, 1, 1], 2, 3) == 1', // kept: test 3
  'assert count_windows([4, 4], 1, 3) == 1', // kept: test 4 — wrong, the answer is 0
  'assert count_windows([1, 2] 2, 3) == 1', // dropped: not valid Python
  'assert count_windows([1, 2, 3],  1, 2) == 2', // dropped: line 1 again
  'print(count_windows([1], 1, 1))', // dropped: not an assert
  'assert count_windows([], 1, 0) == 0' // kept: test 5
].join('\n');

/** Stops at the first window over the limit: passes the three examples, wrong on [3, -1, 2, 0]. */
export const EARLY_STOP = `def count_windows(values, k, limit):
    count = 0
    for start in range(len(values) - k + 1):
        if sum(values[start:start + k]) > limit:
            break
        count += 1
    return count
`;
/** Never counts the last window. */
const OFF_BY_ONE = `def count_windows(values, k, limit):
    return sum(1 for s in range(len(values) - k) if sum(values[s:s + k]) <= limit)
`;
const RIGHT = countWindows.reference ?? '';
export const RIGHT_LOOP = `def count_windows(values, k, limit):
    count = 0
    for start in range(len(values) - k + 1):
        if sum(values[start:start + k]) <= limit:
            count += 1
    return count
`;
/** The tests first, then programs 1 to 5 (program 4's reply has no code). */
export const CODET_REPLIES = [
  'Here are my tests:\n' + fenced(CODET_TESTS),
  fenced(EARLY_STOP),
  fenced(OFF_BY_ONE),
  fenced(RIGHT),
  'Use a sliding window over the values.',
  fenced(RIGHT_LOOP)
];
