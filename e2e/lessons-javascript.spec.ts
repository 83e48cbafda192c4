import { test, expect, shot } from './fixtures';
import type { Locator, Page } from '@playwright/test';

const stepCounter = (page: Page) => page.getByTestId('step-counter');
const programHeading = (page: Page) => page.getByRole('heading', { name: /^Program v\d/ });
const verdict = (page: Page) => page.getByTestId('verdict');
const languages = (page: Page) => page.getByRole('group', { name: 'Language of the problem' });
/** A viewport-sized screenshot with `target` scrolled to the top (long narrow pages). */
async function shotAt(page: Page, target: Locator, name: string) {
  await target.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: `test-results/screenshots/${name}.png` });
}
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

async function parked(page: Page) {
  await expect(page.getByText('Paused before the next call — press Step')).toBeVisible({
    timeout: 45_000
  });
}

/** Steps with → (waiting for each step to land) until the verdict shows; returns the count. */
async function stepToEnd(page: Page, most = 30): Promise<number> {
  for (let i = 1; i <= most; i++) {
    const before = await stepCounter(page).textContent();
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(async () => (await stepCounter(page).textContent()) !== before, { timeout: 30_000 })
      .toBe(true);
    if (await verdict(page).isVisible()) return i;
  }
  throw new Error(`no verdict after ${most} steps`);
}

test('lesson 2 in JavaScript from a link: the bug, the repair, the verdict', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/lessons/self-debugging?lang=javascript');
  await expect(languages(page).getByRole('button', { name: 'JavaScript' })).toHaveAttribute(
    'aria-pressed',
    'true'
  );
  await expect(page.getByRole('region', { name: /Problem:/ })).toContainText(
    'function countWindows(values, k, limit)'
  );
  await parked(page);

  // → the first program, in JavaScript; → its examples run: the off-by-one shows up.
  await page.keyboard.press('ArrowRight');
  await expect(programHeading(page)).toHaveText('Program v1');
  await expect(page.getByTestId('code-view')).toContainText('start < values.length - k');
  await page.keyboard.press('ArrowRight');
  const tests = page.getByRole('table').first();
  await expect(tests.getByRole('row', { name: /\[5, 1, 1\], 3, 7/ })).toContainText('fail');
  await shot(page, 'js-lesson-02-first-failure');

  const steps = await stepToEnd(page);
  expect(steps).toBeGreaterThan(3);
  await expect(verdict(page)).toContainText('Solved');
  await expect(verdict(page)).toContainText('Hidden tests: 8/8 pass');
  await expect(programHeading(page)).toHaveText('Program v3');
  await expect(page.getByTestId('code-view')).toContainText('if (k > values.length) return 0;');
  await shot(page, 'js-lesson-02-end-1280-dark');

  await page.setViewportSize({ width: 380, height: 800 });
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await shot(page, 'js-lesson-02-end-380-dark');
  await shotAt(page, languages(page), 'js-lesson-02-end-380-dark-player');
  await shotAt(page, programHeading(page), 'js-lesson-02-end-380-dark-program');
  expect(errors).toEqual([]);
});

test('lesson 4: the switch restarts the run in JavaScript, and back in Python', async ({
  page
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/lessons/self-planning');
  await parked(page);
  await page.keyboard.press('ArrowRight'); // the plan, in Python
  await expect(stepCounter(page)).toContainText('Step 1');

  await languages(page).getByRole('button', { name: 'JavaScript' }).click();
  await expect(page).toHaveURL(/\?lang=javascript$/);
  await expect(page.getByRole('region', { name: /Problem:/ })).toContainText(
    'function busyPeriods(bookings)'
  );
  await parked(page);
  await expect(stepCounter(page)).toContainText('Step 0');

  await stepToEnd(page);
  await expect(verdict(page)).toContainText('Solved');
  await expect(verdict(page)).toContainText('Hidden tests: 8/8 pass');
  const plan = page.getByRole('list', { name: 'Plan steps' }).getByRole('listitem');
  await expect(plan).toHaveCount(6);
  await expect(plan.filter({ hasText: '✓' })).toHaveCount(6);
  await expect(page.getByTestId('code-view')).toContainText('// Step 4');
  // The no-plan run, in JavaScript too, passes its examples and 3 of 8 hidden tests.
  const compare = page.getByRole('region', { name: 'Same problem, compared' });
  await expect(compare).toContainText('3/8', { timeout: 45_000 });
  await shot(page, 'js-lesson-04-end-1280-dark');
  await page.setViewportSize({ width: 380, height: 800 });
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await shot(page, 'js-lesson-04-end-380-dark');
  await shotAt(page, compare, 'js-lesson-04-end-380-dark-compare');

  await page.setViewportSize({ width: 1280, height: 800 });
  await languages(page).getByRole('button', { name: 'Python' }).click();
  await expect(page).not.toHaveURL(/lang=/);
  await expect(page.getByRole('region', { name: /Problem:/ })).toContainText('def busy_periods');
  await parked(page);
  expect(errors).toEqual([]);
});

test('a link to a language the lesson lacks says so and shows Python', async ({ page }) => {
  await page.goto('/lessons/mcts?lang=javascript');
  await expect(page.getByRole('status').filter({ hasText: 'no JavaScript version' })).toHaveText(
    'This lesson has no JavaScript version yet; it is shown in Python.'
  );
  await expect(languages(page)).toHaveCount(0);
});
