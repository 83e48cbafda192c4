/**
 * Every lesson in `lessons/` (read from the folder, so a new lesson is tested the day it is
 * added): it opens, its walkthrough is stepped from the first step to the last with the →
 * key, one step at a time, the verdict shows, and no console error or page error happens on
 * the way. axe-core finds no serious or critical violation at the start and at the end. A
 * screenshot of each finished lesson (1280×800, dark) lands in
 * test-results/screenshots/lesson-NN-slug-end.png to be looked at; the same page at 380 px
 * wide (…-end-380.png) must not overflow sideways either.
 */
import { readdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, pythonReady, shot } from './fixtures';
import { expectNoSeriousViolations } from './axe';

// Each lesson is a test of its own, on a fresh page: the two workers share them out.
test.describe.configure({ mode: 'parallel' });

const lessons = readdirSync('lessons')
  .filter((f) => /^\d{2}-[a-z0-9-]+$/.test(f))
  .sort()
  .map((folder) => ({
    folder,
    slug: folder.slice(3),
    // a lesson of several runs (run-<name>.yaml) shows them side by side, not one player
    sideBySide: readdirSync(`lessons/${folder}`).some((f) => /^run-.*\.yaml$/.test(f))
  }));

/** Console errors and uncaught page errors, collected for the whole test. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  return errors;
}

/** The step the player shows, from "Step 3 of 7+". */
async function stepOf(page: Page): Promise<number> {
  const text = (await page.getByTestId('step-counter').textContent()) ?? '';
  return Number(/Step\s+(\d+)/.exec(text)?.[1] ?? NaN);
}

/** The ClarifyGPT question, when a run stops at one: answered by keyboard. */
const questionForm = (page: Page) => page.getByRole('form', { name: 'The model asks you' });

async function answerByKeyboard(page: Page): Promise<void> {
  const form = questionForm(page);
  await form.getByRole('textbox', { name: 'Your answer' }).focus();
  await page.keyboard.type('The lower of the two middle values.');
  await page.keyboard.press('Tab');
  await expect(form.getByRole('button', { name: 'Send answer' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(form).toBeHidden();
  // Back to the page, so the player's keys work again.
  await page.getByTestId('step-counter').click();
}

/** Steps with → until the run's verdict shows; returns how many steps that took. */
async function stepToVerdict(page: Page): Promise<number> {
  const verdict = page.getByTestId('verdict');
  let presses = 0;
  for (; presses < 120; presses++) {
    if (await verdict.isVisible()) break;
    if (await questionForm(page).isVisible()) await answerByKeyboard(page);
    const before = await stepOf(page);
    await page.keyboard.press('ArrowRight');
    // One press, one step: wait for it (a program may take a while to run on a busy machine).
    await expect
      .poll(
        async () =>
          (await verdict.isVisible()) ||
          (await questionForm(page).isVisible()) ||
          (await stepOf(page)) > before,
        {
          timeout: 45_000,
          message: `step ${before} → ${before + 1}`
        }
      )
      .toBe(true);
  }
  await expect(verdict).toBeVisible();
  return presses;
}

for (const { folder, slug } of lessons.filter((l) => l.sideBySide)) {
  test(`lesson ${folder}: its runs, side by side, stepped to the end, with no console error`, async ({
    page
  }) => {
    test.setTimeout(300_000);
    const errors = collectErrors(page);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`/lessons/${slug}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    // Every run of the lesson is run for real before the panes can step.
    const table = page.getByRole('table', { name: /What each run spent/ });
    await expect(table.locator('[data-cell="verdict"]').first()).toBeVisible({ timeout: 60_000 });
    const verdicts = table.locator('[data-cell="verdict"]');
    await expect
      .poll(
        async () => {
          const texts = await verdicts.allInnerTexts();
          return texts.length >= 2 && !texts.some((t) => /waiting|running/.test(t));
        },
        { timeout: 240_000, message: 'every run of the lesson has its verdict' }
      )
      .toBe(true);
    await expect(page.getByTestId('pair-counter')).toContainText('Step 0 of');
    await expectNoSeriousViolations(page, `${folder} at its start`);
    await page
      .getByRole('toolbar', { name: 'Both runs' })
      .getByRole('button', { name: 'Step both' })
      .focus();
    await page.keyboard.press('End');
    const counter = (await page.getByTestId('pair-counter').innerText()).replace(/\s+/g, ' ');
    const [, at, of] = /Step (\d+) of (\d+)/.exec(counter) ?? [];
    expect(Number(at)).toBeGreaterThan(1);
    expect(at).toBe(of);
    for (const side of ['left', 'right'])
      await expect(
        page.locator(`section[data-side="${side}"]`).getByTestId('pane-verdict')
      ).toContainText(/Solved|Not solved/);
    await expectNoSeriousViolations(page, `${folder} at its end`);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth
    );
    expect(overflow, 'horizontal overflow at 1280 px').toBeLessThanOrEqual(0);
    await page.screenshot({ path: `test-results/screenshots/lesson-${folder}-end.png` });
    await page.setViewportSize({ width: 380, height: 800 });
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), {
        message: 'horizontal overflow at 380 px'
      })
      .toBeLessThanOrEqual(0);
    await page.screenshot({ path: `test-results/screenshots/lesson-${folder}-end-380.png` });
    expect(errors).toEqual([]);
  });
}

for (const { folder, slug } of lessons.filter((l) => !l.sideBySide)) {
  test(`lesson ${folder}: stepped by keyboard to its verdict, with no console error`, async ({
    page
  }) => {
    const errors = collectErrors(page);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`/lessons/${slug}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByTestId('model-label')).toContainText('written by the lesson author');
    // The run waits for the first Step (a search shows its root first) while Python loads in
    // the background; each step below has its own budget, so Python is let finish first.
    await expect(page.getByTestId('player-status')).toHaveText(/press Step$/, { timeout: 60_000 });
    await pythonReady(page);
    await expectNoSeriousViolations(page, `${folder} at its start`);

    const presses = await stepToVerdict(page);
    expect(presses).toBeGreaterThan(1);
    await expect(page.getByTestId('verdict')).toContainText(/Solved|Not solved/);
    await expect(page.getByTestId('player-status')).toHaveText('Run complete');
    const last = await stepOf(page);
    await expect(page.getByTestId('step-counter')).toHaveText(
      new RegExp(`Step\\s+${last}\\s+of\\s+${last}$`)
    );

    // A lesson with a comparison run (baseline.yaml) starts it now: wait for its verdict.
    const compare = page.getByRole('region', { name: 'Same problem, compared' });
    if (await compare.isVisible()) {
      await expect(compare).not.toContainText('running…', { timeout: 60_000 });
      await expect(compare).not.toContainText('runs when this run ends');
    }

    await expectNoSeriousViolations(page, `${folder} at its end`);

    // Nothing wider than the window at 1280 px.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth
    );
    expect(overflow, 'horizontal overflow at 1280 px').toBeLessThanOrEqual(0);
    await page.getByTestId('verdict').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/screenshots/lesson-${folder}-end.png` });
    await shot(page, `lesson-${folder}-end-full`);

    // The same finished page on a phone: it stacks, and still nothing is wider than the screen.
    await page.setViewportSize({ width: 380, height: 800 });
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), {
        message: 'horizontal overflow at 380 px'
      })
      .toBeLessThanOrEqual(0);
    await page.getByTestId('verdict').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/screenshots/lesson-${folder}-end-380.png` });
    expect(errors).toEqual([]);
  });
}
