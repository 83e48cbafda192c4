import { describe, expect, it } from 'vitest';
import { mapStepsToLines, parsePlan } from './self-planning';

describe('parsePlan', () => {
  it('reads "1." and "1)" and "Step 1:" lines, ignoring prose, sub-bullets and code', () => {
    const reply = [
      'Here is my plan:',
      '1. **Return 0** if the list is shorter than k.',
      '2) Look at every window of k neighbours.',
      '   - use a slice',
      'Step 3: Count the windows whose sum is at most `limit`.',
      '```python',
      '4. not a step',
      '```',
      'That is all.'
    ].join('\n');
    expect(parsePlan(reply, 6)).toEqual({
      steps: [
        'Return 0 if the list is shorter than k.',
        'Look at every window of k neighbours.',
        'Count the windows whose sum is at most limit.'
      ],
      parsed: true,
      capped: false
    });
  });

  it('falls back to bullets, caps the count, and reports nonsense as unparsed', () => {
    expect(parsePlan('- a\n- b\n* c', 2)).toEqual({
      steps: ['a', 'b'],
      parsed: true,
      capped: true
    });
    expect(parsePlan('I will just write it.', 6)).toEqual({
      steps: [],
      parsed: false,
      capped: false
    });
    expect(parsePlan('', 6).parsed).toBe(false);
  });
});

describe('mapStepsToLines', () => {
  const code = [
    'def f(values, k, limit):', //           1
    '    # Step 1: too short', //             2
    '    if len(values) < k:', //             3
    '        return 0', //                    4
    '', //                                    5
    '    # step 2', //                        6
    '    count = 0', //                       7
    '    # Step 9 (not in the plan)', //      8
    '    for s in range(len(values)):', //    9
    '        #Step 2 again', //               10
    '        count += 1', //                  11
    '    return count' //                    12
  ].join('\n');

  it('gives each marked step the lines from its comment to the next marker', () => {
    expect(mapStepsToLines(code, 3)).toEqual([
      [{ from: 2, to: 4 }],
      [
        { from: 6, to: 7 },
        { from: 10, to: 12 }
      ],
      []
    ]);
  });

  it('maps nothing when the program has no markers', () => {
    expect(mapStepsToLines('def f():\n    return 1\n', 2)).toEqual([[], []]);
    expect(mapStepsToLines(code, 0)).toEqual([]);
  });
});
