/**
 * An AgentCoder run's input for the technique's and the views' tests: the second lesson's
 * problem, the test designer's reply (nine test lines in three groups: seven kept, one of them
 * wrong; one not Python; one basic test too many) and the programmer's three programs (an
 * early stop, then two right ones that still fail the wrong test). Test-only.
 */
import { EARLY_STOP, RIGHT_LOOP, countWindows, fenced } from './codet-run';

/** EARLY_STOP fails tests 3 and 5 below; RIGHT_LOOP fails only test 5. */
export { EARLY_STOP, RIGHT_LOOP, countWindows, fenced };

export const DESIGNER_TESTS = [
  '# basic',
  'assert count_windows([1, 2, 3], 1, 2) == 2', // test 1
  'assert count_windows([1, 1], 2, 5) == 1', // test 2
  'assert count_windows([5, 1, 1], 2, 3) == 1', // test 3
  'assert count_windows([0, 0], 1, 0) == 2', // dropped: a fourth basic test
  '# edge',
  'assert count_windows([], 1, 0) == 0', // test 4
  'assert count_windows([4, 4], 1, 3) == 1', // test 5 — wrong, the answer is 0
  'assert count_windows([2], 2, 10) == 0', // test 6
  'assert count_windows([1, 2] 2, 3) == 1', // dropped: not valid Python
  '# large',
  'assert count_windows(list(range(10000)), 1, 10**9) == 10000' // test 7
].join('\n');

/** The same tests without the wrong one: now a right program passes them all. */
export const RIGHT_TESTS = DESIGNER_TESTS.replace('assert count_windows([4, 4], 1, 3) == 1\n', '');

export const RIGHT = countWindows.reference ?? '';
const thinking = 'Step 1: count the windows of k values. Step 2: keep those with sum <= limit.\n';

/** The designer's tests first, then the programmer's rounds 1 to 3. */
export const AGENTCODER_REPLIES = [
  'Here are the tests:\n' + fenced(DESIGNER_TESTS),
  thinking + fenced(EARLY_STOP),
  'The failure at [5, 1] means I must not stop early.\n' + fenced(RIGHT),
  'My code looks right; maybe the test is wrong.\n' + fenced(RIGHT_LOOP)
];
