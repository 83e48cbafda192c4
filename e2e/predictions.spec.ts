/**
 * Predict, then reveal: lesson 3 stops before its two prediction points, the learner picks,
 * the step runs and the page says right or wrong; the score shows at the end, survives a
 * reload and reaches the home page; the lesson's checkbox turns the stops off.
 */
import { test, expect, pythonReady, shot } from './fixtures';
import type { Page } from '@playwright/test';

test.use({ predictions: 'on' });

const counter = (page: Page) => page.getByTestId('step-counter');

test('lesson 3 asks twice, reveals each answer, and keeps the score', async ({ page }) => {
  await page.goto('/lessons/rubber-duck-and-trace');
  await pythonReady(page);
  const step = page.getByRole('button', { name: 'Step', exact: true });
  const card = page.getByTestId('prediction');
  await step.click();
  await expect(counter(page)).toContainText('Step 1');
  // Before step 2 the player holds: the question, and focus on its first choice.
  await page.keyboard.press('ArrowRight');
  await expect(card).toContainText('Which of the examples will the first program pass?');
  await expect(counter(page)).toContainText('Step 1');
  await expect(card.getByRole('button').first()).toBeFocused();
  await card.getByRole('button', { name: '"2h" and "5m", not "1h30m"' }).click();
  await expect(counter(page)).toContainText('Step 2');
  const result = page.getByTestId('prediction-result');
  await expect(result).toContainText('✓ Your prediction was right.');
  await expect(result).toContainText('the 3 of 30 is lost');

  for (let i = 0; i < 3 && !(await card.isVisible()); i++) await step.click();
  await expect(card).toContainText('Will the examples pass now?');
  await card.getByRole('button', { name: 'No' }).click();
  await expect(result).toContainText('✗ Not this time: it was “Yes”.');
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved');
  await expect(page.getByTestId('prediction-score')).toHaveText('Predictions: 1 of 2 right.');
  await shot(page, 'predictions-score');
  // Saved with the lesson's progress: a reload shows the same score.
  await expect(page.getByRole('group', { name: 'Your progress in this lesson' })).toHaveAttribute(
    'data-saved',
    'yes'
  );
  await page.reload();
  await expect(page.getByTestId('prediction-score')).toHaveText('Predictions: 1 of 2 right.');

  await page.goto('/');
  await expect(page.getByTestId('predictions-summary')).toContainText('1 of 2 predictions right');
});

test('the lesson checkbox turns the stops off', async ({ page }) => {
  await page.goto('/lessons/rubber-duck-and-trace');
  await pythonReady(page);
  await page.getByLabel(/ask me to predict/).uncheck();
  // The arrow keys belong to the checkbox while it has focus: step with the button.
  const step = page.getByRole('button', { name: 'Step', exact: true });
  for (let i = 1; i <= 3; i++) {
    await step.click();
    await expect(counter(page)).toContainText(`Step ${i}`);
  }
  await expect(page.getByTestId('prediction')).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel(/ask me to predict/)).not.toBeChecked();
});

test('the question holds at 390 px in the dark theme, and is large in presenter mode', async ({
  page
}) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/lessons/rubber-duck-and-trace');
  await pythonReady(page);
  const step = page.getByRole('button', { name: 'Step', exact: true });
  await step.click();
  await expect(counter(page)).toContainText('Step 1');
  await step.click();
  const card = page.getByTestId('prediction');
  await expect(card).toContainText('Which of the examples will the first program pass?');
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screenshots/predictions-narrow-dark.png' });
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth
  );
  expect(overflow).toBe(0);

  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.keyboard.press('p');
  await expect(card).toContainText('Which of the examples will the first program pass?');
  const size = await card
    .getByRole('button')
    .first()
    .evaluate((b) => parseFloat(getComputedStyle(b).fontSize));
  expect(size).toBeGreaterThanOrEqual(20);
  await expect(card).toBeInViewport();
  // What the projector shows: the viewport, not the whole page.
  await page.screenshot({ path: 'test-results/screenshots/predictions-presenter.png' });
});
