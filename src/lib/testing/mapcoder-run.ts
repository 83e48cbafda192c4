/**
 * A MapCoder run's input for the technique's and the views' tests: the second lesson's problem,
 * the recall agent's reply (a preamble, one problem read, one more than asked for), the planning
 * agent's reply (plan 1 at confidence 40, plan 2 at 85, a third one too many) and the programs:
 * plan 2 (tried first) gets an off-by-one, a reply without code and the off-by-one again, so it
 * is dropped after its two debug rounds; plan 1 then gets the right program. Test-only.
 */
import { countWindows, fenced } from './codet-run';

export { countWindows, fenced };

export const RECALL_REPLY = [
  'Here is a problem I remember:',
  '## Problem 1',
  'Count the subarrays of length k whose average is at least a threshold.',
  '### Plan',
  '1. Slide a window of k items over the list.',
  '2. Keep a running sum, add the new item and drop the old one.',
  '3. Count the windows whose sum is at least k times the threshold.',
  '## Problem 2',
  'Find the longest run of equal items.',
  '### Plan',
  '1. Walk the list and count each run.'
].join('\n');

export const PLANS_REPLY = [
  '## Plan 1',
  'Confidence: 40',
  '1. For every start from 0 to len(values) - k, sum values[start:start + k].',
  '2. Count the sums that are at most limit.',
  '## Plan 2 (a sliding window)',
  'Confidence: 85%',
  '1. Sum the first k values.',
  '2. Slide the window one step at a time, updating the sum.',
  '3. Count every window whose sum is at most limit.',
  '## Plan 3',
  'Confidence: 10',
  '1. Sort the values first.'
].join('\n');

/** Never counts the last window: fails the examples [5, 1, 1], 3, 7 (one window, not zero). */
export const OFF_BY_ONE = `def count_windows(values, k, limit):
    return sum(1 for s in range(len(values) - k) if sum(values[s:s + k]) <= limit)
`;
export const RIGHT = countWindows.reference ?? '';

/** Recall, plans, plan 2's code and its two debug rounds, then plan 1's code. */
export const MAPCODER_REPLIES = [
  RECALL_REPLY,
  PLANS_REPLY,
  'A sliding window:\n' + fenced(OFF_BY_ONE),
  'The code looks right to me.',
  'Maybe the range is wrong.\n' + fenced(OFF_BY_ONE),
  fenced(RIGHT)
];
