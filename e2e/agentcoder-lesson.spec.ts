/**
 * Lesson 12 (AgentCoder), as a learner takes it: stepped with the keyboard, both predictions
 * answered by keyboard, the role lanes and the designer's tests read by role and text, the
 * verdict and the wrong test marked; the prompt of the last call shows the executor's report
 * as feedback; a fork with a round cap of 1 leaves the program with round() as the answer.
 * Screenshots at 1280 and 390 px, light and dark, in test-results/screenshots/lesson12-*.png.
 * The replies are scripted; the technique, the sandbox and the grading are real.
 */
import type { Page } from '@playwright/test';
import { test, expect, pythonReady, shot } from './fixtures';
import { expectNoSeriousViolations } from './axe';

test.use({ predictions: 'on' });

const counter = (page: Page) => page.getByTestId('step-counter');
const card = (page: Page) => page.getByTestId('prediction');
const verdict = (page: Page) => page.getByTestId('verdict');
const lanes = (page: Page) => page.getByRole('region', { name: /^Who does what/ });
const lane = (page: Page, agent: string) => lanes(page).getByRole('region', { name: agent });
const testsTable = (page: Page) => page.getByRole('table', { name: /^The test designer's tests/ });
/** Designer test `n`'s row (row 0 is the header). */
const testRow = (page: Page, n: number) => testsTable(page).getByRole('row').nth(n);
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Presses → until `done` holds, one step at a time (each step may run a program). */
async function stepUntil(page: Page, done: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 20 && !(await done()); i++) {
    const before = await counter(page).innerText();
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(async () => (await done()) || (await counter(page).innerText()) !== before, {
        timeout: 45_000,
        message: `${what}: one step on from "${before}"`
      })
      .toBe(true);
  }
  expect(await done(), what).toBe(true);
}

test('lesson 12: stepped and predicted by keyboard to its verdict, then forked to one round', async ({
  page
}) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/lessons/agentcoder');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('AgentCoder');
  await expect(page.getByTestId('model-label')).toContainText('written by the lesson author');
  await pythonReady(page);
  await counter(page).click();

  // The first prediction holds the player before the executor runs round 1.
  const asks = (question: string) => card(page).filter({ hasText: question });
  await stepUntil(page, () => asks('Which of the').isVisible(), 'the first prediction');
  await expect(card(page)).toContainText('Which of the designer’s tests will it fail?');
  await expect(counter(page)).toContainText('Step 4');
  await expect(lane(page, 'programmer')).toHaveAttribute('aria-current', 'step');
  await expect(card(page).getByRole('button').first()).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(
    card(page).getByRole('button', { name: 'The two tests of a half, and the large one' })
  ).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(counter(page)).toContainText('Step 5');
  await expect(page.getByTestId('prediction-result')).toContainText('✓ Your prediction was right.');

  // Round 1, run by the executor: the two halves and the large test fail.
  await expect(lane(page, 'test executor')).toHaveAttribute('aria-current', 'step');
  for (const n of [5, 6, 7]) await expect(testRow(page, n)).toContainText('✗ fail');
  for (const n of [1, 2, 3, 4]) await expect(testRow(page, n)).not.toContainText('✗ fail');
  await expect(testRow(page, 5)).toContainText('mean_score([1, 2, 3, 4]) == 3');
  await expect(testRow(page, 7)).toContainText('not checked yet');
  await expect(page.getByRole('list', { name: 'Hand-offs' }).getByRole('listitem')).toHaveText([
    /test designer\s*⟶ to\s*test executor\s*7 tests$/,
    /programmer\s*⟶ to\s*test executor\s*program, round 1$/,
    /test executor\s*⟶ to\s*programmer\s*3 of 7 tests fail$/
  ]);
  await shot(page, 'lesson12-round1-1280-light');

  // The second prediction, before the hidden tests: "Yes" is the first choice.
  await stepUntil(page, () => asks('Will it pass').isVisible(), 'the second prediction');
  await expect(card(page)).toContainText('Will it pass the hidden tests?');
  await expect(card(page).getByRole('button', { name: 'Yes' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('prediction-result')).toContainText('✓ Your prediction was right.');

  await stepUntil(page, () => verdict(page).isVisible(), 'the verdict');
  await expect(verdict(page)).toContainText('Solved');
  await expect(verdict(page)).toContainText('Hidden tests: 10/10 pass');
  await expect(page.getByTestId('prediction-score')).toHaveText('Predictions: 2 of 2 right.');
  await expect(testsTable(page).getByRole('columnheader')).toHaveText([
    'Test',
    'Round 1',
    'Round 2',
    'Round 3',
    'Against the reference'
  ]);
  await expect(testRow(page, 7)).toContainText('✗ wrong test');
  await expect(testRow(page, 7)).toContainText('mean_score(list(range(101))) == 51');
  await expect(testRow(page, 5)).toContainText('✓ holds');
  await expect(
    page.getByText('Stopped because the round cap is reached (3 rounds).', { exact: true })
  ).toBeVisible();
  await expectNoSeriousViolations(page, 'lesson 12 at its verdict');
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await shot(page, 'lesson12-end-1280-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'lesson12-end-1280-dark');
  await lanes(page).screenshot({ path: 'test-results/screenshots/lesson12-lanes-1280-dark.png' });

  // M: the last call's prompt. The executor's report to the programmer is feedback.
  await page.keyboard.press('m');
  const dialog = page.getByRole('dialog', { name: 'The prompt' });
  await expect(dialog.getByTestId('prompt-call')).toContainText('Call 4 of 4');
  const feedback = dialog.locator('[data-source="feedback"]');
  await expect(feedback.first()).toContainText(
    "The function failed 3 of the test designer's 7 tests:"
  );
  await expect(feedback.last()).toContainText(
    'mean_score(list(range(101))) returned 50, expected 51'
  );
  await feedback.first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screenshots/lesson12-prompt-1280-dark.png' });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Narrow, dark then light: nothing wider than the screen; the lanes stack.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => overflow(page), { message: 'overflow at 390 px' }).toBeLessThanOrEqual(0);
  const designer = await lane(page, 'test designer').boundingBox();
  const programmer = await lane(page, 'programmer').boundingBox();
  expect(programmer!.y).toBeGreaterThan(designer!.y + designer!.height - 1);
  await expectNoSeriousViolations(page, 'lesson 12, narrow and dark');
  await shot(page, 'lesson12-end-390-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await shot(page, 'lesson12-end-390-light');
  await testsTable(page).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screenshots/lesson12-tests-390-light.png' });

  // The learner's choice: a round cap of 1 from the start leaves round() as the answer.
  await page.setViewportSize({ width: 1280, height: 800 });
  await counter(page).click();
  await page.keyboard.press('Home');
  await page.getByRole('button', { name: 'Fork here' }).click();
  const fork = page.getByRole('dialog', { name: /Fork at step 0/ });
  await fork.getByRole('spinbutton', { name: 'Round cap' }).fill('1');
  await fork.getByRole('button', { name: 'Fork and continue' }).click();
  await expect(fork).toBeHidden();
  await counter(page).click();
  await page.keyboard.press('End');
  await expect(verdict(page)).toContainText('Not solved', { timeout: 60_000 });
  await expect(verdict(page)).toContainText('Hidden tests: 5/10 pass');
  await expect(
    page.getByText('Stopped because the round cap is reached (1 round).', { exact: true })
  ).toBeVisible();
  await shot(page, 'lesson12-fork-one-round-1280-light');
});
