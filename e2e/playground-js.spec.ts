/**
 * The playground with JavaScript, as a newcomer uses it: a pasted HumanEval-X line fills the
 * form in JavaScript, the reference-echo demo runs it through the browser's JavaScript sandbox
 * to a verdict, and the program is highlighted with JavaScript's grammar (a `const` coloured
 * as a keyword, which Python's grammar leaves plain). The language survives a reload and a
 * shared link; a lesson's JavaScript problem runs too; bad lines and Python-only techniques
 * say why in words.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect, shot, offline } from './fixtures';
import { shareLink } from './share-link';
import { expectNoSeriousViolations } from './axe';
import { startFakeEndpoint } from '../src/lib/testing/fake-endpoint';

/** A HumanEval-X-shaped line written for this test. */
const JS_LINE = JSON.stringify({
  task_id: 'JavaScript/950',
  prompt:
    '/* Sum the even numbers of the list.\n  >>> sumEven([1, 2, 3, 4])\n  6\n  >>> sumEven([])\n  0\n  */\n' +
    'const sumEven = (numbers) => {\n',
  declaration: '\nconst sumEven = (numbers) => {\n',
  canonical_solution:
    '  const evens = numbers.filter((n) => n % 2 === 0);\n' +
    '  return evens.reduce((a, b) => a + b, 0);\n}\n',
  test:
    'const testSumEven = () => {\n' +
    '  console.assert(sumEven([2, 2, 5]) === 4)\n' +
    '  console.assert(sumEven([-2, 7]) === -2)\n' +
    '}\n\ntestSumEven()\n',
  example_test: ''
});

const paused = (page: Page) => page.getByText('Paused before the next call — press Step');

/** Opens the playground at a width and theme; the page errors seen are collected. */
async function openPlayground(page: Page, width: number, scheme: 'light' | 'dark') {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.setViewportSize({ width, height: 800 });
  await page.emulateMedia({ colorScheme: scheme });
  await page.goto('/playground');
  return errors;
}

/** Run with the demo, step to the end, and wait for the verdict. */
async function runDemo(page: Page) {
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(paused(page)).toBeVisible({ timeout: 60_000 });
  await page.keyboard.press('End');
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toContainText('Solved', { timeout: 60_000 });
  return verdict;
}

/**
 * The colour the first `word` in a CodeMirror view is drawn in (the element around its text:
 * a highlighted token's span, or the line when the grammar leaves it plain), and the keyword
 * and plain colours of the theme.
 */
async function tokenColour(view: Locator, word: string) {
  return view.evaluate((root, word) => {
    const content = root.querySelector('.cm-content') as Element;
    const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    const pattern = new RegExp(`\\b${word}\\b`);
    let around: Element | null = null;
    for (let node = walker.nextNode(); node && !around; node = walker.nextNode())
      if (pattern.test(node.textContent ?? '')) around = node.parentElement;
    const probe = document.createElement('span');
    probe.style.color = 'var(--code-keyword)';
    content.appendChild(probe);
    const keyword = getComputedStyle(probe).color;
    probe.remove();
    const plain = getComputedStyle(content).color;
    return { token: around ? getComputedStyle(around).color : null, keyword, plain };
  }, word);
}

test('a pasted HumanEval-X line runs in the JavaScript sandbox, highlighted as JavaScript', async ({
  page,
  browser
}) => {
  test.setTimeout(150_000);
  const errors = await openPlayground(page, 1280, 'light');

  // A broken line says why.
  const line = page.getByLabel('Or paste one HumanEval or MBPP line');
  const { test: _, ...untested } = JSON.parse(JS_LINE);
  await line.fill(JSON.stringify(untested));
  await page.getByRole('button', { name: 'Import the line' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'The line has no "test" (HumanEval-X) or "tests" (MultiPL-E) to grade with.'
  );

  await line.fill(JS_LINE);
  await page.getByRole('button', { name: 'Import the line' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toContainText(
    'Imported javascript-950. Read as HumanEval-X JavaScript: the examples come from the doc comment'
  );
  const languages = page.getByRole('group', { name: 'Language of the problem' });
  await expect(languages.getByRole('button', { name: 'JavaScript' })).toHaveAttribute(
    'aria-pressed',
    'true'
  );
  await expect(page.getByLabel('Entry point')).toHaveValue('sumEven');
  await expect(page.getByLabel('Examples the model sees')).toHaveValue(
    '[1, 2, 3, 4] -> 6\n[] -> 0'
  );
  await expect(page.getByLabel('Hidden check (optional)')).toHaveValue(/console\.assert\(sumEven/);

  // The solution editor follows the language: `const` is a keyword in JavaScript only.
  const editor = page
    .locator('.editor[data-language]')
    .filter({ has: page.locator('.cm-content') });
  await expect(editor).toHaveAttribute('data-language', 'javascript');
  const asJs = await tokenColour(editor, 'const');
  expect(asJs.token).toBe(asJs.keyword);
  expect(asJs.keyword).not.toBe(asJs.plain);
  await languages.getByRole('button', { name: 'Python' }).click();
  await expect(editor).toHaveAttribute('data-language', 'python');
  await expect.poll(async () => (await tokenColour(editor, 'const')).token).toBe(asJs.plain);
  await languages.getByRole('button', { name: 'JavaScript' }).click();
  await expect.poll(async () => (await tokenColour(editor, 'const')).token).toBe(asJs.keyword);

  // Python-only techniques say so before Run.
  const technique = page.getByLabel('Technique', { exact: true });
  await expect(technique.locator('option[value="reflexion"]')).toContainText('(Python only)');
  await technique.selectOption('reflexion');
  await expect(page.locator('#technique-misfit')).toContainText(
    'Reflexion runs Python problems only'
  );
  await technique.selectOption('self-debug');
  await expect(page.locator('#technique-misfit')).toHaveCount(0);
  // Trace feedback cannot trace JavaScript: the knob says what it sends instead.
  const feedback = page.getByLabel('Feedback', { exact: true });
  await feedback.selectOption('trace');
  await expect(feedback).toHaveAccessibleDescription(/Only Python programs are traced/);
  await feedback.selectOption('unit-test');
  await expect(page.locator('#knob-feedback-note')).toHaveCount(0);

  const demo = page.getByRole('radio', { name: /Demo — scripted: replies with your reference/ });
  await expect(demo).toBeChecked();
  const verdict = await runDemo(page);
  await expect(verdict).toContainText('Hidden tests: 1/1 pass');

  // The program is highlighted as JavaScript in the run too.
  const program = page.getByTestId('code-view').first();
  await expect(program).toHaveAttribute('data-language', 'javascript');
  await expect(program.locator('.cm-content')).toBeVisible();
  const inRun = await tokenColour(program, 'const');
  expect(inRun.token).toBe(inRun.keyword);
  await shot(page, 'playground-js-1280-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'playground-js-1280-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // Reload: still JavaScript, the run still there.
  await page.reload();
  await expect(languages.getByRole('button', { name: 'JavaScript' })).toHaveAttribute(
    'aria-pressed',
    'true'
  );
  await expect(verdict).toContainText('Hidden tests: 1/1 pass');
  await expect(page.getByTestId('code-view').first()).toHaveAttribute(
    'data-language',
    'javascript'
  );

  // The link replays in a fresh browser, in JavaScript.
  const link = await shareLink(page);
  const fresh = await browser.newContext();
  const outside = await offline(fresh);
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(other.getByTestId('verdict')).toContainText('Hidden tests: 1/1 pass');
  const replayed = other.getByTestId('code-view').first();
  await expect(replayed).toHaveAttribute('data-language', 'javascript');
  await expect(replayed.locator('.cm-content')).toBeVisible();
  const there = await tokenColour(replayed, 'const');
  expect(there.token).toBe(there.keyword);
  await fresh.close();
  expect(outside).toEqual([]);

  // Compare with…: the run's pane highlights JavaScript too.
  await page.getByRole('button', { name: 'Compare with…' }).click();
  await expect(page).toHaveURL(/\/compare#a=/);
  const left = page.locator('section[data-side="left"]').getByTestId('code-view');
  await expect(left).toHaveAttribute('data-language', 'javascript');
  await expect(left.locator('.cm-content')).toBeVisible();
  const inPane = await tokenColour(left, 'const');
  expect(inPane.token).toBe(inPane.keyword);
  expect(errors).toEqual([]);
});

test('a lesson’s JavaScript problem runs with the demo, and fits a narrow screen', async ({
  page
}) => {
  test.setTimeout(120_000);
  const errors = await openPlayground(page, 380, 'dark');
  await page
    .getByLabel("Start from a lesson's problem")
    .selectOption({ label: 'Self-debugging with unit-test feedback (JavaScript)' });
  await page.getByRole('button', { name: 'Use it' }).click();
  await expect(page.getByLabel('Entry point')).toHaveValue('countWindows');
  await expect(
    page
      .getByRole('group', { name: 'Language of the problem' })
      .getByRole('button', { name: 'JavaScript' })
  ).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('radio', { name: /Demo — scripted/ }).check();
  await expect(await runDemo(page)).toContainText('Hidden tests: 8/8 pass');
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth
  );
  expect(overflow).toBe(0);
  await shot(page, 'playground-js-380-dark');
  // Close-ups at full size (the whole narrow page is too tall to read in one picture).
  // (scrolled into view first: CodeMirror measures wrapped lines once they are on screen)
  const problemSection = page.locator('section[aria-labelledby="problem-heading"]');
  await page.locator('.editor .cm-content').scrollIntoViewIfNeeded();
  await page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))
  );
  await problemSection.screenshot({
    path: 'test-results/screenshots/playground-js-380-dark-problem.png'
  });
  await page
    .locator('section.program')
    .screenshot({ path: 'test-results/screenshots/playground-js-380-dark-program.png' });
  await page.emulateMedia({ colorScheme: 'light' });
  await shot(page, 'playground-js-380-light');
  await page.getByTestId('verdict').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screenshots/playground-js-380-light-run.png' });
  expect(errors).toEqual([]);
});

test('every code view of a JavaScript run highlights JavaScript: program, diff, samples, fork editor', async ({
  page
}) => {
  test.setTimeout(150_000);
  const errors = await openPlayground(page, 1280, 'light');
  await page.goto('/lessons/self-debugging?lang=javascript');
  await expect(paused(page)).toBeVisible({ timeout: 60_000 });
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Hidden tests: 8/8 pass', {
    timeout: 60_000
  });
  // The program and the diff from the previous version.
  for (const id of ['code-view', 'diff-view']) {
    const view = page.getByTestId(id).first();
    await expect(view).toHaveAttribute('data-language', 'javascript');
    await expect(view.locator('.cm-content')).toBeVisible();
    const colours = await tokenColour(view, 'function'); // a plain name to Python
    expect(colours.token, id).toBe(colours.keyword);
  }
  // The fork editor: the program to continue with, in JavaScript.
  await page.getByRole('button', { name: 'Fork here' }).click();
  const fork = page.getByRole('dialog', { name: /Fork at step/ });
  await expect(fork.locator('.editor')).toHaveAttribute('data-language', 'javascript');
  await expect(fork.locator('.cm-content')).toBeVisible();
  const inFork = await tokenColour(fork.locator('.editor'), 'function');
  expect(inFork.token).toBe(inFork.keyword);
  await page.keyboard.press('Escape');

  // A technique's own view: sampling's sample program, from the playground.
  await page.goto('/playground');
  await page
    .getByLabel("Start from a lesson's problem")
    .selectOption({ label: 'Self-debugging with unit-test feedback (JavaScript)' });
  await page.getByRole('button', { name: 'Use it' }).click();
  await page.getByLabel('Technique', { exact: true }).selectOption('sampling');
  await page.locator('#knob-n').fill('2');
  await page.getByRole('radio', { name: /Demo — scripted/ }).check();
  await runDemo(page);
  const sample = page.getByRole('region', { name: /Program of sample/ }).getByTestId('code-view');
  await expect(sample).toHaveAttribute('data-language', 'javascript');
  await expect(sample.locator('.cm-content')).toBeVisible();
  const inSample = await tokenColour(sample, 'function');
  expect(inSample.token).toBe(inSample.keyword);
  await expectNoSeriousViolations(page, 'the playground after a JavaScript run');
  expect(errors).toEqual([]);
});

test('my model plans and writes JavaScript with self-planning, asked in JavaScript’s words', async ({
  page
}) => {
  test.setTimeout(150_000);
  const PLAN = '1. Keep the even numbers of the list.\n2. Add them up, starting from 0.';
  const CODE =
    'const sumEven = (numbers) => {\n  // Step 1\n  const evens = numbers.filter((n) => n % 2 === 0);\n' +
    '  // Step 2\n  return evens.reduce((a, b) => a + b, 0);\n};';
  let calls = 0;
  const server = await startFakeEndpoint({
    chat: () => ({
      content: calls++ === 0 ? PLAN : 'The function:\n\n```javascript\n' + CODE + '\n```',
      usage: { prompt_tokens: 80, completion_tokens: 30 }
    })
  });
  try {
    const errors = await openPlayground(page, 1280, 'light');
    await page.goto('/models');
    const form = page.getByRole('form', { name: /model server/ });
    await form.getByLabel('Address').fill(server.origin);
    await form.getByLabel('Model name').fill('js-coder');
    await form.getByRole('button', { name: 'Save and use' }).click();
    await expect(form.getByRole('status')).toContainText('Saved');

    await page.goto('/playground');
    await page.getByLabel('Or paste one HumanEval or MBPP line').fill(JS_LINE);
    await page.getByRole('button', { name: 'Import the line' }).click();
    await page.getByLabel('Technique', { exact: true }).selectOption('self-planning');
    await page.getByRole('radio', { name: /My model: js-coder/ }).check();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByTestId('model-label')).toContainText('js-coder');
    await expect(paused(page)).toBeVisible({ timeout: 60_000 });
    await page.keyboard.press('End');
    await expect(page.getByTestId('verdict')).toContainText('Solved', { timeout: 60_000 });
    await expect(page.getByTestId('verdict')).toContainText('Hidden tests: 1/1 pass');

    // What went over the wire: JavaScript's words and fence, the examples, never the check.
    const chats = server.received.filter((r) => r.url === '/v1/chat/completions');
    expect(chats.length).toBe(2);
    const sent = JSON.stringify(chats.map((c) => c.body));
    expect(sent).not.toMatch(/python/i);
    expect(sent).toContain('JavaScript');
    expect(sent).toContain('```javascript');
    expect(sent).toContain('sumEven([1, 2, 3, 4]) // => 6');
    expect(sent).not.toContain('testSumEven');
    const program = page.getByTestId('code-view').first();
    await expect(program).toHaveAttribute('data-language', 'javascript');
    await shot(page, 'playground-js-self-planning-1280-light');
    expect(errors).toEqual([]);
  } finally {
    await server.close();
  }
});
