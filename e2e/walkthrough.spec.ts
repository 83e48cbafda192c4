import { test, expect, shot, offline, pythonReady } from './fixtures';
import type { Page } from '@playwright/test';

const stepCounter = (page: Page) => page.getByTestId('step-counter');
const programHeading = (page: Page) => page.getByRole('heading', { name: /^Program v\d/ });

async function openWalkthrough(page: Page) {
  await page.goto('/');
  // the lesson list (the course map below links every lesson too)
  await page
    .getByRole('region', { name: 'Start here' })
    .getByRole('link', { name: /Self-debugging with unit-test feedback/ })
    .click();
  await expect(
    page.getByText('Scripted walkthrough — responses written by the lesson author')
  ).toBeVisible();
  await expect(page.getByText('Paused before the next call — press Step')).toBeVisible();
  await pythonReady(page);
}

test('home page names the app and links to the walkthrough, without heavy runtimes', async ({
  page
}) => {
  const loaded: string[] = [];
  page.on('request', (request) => loaded.push(request.url()));
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Agentic Code Lab' })).toBeVisible();
  await expect(
    page
      .getByRole('region', { name: 'Start here' })
      .getByRole('link', { name: /Self-debugging with unit-test feedback/ })
  ).toBeVisible();
  await shot(page, 'home');
  expect(loaded.filter((url) => /pyodide|codemirror|sandbox/i.test(url))).toEqual([]);
});

test('the page is cross-origin isolated, with a content security policy', async ({ page }) => {
  const response = await page.goto('/lessons/self-debugging');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
});

test('the lesson names its paper and says how it differs from it', async ({ page }) => {
  await page.goto('/lessons/self-debugging');
  await expect(page.getByText(/^Source: Chen, Lin, Schärli and Zhou/)).toBeVisible();
  const box = page.getByRole('region', { name: 'How this differs from the paper' });
  await expect(box.getByRole('listitem')).toHaveCount(4);
  await expect(box.getByRole('listitem').first()).toContainText('zero-shot');
});

test('walkthrough: step to the end, go back, share, replay the link, reject a damaged link', async ({
  page,
  browser
}) => {
  await openWalkthrough(page);
  await expect(stepCounter(page)).toContainText('Step 0');
  await shot(page, 'lesson-start');

  // → releases the first model call: the first program appears.
  await page.keyboard.press('ArrowRight');
  await expect(programHeading(page)).toHaveText('Program v1');
  // → runs the examples for real in Pyodide: the off-by-one shows up.
  await page.keyboard.press('ArrowRight');
  const tests = page.getByRole('table');
  await expect(tests.getByRole('row', { name: /\[5, 1, 1\], 3, 7/ })).toContainText('fail');

  // End runs to the end: the final program passes the hidden tests.
  await page.keyboard.press('End');
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toContainText('Solved');
  await expect(verdict).toContainText('Hidden tests: 8/8 pass');
  await expect(programHeading(page)).toHaveText('Program v3');
  await expect(
    page.getByRole('region', { name: 'Timeline' }).getByRole('listitem')
  ).not.toHaveCount(0);
  await shot(page, 'lesson-end');
  const end = await stepCounter(page).textContent();
  expect(end).toMatch(/Step 7 of 7/);

  // Back three times: the earlier program and its failing example, nothing re-run.
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
  await expect(stepCounter(page)).toContainText('Step 4 of 7');
  await expect(programHeading(page)).toHaveText('Program v2');
  await expect(tests.getByRole('row', { name: /\[2, 2\], 3, 10/ })).toContainText('fail');
  await expect(verdict).toHaveCount(0);
  await shot(page, 'lesson-back');

  // Share: the link carries the run and the step.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Share' }).click();
  // The link is packed asynchronously (CompressionStream): wait for it, then read it.
  const field = page.getByRole('textbox', { name: 'Permalink' });
  await expect(field).toHaveValue(/\/replay#step=4&sum=[0-9a-f]{8}&run=[A-Za-z0-9_-]+$/);
  await expect(page.getByRole('dialog', { name: 'Share this run' })).toContainText('Link copied');
  const link = await field.inputValue();
  // This server keeps runs, so the short link is what was copied (e2e/short-links.spec.ts).
  const short = await page.getByRole('textbox', { name: 'Short link' }).inputValue();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(short);
  await shot(page, 'share-dialog');
  await page.getByRole('button', { name: 'Close' }).click();

  // A fresh browser profile replays the same run at the same step.
  const fresh = await browser.newContext();
  const outside = await offline(fresh);
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(stepCounter(other)).toContainText('Step 4 of 7');
  await expect(programHeading(other)).toHaveText('Program v2');
  await expect(
    other.getByRole('table').getByRole('row', { name: /\[2, 2\], 3, 10/ })
  ).toContainText('fail');
  await shot(other, 'replay');
  await other.keyboard.press('End');
  await expect(other.getByTestId('verdict')).toContainText('Solved');

  // A damaged link says so in words and offers a way home.
  const damaged = link.slice(0, link.length - 40) + '!!' + link.slice(-20);
  await other.goto(damaged);
  await expect(other.getByRole('heading', { name: 'This link cannot be opened' })).toBeVisible();
  await expect(other.getByText(/This link is damaged/)).toBeVisible();
  await expect(other.getByRole('link', { name: 'Go to the home page' })).toBeVisible();
  await shot(other, 'broken-link');
  const truncated = link.slice(0, Math.floor(link.length * 0.6));
  await other.goto('/');
  await other.goto(truncated);
  await expect(other.getByRole('heading', { name: 'This link cannot be opened' })).toBeVisible();
  await fresh.close();
  expect(outside).toEqual([]);
});

test('the ? key lists the shortcuts; buttons drive the player too', async ({ page }) => {
  await openWalkthrough(page);
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('row')).toHaveCount(12); // with P, F, M, [ and ]
  await expect(dialog.getByRole('row', { name: /^M Show the prompt/ })).toBeVisible();
  await shot(page, 'shortcuts');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(programHeading(page)).toHaveText('Program v1');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(page.getByTestId('verdict')).toContainText('Solved', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Restart', exact: true }).click();
  await expect(stepCounter(page)).toContainText('Step 0 of 7');
  await expect(page.getByText('The model has not written a program yet.')).toBeVisible();
});

test('fork here with an edited program continues live from that step', async ({ page }) => {
  await openWalkthrough(page);
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
  await expect(programHeading(page)).toHaveText('Program v2');

  await page.getByRole('button', { name: 'Fork here' }).click();
  const dialog = page.getByRole('dialog', { name: /Fork at step 4/ });
  const editor = dialog.getByRole('textbox', { name: 'Program to continue with' });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(
    'def count_windows(values, k, limit):\n' +
      '    return sum(1 for s in range(len(values) - k + 1) if sum(values[s:s + k]) <= limit)\n'
  );
  await shot(page, 'fork-dialog');
  await dialog.getByRole('button', { name: 'Fork and continue' }).click();

  await expect(page.getByTestId('model-label')).toContainText('edited program');
  await expect(programHeading(page)).toHaveText('Program v2');
  await expect(page.getByTestId('code-view')).toHaveAttribute(
    'data-code',
    /range\(len\(values\) - k \+ 1\)/
  );
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved');
  await expect(
    page.getByRole('list', { name: 'Counters' }).or(page.getByLabel('Counters'))
  ).toContainText(/Model calls\s*2\b/);
  await expect(page.getByRole('region', { name: 'Timeline' })).toContainText('Edited reply (fork)');
});

test('fork here with a lower turn cap stops at the cap', async ({ page }) => {
  await openWalkthrough(page);
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(stepCounter(page)).toContainText('Step 2 of 7');
  await page.getByRole('button', { name: 'Fork here' }).click();
  const dialog = page.getByRole('dialog', { name: /Fork at step 2/ });
  await dialog.getByRole('spinbutton', { name: 'Turn cap' }).fill('2');
  await dialog.getByRole('button', { name: 'Fork and continue' }).click();
  await expect(page.getByTestId('model-label')).toContainText('maxTurns = 2');
  await page.keyboard.press('End');
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toContainText('Not solved');
  await expect(verdict).toContainText('the turn cap (2) is reached');
});

test('layout holds on a narrow screen and in dark mode', async ({ page }) => {
  await page.setViewportSize({ width: 380, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await openWalkthrough(page);
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved');
  await shot(page, 'lesson-narrow-dark');
  const overflow = () =>
    page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(await overflow()).toBeLessThanOrEqual(0);
  for (const path of ['/', '/sandbox', '/replay#step=1&run=AAAA']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(await overflow(), `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
  }
});

test('a program that never stops is cut off by the time limit, and the run goes on', async ({
  page
}) => {
  await openWalkthrough(page);
  await page.keyboard.press('ArrowRight');
  await expect(programHeading(page)).toHaveText('Program v1');
  await page.getByRole('button', { name: 'Fork here' }).click();
  const dialog = page.getByRole('dialog', { name: /Fork at step 1/ });
  await dialog.getByRole('textbox', { name: 'Program to continue with' }).click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(
    'def count_windows(values, k, limit):\n    while True:\n        pass\n'
  );
  await dialog.getByRole('button', { name: 'Fork and continue' }).click();
  await expect(page.getByTestId('code-view')).toHaveAttribute('data-code', /while True/);

  await page.keyboard.press('ArrowRight');
  const tests = page.getByRole('table');
  await expect(tests.getByRole('row', { name: /\[1, 2, 3, 4\], 2, 5/ })).toContainText('timeout', {
    timeout: 30_000
  });
  // The page stayed responsive, and the sandbox came back for the next program.
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved', { timeout: 30_000 });
  await expect(page.getByRole('region', { name: 'Timeline' })).toContainText('timed out');
});

test('fork with trace feedback: the model is shown a real line trace of its failing example', async ({
  page
}) => {
  await openWalkthrough(page);
  await page.getByRole('button', { name: 'Fork here' }).click();
  const dialog = page.getByRole('dialog', { name: /Fork at step 0/ });
  await dialog.getByRole('combobox', { name: 'Feedback' }).selectOption('trace');
  await dialog.getByRole('button', { name: 'Fork and continue' }).click();
  await expect(page.getByTestId('model-label')).toContainText('feedback = trace');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  // model call, examples, then the traced run of the failing example
  await expect(
    page.getByRole('region', { name: 'Line trace of the failing example' })
  ).toBeVisible();
  await expect(page.getByTestId('trace-counter')).toHaveText(/^Step 1 of \d+$/);
  // The feedback built from that trace is what the model gets next.
  await expect(
    page.getByText('This is what your code did on count_windows([5, 1, 1], 3, 7)')
  ).toBeVisible();
  await shot(page, 'lesson-trace-feedback');
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved');
});
