/**
 * Lesson 13 (MapCoder), as a learner takes it: stepped with the keyboard, both predictions
 * answered by keyboard, the role lanes, the plan list and the recalled problem read by role
 * and text, plan 1 dropped after two debug rounds and plan 2 solving it; then a fork with one
 * plan, where nothing is left to go back to. Screenshots at 1280 and 390 px, light and dark,
 * in test-results/screenshots/lesson13-*.png. Also Fork here's other new count: lesson 11
 * forked with n set to 3, as its text asks. The replies are scripted; the technique, the
 * sandbox and the grading are real.
 */
import type { Page } from '@playwright/test';
import { test, expect, pythonReady, shot } from './fixtures';
import { expectNoSeriousViolations } from './axe';

const counter = (page: Page) => page.getByTestId('step-counter');
const card = (page: Page) => page.getByTestId('prediction');
const verdict = (page: Page) => page.getByTestId('verdict');
const lanes = (page: Page) => page.getByRole('region', { name: /^Who does what/ });
const lane = (page: Page, agent: string) => lanes(page).getByRole('region', { name: agent });
const planList = (page: Page) => page.getByRole('list', { name: /^Plans, most confident first/ });
const plans = (page: Page) => planList(page).locator(':scope > li');
const currentPlan = (page: Page) => planList(page).locator(':scope > li[aria-current="step"]');
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

/** Home, then Fork here with `spin` set to `value`, then End. */
async function forkFromStart(page: Page, spin: string, value: string) {
  await counter(page).click();
  await page.keyboard.press('Home');
  await page.getByRole('button', { name: 'Fork here' }).click();
  const fork = page.getByRole('dialog', { name: /Fork at step 0/ });
  await fork.getByRole('spinbutton', { name: spin }).fill(value);
  await fork.getByRole('button', { name: 'Fork and continue' }).click();
  await expect(fork).toBeHidden();
  await counter(page).click();
  await page.keyboard.press('End');
}

test.describe('with predictions on', () => {
  test.use({ predictions: 'on' });

  test('lesson 13: stepped and predicted by keyboard to its verdict, then forked to one plan', async ({
    page
  }) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/lessons/mapcoder');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('MapCoder');
    await expect(page.getByTestId('model-label')).toContainText('written by the lesson author');
    await pythonReady(page);
    await counter(page).click();

    // The first prediction holds the player before plan 1's code runs on the examples.
    const asks = (question: string) => card(page).filter({ hasText: question });
    await stepUntil(page, () => asks('How many of the').isVisible(), 'the first prediction');
    await expect(card(page)).toContainText('How many of the four examples will its code pass?');
    await expect(counter(page)).toContainText('Step 4');
    await expect(lane(page, 'coding agent')).toHaveAttribute('aria-current', 'step');
    await expect(page.getByRole('region', { name: /^Recalled problems/ })).toContainText(
      'fewest coins of 1, 5, 10 and 25'
    );
    await expect(plans(page).nth(0)).toContainText(/Plan 1\s*confidence 90/);
    await expect(plans(page).nth(1)).toContainText(/Plan 2\s*confidence 60\s*not tried yet/);
    await expect(currentPlan(page)).toContainText('Plan 1');
    await expect(card(page).getByRole('button').first()).toBeFocused();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(card(page).getByRole('button', { name: /^One: only 3/ })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(counter(page)).toContainText('Step 5');
    await expect(page.getByTestId('prediction-result')).toContainText(
      '✓ Your prediction was right.'
    );
    await expect(currentPlan(page)).toContainText('being tried: 0 debug rounds, 1/4 examples');
    await shot(page, 'lesson13-plan1-1280-light');

    // The second prediction, before the coding agent starts on plan 2.
    await stepUntil(page, () => asks('What does MapCoder do next').isVisible(), 'the second one');
    await expect(currentPlan(page)).toContainText('being tried: 2 debug rounds, 3/4 examples');
    await page.keyboard.press('Tab');
    await expect(
      card(page).getByRole('button', { name: 'It drops plan 1 and codes plan 2 from scratch' })
    ).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('prediction-result')).toContainText(
      '✓ Your prediction was right.'
    );
    await expect(currentPlan(page)).toContainText('Plan 2');
    await expect(plans(page).nth(0)).toContainText('dropped after 2 debug rounds, 3/4 examples');

    await stepUntil(page, () => verdict(page).isVisible(), 'the verdict');
    await expect(verdict(page)).toContainText('Solved');
    await expect(verdict(page)).toContainText('Hidden tests: 10/10 pass');
    await expect(page.getByTestId('prediction-score')).toHaveText('Predictions: 2 of 2 right.');
    await expect(plans(page).nth(1)).toContainText('passed the examples after 0 debug rounds');
    await expect(
      page.getByText("Stopped because plan 2's code passes the examples.", { exact: true })
    ).toBeVisible();
    const handoffs = page.getByRole('list', { name: 'Hand-offs' }).getByRole('listitem');
    await expect(handoffs.nth(2)).toHaveText(
      /coding agent\s*⟶ to\s*debugging agent\s*3 of 4 examples fail$/
    );
    await expect(handoffs.nth(3)).toHaveText(
      /debugging agent\s*⟶ to\s*debugging agent\s*2 of 4 examples fail$/
    );
    await expect(handoffs.nth(4)).toHaveText(
      /debugging agent\s*⟶ to\s*coding agent\s*1 of 4 examples fail$/
    );
    await expectNoSeriousViolations(page, 'lesson 13 at its verdict');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'lesson13-end-1280-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'lesson13-end-1280-dark');
    await page
      .getByRole('region', { name: /^MapCoder$/ })
      .screenshot({ path: 'test-results/screenshots/lesson13-views-1280-dark.png' });

    // Narrow, dark then light: nothing wider than the screen; the lanes stack.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect
      .poll(() => overflow(page), { message: 'overflow at 390 px' })
      .toBeLessThanOrEqual(0);
    const recall = await lane(page, 'recall agent').boundingBox();
    const planner = await lane(page, 'planning agent').boundingBox();
    expect(planner!.y).toBeGreaterThan(recall!.y + recall!.height - 1);
    await expectNoSeriousViolations(page, 'lesson 13, narrow and dark');
    await shot(page, 'lesson13-end-390-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await shot(page, 'lesson13-end-390-light');
    await planList(page).scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screenshots/lesson13-plans-390-light.png' });

    // The learner's choice: one plan from the start leaves nothing to go back to.
    await page.setViewportSize({ width: 1280, height: 800 });
    await forkFromStart(page, 'Plans', '1');
    await expect(verdict(page)).toContainText('Not solved', { timeout: 60_000 });
    await expect(verdict(page)).toContainText('Hidden tests: 8/10 pass');
    await expect(plans(page)).toHaveCount(1);
    await expect(
      page.getByText('Stopped because the plans ran out: no code passed the examples.', {
        exact: true
      })
    ).toBeVisible();
    await shot(page, 'lesson13-fork-one-plan-1280-light');
  });
});

test('lesson 11: Fork here with n set to 3, as the lesson asks', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/lessons/codet');
  await pythonReady(page);
  await forkFromStart(page, 'Programs sampled (n)', '3');
  // With samples 1 to 3 only, the vote takes program 2, which fails two hidden tests.
  await expect(verdict(page)).toContainText('Not solved', { timeout: 60_000 });
  await expect(verdict(page)).toContainText(/Hidden tests: 7\/\d+ pass/);
  await shot(page, 'lesson11-fork-n3-1280-light');
});
