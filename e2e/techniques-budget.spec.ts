import { test, expect, shot, pythonReady } from './fixtures';
import type { Page } from '@playwright/test';

const stepCounter = (page: Page) => page.getByTestId('step-counter');
const programHeading = (page: Page) => page.getByRole('heading', { name: /^Program v\d/ });
const tokens = (page: Page) => page.getByRole('region', { name: 'Tokens per model call' });
const decisions = (page: Page) => page.getByRole('list', { name: 'Budget decisions' });
// The machine running these is shared: loading Python may take a while.
const LOAD = { timeout: 60_000 };
test.describe.configure({ timeout: 150_000 });

async function open(page: Page, slug: string) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/lessons/${slug}`);
  await expect(page.getByText('Paused before the next call — press Step')).toBeVisible(LOAD);
  await pythonReady(page);
}

async function step(page: Page, times: number) {
  for (let i = 0; i < times; i++) await page.keyboard.press('ArrowRight');
}

async function noOverflow(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

test('lesson 3: the trace of the failing example shows the lost digit; one fix solves it', async ({
  page
}) => {
  await open(page, 'rubber-duck-and-trace');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Rubber duck and line trace' })
  ).toBeVisible();
  await expect(tokens(page)).toContainText('No model call yet');

  await step(page, 1);
  await expect(programHeading(page)).toHaveText('Program v1');
  await expect(tokens(page).getByRole('img', { name: 'Tokens per model call' })).toBeVisible();
  await step(page, 1);
  await expect(page.getByRole('table').getByRole('row', { name: /"1h30m"/ })).toContainText('fail');
  // The third step is the traced re-run of that example; its trace becomes the feedback.
  await step(page, 1);
  await expect(
    page.getByRole('region', { name: 'Line trace of the failing example' })
  ).toBeVisible();
  const feedback = page.getByRole('region', { name: 'Feedback sent to the model' });
  await expect(feedback).toContainText('This is what your code did on to_minutes("1h30m")');
  await expect(feedback).toContainText('line 6 → number=3');
  await expect(feedback).toContainText('You have 3 turns left, this one included.');
  await shot(page, 'budget-lesson03-trace');

  await step(page, 1);
  await expect(programHeading(page)).toHaveText('Program v2');
  await expect(tokens(page)).toContainText(/2 model calls: ≈\d+ tokens sent/);
  await page.keyboard.press('End');
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toContainText('Solved');
  await expect(verdict).toContainText('Hidden tests: 8/8 pass');
  await expect(stepCounter(page)).toContainText(/Step (\d+) of \1/);
  await shot(page, 'budget-lesson03-end');
});

test('lesson 9: the model asks for more turns, is granted one, and the chart shows the growth', async ({
  page
}) => {
  await open(page, 'turn-budgets');
  const status = page.getByTestId('turn-budget');
  await expect(status).toHaveText(/^Turn budget: dynamic, cap 2\s*$/);

  // model call 1, its examples, then model call 2: its reply asks for more turns.
  await step(page, 3);
  await expect(stepCounter(page)).toContainText('Step 3 of');
  await expect(decisions(page).getByRole('listitem')).toHaveCount(1);
  await expect(decisions(page).getByRole('listitem')).toContainText(
    'granted 1 more turn: the minus sign may still end up in a group of its own'
  );
  await expect(status).toContainText('cap 3 (2 + 1 granted)');
  await expect(page.getByRole('region', { name: 'Timeline' })).toContainText('Budget: granted');
  const chart = tokens(page).getByRole('img', { name: 'Tokens per model call' });
  await expect(chart).toBeVisible();
  await expect(chart.locator('rect.prompt')).toHaveCount(2);
  await expect(chart.locator('g.mark.granted')).toHaveCount(1);

  await step(page, 1);
  const feedback = page.getByRole('region', { name: 'Feedback sent to the model' });
  await expect(feedback).toContainText("with_commas(-123456) returned '-,123,456'");
  await expect(feedback).toContainText('This is your last turn. No more turns can be granted.');
  await shot(page, 'budget-lesson09-granted');

  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved');
  await expect(page.getByTestId('verdict')).toContainText('Hidden tests: 8/8 pass');
  await expect(chart.locator('rect.prompt')).toHaveCount(3);
  await expect(tokens(page)).toContainText(/The last prompt is \d+\.\d× the first/);

  // The same numbers as a table, for those who do not read charts.
  await tokens(page).getByText('Show the numbers as a table').click();
  const table = tokens(page).getByRole('table', { name: 'Tokens per model call' });
  await expect(table.getByRole('row')).toHaveCount(4);
  await expect(table.getByRole('row').nth(3)).toContainText('fix the program (turn 3)');
  await shot(page, 'budget-lesson09-end');
  await tokens(page).screenshot({ path: 'test-results/screenshots/budget-chart-1280.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await tokens(page).screenshot({ path: 'test-results/screenshots/budget-chart-1280-dark.png' });
});

test('lesson 9 forked with a fixed budget: the request is refused and the run stops at the cap', async ({
  page
}) => {
  await open(page, 'turn-budgets');
  await page.getByRole('button', { name: 'Fork here' }).click();
  const dialog = page.getByRole('dialog', { name: /Fork at step 0/ });
  await dialog.getByRole('combobox', { name: 'Turn budget' }).selectOption('fixed');
  await shot(page, 'budget-fork-dialog');
  await dialog.getByRole('button', { name: 'Fork and continue' }).click();
  await expect(page.getByTestId('model-label')).toContainText('budget = fixed');
  await page.keyboard.press('End');
  await expect(decisions(page).getByRole('listitem')).toContainText('refused: the budget is fixed');
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toContainText('Not solved');
  await expect(verdict).toContainText('the turn cap (2) is reached');
  await expect(page.getByRole('region', { name: 'Timeline' })).toContainText('Budget: refused');
});

test('the chart and the budget hold at 380 px in the dark theme', async ({ page }) => {
  await page.setViewportSize({ width: 380, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/lessons/turn-budgets');
  await expect(page.getByText('Paused before the next call — press Step')).toBeVisible(LOAD);
  await pythonReady(page);
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved', LOAD);
  await expect(decisions(page)).toBeVisible();
  await tokens(page).scrollIntoViewIfNeeded();
  await shot(page, 'budget-lesson09-narrow-dark');
  await tokens(page).screenshot({ path: 'test-results/screenshots/budget-chart-narrow-dark.png' });
  await noOverflow(page);
  await page.goto('/lessons/rubber-duck-and-trace');
  await expect(page.getByText('Paused before the next call — press Step')).toBeVisible(LOAD);
  await pythonReady(page);
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved');
  await shot(page, 'budget-lesson03-narrow-dark');
  await noOverflow(page);
});
