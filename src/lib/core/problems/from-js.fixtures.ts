/** JavaScript problem lines in the two public shapes, written for the tests (not copied from the datasets). */
export const humanEvalX = {
  task_id: 'JavaScript/900',
  prompt:
    '/* Return the largest gap between two neighbouring numbers of a sorted copy of the list.\n' +
    '  A list with fewer than two numbers has no gap: return 0.\n' +
    '  >>> largestGap([3, 9, 1])\n' +
    '  6\n' +
    '  >>> largestGap([4])\n' +
    '  0\n' +
    '  */\n' +
    'const largestGap = (numbers) => {\n',
  declaration: '\nconst largestGap = (numbers) => {\n',
  canonical_solution:
    '  const s = [...numbers].sort((a, b) => a - b);\n' +
    '  let gap = 0;\n' +
    '  for (let i = 1; i < s.length; i++) gap = Math.max(gap, s[i] - s[i - 1]);\n' +
    '  return gap;\n' +
    '}\n',
  test:
    'const testLargestGap = () => {\n' +
    '  console.assert(largestGap([1, 10, 4]) === 6)\n' +
    '  console.assert(largestGap([]) === 0)\n' +
    '}\n\n' +
    'testLargestGap()\n',
  example_test:
    'const testLargestGap = () => {\n' +
    '  console.assert(largestGap([3, 9, 1]) === 6)\n' +
    '  console.assert(largestGap([4]) === 0)\n' +
    '}\n' +
    'testLargestGap()\n'
};

export const multiPlE = {
  name: 'HumanEval_901_split_words',
  language: 'js',
  prompt:
    '//Split a sentence into its words and return them in reverse order.\n' +
    '// >>> split_words("a bc d")\n' +
    '// ["d", "bc", "a"]\n' +
    '// >>> split_words("")\n' +
    '// []\n' +
    'function split_words(text){\n',
  doctests: 'transform',
  original: 'HumanEval_901_split_words.py',
  prompt_terminology: 'reworded',
  tests:
    "const assert = require('node:assert');\n\n\n" +
    'function test() {\n' +
    '  let candidate = split_words;\n' +
    '  assert.deepEqual(candidate("one two"),["two", "one"]);\n' +
    '  assert.deepEqual(candidate("x"),["x"]);\n' +
    '}\n\n' +
    'test();\n',
  stop_tokens: ['\nfunction ', '\n/*', '\n\n\n']
};
