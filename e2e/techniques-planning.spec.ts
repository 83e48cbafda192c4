import { test, expect, shot, pythonReady } from './fixtures';
import type { Locator, Page } from '@playwright/test';

const stepCounter = (page: Page) => page.getByTestId('step-counter');
const programHeading = (page: Page) => page.getByRole('heading', { name: /^Program v\d/ });
const planSteps = (page: Page) =>
  page.getByRole('list', { name: 'Plan steps' }).getByRole('listitem');
const stepItem = (page: Page, n: number) => planSteps(page).nth(n - 1);
/** The code view's lines that carry the plan-step tint. */
const tinted = (page: Page) => page.getByTestId('code-view').locator('.cm-line.cm-step-line');
const codeLine = (page: Page, text: string) =>
  page.getByTestId('code-view').locator('.cm-line', { hasText: text });
/** A viewport-sized screenshot with `target` scrolled into view (long narrow pages). */
async function shotAt(page: Page, target: Locator, name: string) {
  await target.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `test-results/screenshots/${name}.png` });
}
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

async function openLesson(page: Page, slug: string) {
  await page.goto(`/lessons/${slug}`);
  // Python loads before the run parks at its first call: slow on a busy machine.
  await expect(page.getByText('Paused before the next call — press Step')).toBeVisible({
    timeout: 45_000
  });
  await pythonReady(page);
}

test('self-planning: plan, ticks, step-to-line links both ways, and the no-plan comparison', async ({
  page
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openLesson(page, 'self-planning');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Self-planning/);
  const compare = page.getByRole('region', { name: 'Same problem, compared' });
  await expect(compare).toContainText('runs when this run ends');

  // → the plan: six steps, none ticked yet.
  await page.keyboard.press('ArrowRight');
  await expect(planSteps(page)).toHaveCount(6);
  await expect(stepItem(page, 1)).toContainText('Drop every booking whose end is not after');
  await expect(planSteps(page).filter({ hasText: '✓' })).toHaveCount(0);
  await expect(page.getByText('The model has not written a program yet.')).toBeVisible();

  // → the code: every step is marked with its # Step N comment, so every step is ticked.
  await page.keyboard.press('ArrowRight');
  await expect(programHeading(page)).toHaveText('Program v1');
  await expect(planSteps(page).filter({ hasText: '✓' })).toHaveCount(6);
  await expect(stepItem(page, 4)).toContainText('lines 9–12');

  // → the examples, → the hidden tests: solved.
  await page.keyboard.press('ArrowRight');
  const tests = page.getByRole('region', { name: /^Tests/ }).getByRole('table');
  await expect(tests).toContainText('✓ pass');
  await page.keyboard.press('ArrowRight');
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toContainText('Solved');
  await expect(verdict).toContainText('Hidden tests: 8/8 pass');
  await expect(stepCounter(page)).toContainText('Step 4 of 4');

  // Pointing at a step tints its lines in the code view.
  await expect(codeLine(page, 'valid.sort()')).toBeVisible();
  await expect(tinted(page)).toHaveCount(0);
  await stepItem(page, 4).hover();
  await expect(tinted(page)).toHaveCount(4);
  await expect(tinted(page).first()).toHaveText('# Step 4');
  await expect(tinted(page).nth(1)).toContainText('if periods and start <= periods[-1][1]:');
  await expect(stepItem(page, 4)).toHaveAttribute('aria-current', 'true');
  await shot(page, 'planning-step-hover');

  // Pointing at a line lights up its step (and that step's lines).
  await codeLine(page, 'valid.sort()').hover();
  await expect(stepItem(page, 2)).toHaveAttribute('aria-current', 'true');
  await expect(stepItem(page, 4)).not.toHaveAttribute('aria-current', 'true');
  await expect(tinted(page)).toHaveCount(2);
  await expect(page.getByText('Line 5 belongs to step 2: Sort the remaining')).toBeVisible();
  await shot(page, 'planning-line-hover');
  await codeLine(page, 'def busy_periods').hover();
  await expect(tinted(page)).toHaveCount(0);
  await expect(page.getByText('Line 1 belongs to no step of the plan.')).toBeVisible();
  await page.mouse.move(5, 5);
  await expect(tinted(page)).toHaveCount(0);

  // The keyboard does the same: focus a step; or focus the code and move with ↑/↓.
  await stepItem(page, 1).focus();
  await expect(tinted(page)).toHaveCount(2);
  await expect(tinted(page).nth(1)).toContainText('valid = [(start, end)');
  await page.keyboard.press('Tab');
  await expect(stepItem(page, 2)).toHaveAttribute('aria-current', 'true');
  await page.getByRole('textbox', { name: 'Program version 1' }).focus();
  await expect(tinted(page)).toHaveCount(0);
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowDown');
  await expect(stepItem(page, 4)).toHaveAttribute('aria-current', 'true');
  await expect(page.getByText('Line 10 belongs to step 4')).toBeVisible();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(stepItem(page, 3)).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('Escape');
  await expect(tinted(page)).toHaveCount(0);
  // ←/→ still drive the player with the code focused.
  await page.keyboard.press('ArrowLeft');
  await expect(stepCounter(page)).toContainText('Step 3 of 4');
  await page.keyboard.press('End');

  // The comparison ran by itself once the run ended: same problem, no plan.
  // One row per run, from the runs' own logs (the table every comparison uses).
  const cell = (run: RegExp, key: string) =>
    compare.getByRole('row', { name: run }).locator(`[data-cell="${key}"]`);
  const [plan, noPlan] = [/^Self-Planning/, /^Direct generation/];
  await expect(cell(noPlan, 'verdict')).toContainText('✗ Passed its examples only (3/8');
  await expect(cell(plan, 'verdict')).toContainText('✓ Solved (8/8 hidden tests)');
  await expect(cell(plan, 'calls')).toHaveText('2');
  await expect(cell(noPlan, 'calls')).toHaveText('1');
  const tokens = [
    (await cell(plan, 'tokens').textContent())?.trim() ?? '',
    (await cell(noPlan, 'tokens').textContent())?.trim() ?? ''
  ];
  for (const t of tokens) expect(t).toMatch(/^≈\d+ \/ ≈\d+$/);
  // Two calls and a plan cost more tokens than one call.
  const inOf = (t: string) => Number(/≈(\d+)/.exec(t)?.[1]);
  expect(inOf(tokens[0])).toBeGreaterThan(inOf(tokens[1]));
  await compare.scrollIntoViewIfNeeded();
  await shot(page, 'planning-compare');
});

test('self-planning at 380 px in the dark theme', async ({ page }) => {
  await page.setViewportSize({ width: 380, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await openLesson(page, 'self-planning');
  // The comparison can run before the lesson's run ends, on request.
  const compare = page.getByRole('region', { name: 'Same problem, compared' });
  await compare.getByRole('button', { name: 'Run it now' }).click();
  const verdictOf = (run: RegExp) =>
    compare.getByRole('row', { name: run }).locator('[data-cell="verdict"]');
  await expect(verdictOf(/^Direct generation/)).toContainText('(3/8 hidden tests)');
  await expect(verdictOf(/^Self-Planning/)).toHaveText('running…');
  await expect(compare.getByRole('button', { name: 'Run it now' })).toHaveCount(0);
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved');
  await expect(verdictOf(/^Self-Planning/)).toContainText('(8/8 hidden tests)');
  await stepItem(page, 3).hover();
  await expect(tinted(page)).toHaveCount(3);
  await shot(page, 'planning-narrow-dark');
  // Focus keeps the link while the page scrolls (a hover would move off the step).
  await stepItem(page, 3).focus();
  await expect(tinted(page)).toHaveCount(3);
  await shotAt(page, page.getByTestId('code-view'), 'planning-narrow-dark-code');
  await shotAt(page, stepItem(page, 3), 'planning-narrow-dark-plan');
  await shotAt(
    page,
    page.getByRole('region', { name: 'Same problem, compared' }),
    'planning-narrow-dark-compare'
  );
  expect(await overflow(page)).toBeLessThanOrEqual(0);
});

test('self-debugging turn cards: one per turn, the stop reason, and a click jumps there', async ({
  page
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openLesson(page, 'self-debugging');
  const cards = page.getByRole('list', { name: 'Turns' }).getByRole('button');
  await page.keyboard.press('ArrowRight');
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText('program v1');
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved');
  await expect(cards).toHaveCount(3);
  await expect(cards.nth(0)).toContainText('2/3 examples pass');
  await expect(cards.nth(0)).toContainText(
    /Feedback \(unit test\)\s*The code failed 1 of 3 examples/
  );
  await expect(cards.nth(0)).toContainText(/Fix → v2\s*The loop stops one window early/);
  await expect(cards.nth(2)).toContainText('3/3 examples pass');
  await expect(cards.nth(2)).toContainText(/Stopped\s*all visible examples pass/);
  await expect(cards.nth(2)).toHaveAttribute('aria-current', 'step');
  await shot(page, 'turn-cards-end');

  // A click on the first card shows the run at the end of turn 1.
  await cards.nth(0).click();
  await expect(programHeading(page)).toHaveText('Program v1');
  await expect(stepCounter(page)).toContainText('Step 2 of 7');
  await expect(cards.nth(0)).toHaveAttribute('aria-current', 'step');
  await expect(cards.nth(2)).not.toHaveAttribute('aria-current', 'step');
  await expect(cards.nth(2)).toContainText('later in the run');
  await expect(
    page.getByRole('table').getByRole('row', { name: /\[5, 1, 1\], 3, 7/ })
  ).toContainText('fail');
  await expect(page.getByRole('heading', { name: 'Feedback sent to the model' })).toBeVisible();
  await shot(page, 'turn-cards-jump');

  // A card further on jumps forward, by keyboard too.
  await cards.nth(1).focus();
  await page.keyboard.press('Enter');
  await expect(programHeading(page)).toHaveText('Program v2');
  await expect(cards.nth(1)).toHaveAttribute('aria-current', 'step');
  await expect(page.getByRole('table').getByRole('row', { name: /\[2, 2\], 3, 10/ })).toContainText(
    'fail'
  );
});

test('turn cards at 380 px in the dark theme', async ({ page }) => {
  await page.setViewportSize({ width: 380, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await openLesson(page, 'self-debugging');
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved');
  await page.getByRole('list', { name: 'Turns' }).getByRole('button').nth(1).click();
  await expect(programHeading(page)).toHaveText('Program v2');
  await shot(page, 'turn-cards-narrow-dark');
  await shotAt(page, page.getByRole('list', { name: 'Turns' }), 'turn-cards-narrow-dark-cards');
  expect(await overflow(page)).toBeLessThanOrEqual(0);
});

test('the code view still marks one line for a trace (its older prop)', async ({ page }) => {
  await page.goto('/sandbox');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('sandbox-summary')).toHaveText(/2 of 2 tests pass/, {
    timeout: 45_000
  });
  await page.getByRole('button', { name: 'Trace test 1' }).click();
  await expect(page.getByTestId('trace-where')).toContainText('count_windows enters line 1');
  const marked = page.getByTestId('code-view').locator('.cm-line.cm-marked-line');
  await expect(marked).toHaveCount(1);
  await expect(marked).toContainText('def count_windows');
  // No plan on this page: nothing is tinted as a plan step.
  await expect(page.locator('.cm-step-line')).toHaveCount(0);
});

test('try it yourself: a fork with step 1 unmarked and its rule forgotten', async ({ page }) => {
  await openLesson(page, 'self-planning');
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved');
  await page.getByRole('button', { name: 'Fork here' }).click();
  const dialog = page.getByRole('dialog', { name: /Fork at step 4/ });
  // Self-planning has no turn cap to change.
  await expect(dialog.getByRole('spinbutton', { name: 'Turn cap' })).toHaveCount(0);
  await dialog.getByRole('textbox', { name: 'Program to continue with' }).click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(
    [
      'def busy_periods(bookings):',
      '    valid = list(bookings)',
      '    # Step 2',
      '    valid.sort()',
      '    # Step 3',
      '    periods = []',
      '    for start, end in valid:',
      '        # Step 4',
      '        if periods and start <= periods[-1][1]:',
      '            periods[-1] = (periods[-1][0], max(periods[-1][1], end))',
      '        # Step 5',
      '        else:',
      '            periods.append((start, end))',
      '    # Step 6',
      '    return periods',
      ''
    ].join('\n')
  );
  await dialog.getByRole('button', { name: 'Fork and continue' }).click();
  await expect(page.getByTestId('model-label')).toContainText('edited program');
  await page.keyboard.press('End');
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toContainText('Not solved');
  await expect(verdict).toContainText('Hidden tests: 6/8 pass');
  await expect(stepItem(page, 1)).toContainText('not marked in the code');
  await expect(planSteps(page).filter({ hasText: '✓' })).toHaveCount(5);
  await stepItem(page, 4).hover();
  await expect(tinted(page).first()).toHaveText('# Step 4');
  await shot(page, 'planning-fork');
});
