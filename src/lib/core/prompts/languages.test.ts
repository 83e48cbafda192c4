/**
 * Prompts in each language: Python's wording is pinned to the exact text the recorded
 * walkthroughs were written against; JavaScript's asks for its own fence, comment and examples.
 */
import { describe, expect, it } from 'vitest';
import type { Problem } from '../problems/problem';
import { declaresCorrect, extractCode, noBlockReason } from './extract';
import { SELF_DEBUG_SYSTEM, noCodeFeedback } from './self-debug';
import { firstRequest } from './opening-request';
import { implementRequest, mapStepsToLines, planRequest } from './self-planning';
import { refineRequest } from '../techniques/tree/prompts';

const python: Problem = {
  id: 'add',
  language: 'python',
  title: 'Add',
  prompt: 'def add(a, b):\n    """Sum."""\n',
  entryPoint: 'add',
  visibleTests: [{ input: '1, 2', expected: '3' }],
  hiddenTests: [{ input: '0, 0', expected: '0' }]
};
const javascript: Problem = {
  ...python,
  id: 'add-js',
  language: 'javascript',
  prompt: '/** Sum. */\nfunction add(a, b) {\n',
  visibleTests: [{ input: '[1], [2]', expected: '[1, 2]' }]
};

describe('prompts in Python stay word for word', () => {
  it('keeps the system prompt, the examples and the no-code feedback', () => {
    expect(SELF_DEBUG_SYSTEM).toBe(
      'You are a careful Python programmer. Answer with one fenced ```python code block that ' +
        'defines the requested function. Use only the standard library.'
    );
    expect(firstRequest(python)[1].content).toBe(
      'Write this function:\n\ndef add(a, b):\n    """Sum."""\n\nExamples:\n>>> add(1, 2)\n3'
    );
    expect(noCodeFeedback('python')).toBe(
      'Your answer had no ```python code block. Answer with the whole function in one block.'
    );
    expect(noBlockReason('python')).toBe('the reply had no ```python code block');
    const plan = planRequest(python, 3);
    expect(plan[0].content).toBe(
      'You are a careful Python programmer who plans before writing code.'
    );
    expect(implementRequest(plan, '1. add', ['add']).at(-1)?.content).toBe(
      'Now write the function. Follow this plan:\n1. add\n\n' +
        'Put a comment line `# Step N` above the code of each step N. ' +
        'Answer with one fenced ```python code block that defines the function.'
    );
  });
});

describe('prompts in JavaScript', () => {
  it('ask for a javascript block and show examples as calls with their results', () => {
    const [system, user] = firstRequest(javascript);
    expect(system.content).toBe(
      'You are a careful JavaScript programmer. Answer with one fenced ```javascript code ' +
        'block that defines the requested function. Use no packages and no imports.'
    );
    expect(user.content).toContain('Examples:\nadd([1], [2]) // => [1, 2]');
    expect(user.content).not.toContain('>>>');
    expect(noCodeFeedback('javascript')).toContain('no ```javascript code block');
  });

  it('asks for // Step N marks and maps them to lines', () => {
    const plan = planRequest(javascript, 3);
    expect(plan[0].content).toContain('JavaScript programmer');
    const ask = implementRequest(plan, '1. a', ['a'], 'javascript').at(-1)?.content;
    expect(ask).toContain('`// Step N`');
    expect(ask).toContain('```javascript');
    const code = 'function f(x) {\n  // Step 1\n  const y = x;\n\n  // step 2\n  return y;\n}\n';
    expect(mapStepsToLines(code, 2, 'javascript')).toEqual([
      [{ from: 2, to: 3 }],
      [{ from: 5, to: 7 }]
    ]);
    // A Python-style mark is not a JavaScript comment, and the other way round.
    expect(mapStepsToLines('# Step 1\nx\n', 1, 'javascript')).toEqual([[]]);
    expect(mapStepsToLines(code, 2)).toEqual([[], []]);
  });

  it('shows an earlier attempt to the tree search in a javascript fence', () => {
    const content = refineRequest(javascript, 'function add() {}\n', 'It failed.', [])[1].content;
    expect(content).toContain('```javascript\nfunction add() {}\n```');
  });
});

describe('extractCode by language', () => {
  const reply = 'A:\n```python\ndef f(): pass\n```\nB:\n```js\nconst f = () => 1;\n```\n';
  it('takes only blocks of the language (or untagged ones)', () => {
    expect(extractCode(reply)).toBe('def f(): pass\n');
    expect(extractCode(reply, 'javascript')).toBe('const f = () => 1;\n');
    expect(extractCode('```javascript\nlet a = 1;\n```', 'javascript')).toBe('let a = 1;\n');
    expect(extractCode('```\nlet a = 1;\n```', 'javascript')).toBe('let a = 1;\n');
    expect(extractCode('```python\nx = 1\n```', 'javascript')).toBeNull();
    expect(extractCode('```ts\nlet a: number = 1;\n```', 'typescript')).toBe(
      'let a: number = 1;\n'
    );
    expect(extractCode('```ts\nlet a: number = 1;\n```', 'javascript')).toBeNull();
  });

  it('lets a model declare its code correct only when it sent no block of the language', () => {
    expect(declaresCorrect('CODE IS CORRECT', 'javascript')).toBe(true);
    expect(declaresCorrect('CODE IS CORRECT\n```js\nx\n```', 'javascript')).toBe(false);
    expect(declaresCorrect('CODE IS CORRECT\n```python\nx\n```', 'javascript')).toBe(true);
  });
});
