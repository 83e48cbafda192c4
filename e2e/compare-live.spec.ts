/**
 * Lesson 10 with the learner's model, and lesson 10 finished. A real HTTP server speaking
 * OpenAI's wire format answers (the lesson's authored self-debugging replies are its input);
 * the techniques, the sandbox and the grading under it are the app's own.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Locator, Page } from '@playwright/test';
import { test, expect, shot } from './fixtures';
import { startFakeEndpoint } from '../src/lib/testing/fake-endpoint';
import { expectNoSeriousViolations } from './axe';

// Python loads slowly on this busy machine, and lesson 10 runs all its scripted runs too.
test.setTimeout(300_000);

const LESSONS = readdirSync('lessons').filter((f) => /^\d{2}-[a-z0-9-]+$/.test(f)).length;

const compareFolder = readdirSync('lessons').find((f) => /^\d+-compare$/.test(f))!;
/** Lesson 10's runs besides the two the panes show first (walkthrough and self-debug). */
const OTHERS = readdirSync(join('lessons', compareFolder))
  .map((f) => /^run-(.+)\.yaml$/.exec(f)?.[1])
  .filter((name): name is string => name !== undefined && name !== 'self-debug');

/** The self-debugging run's replies: its first is also what direct generation gets. */
function replies(): string[] {
  const yaml = readFileSync(join('lessons', compareFolder, 'run-self-debug.yaml'), 'utf8');
  return (parse(yaml) as { responses: string[] }).responses;
}

const pane = (page: Page, side: 'left' | 'right') => page.locator(`section[data-side="${side}"]`);
const stepOf = (page: Page, side: 'left' | 'right') => pane(page, side).getByTestId('pane-step');
const cell = (page: Page, run: string, key: string): Locator =>
  page.locator(`tr[data-run="${run}"] [data-cell="${key}"]`);
/** Waits until what the lesson shows is in the browser's store (saving waits for a pause). */
const saved = (page: Page) =>
  expect(page.getByRole('group', { name: 'Your progress in this lesson' })).toHaveAttribute(
    'data-saved',
    'yes'
  );
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

async function useEndpoint(page: Page, origin: string) {
  await page.goto('/models');
  const form = page.getByRole('form', { name: /model server/ });
  await form.getByLabel('Address').fill(origin);
  await form.getByLabel('Model name').fill('replies');
  await form.getByRole('button', { name: 'Save and use' }).click();
  await expect(form.getByRole('status')).toContainText('Saved');
}

test('lesson 10 runs two techniques with my model side by side, and a reload keeps them', async ({
  page
}) => {
  const server = await startFakeEndpoint({ replies: replies(), pieceDelayMs: 40 });
  const chats = () => server.received.filter((r) => r.url === '/v1/chat/completions').length;
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await useEndpoint(page, server.origin);
    await page.goto('/lessons/compare');
    await expect(page.getByRole('button', { name: 'Scripted runs' })).toHaveAttribute(
      'aria-pressed',
      'true'
    );
    await page.getByRole('button', { name: 'Run with my model' }).click();
    await expect(page.getByRole('table', { name: /with your model/ })).toBeVisible();
    for (const side of ['left', 'right'] as const) {
      await expect(pane(page, side)).toContainText('replies — your endpoint');
      await expect(stepOf(page, side)).toContainText('waiting for Step', { timeout: 120_000 });
    }
    expect(chats()).toBe(0); // nothing is asked before the first step

    // One press: both first calls stream, each into its own pane.
    await page.getByRole('button', { name: 'Step both' }).click();
    await expect(pane(page, 'left').getByTestId('streamed-reply')).toContainText(/\S/);
    await expect(pane(page, 'right').getByTestId('streamed-reply')).toContainText(/\S/);
    await expect(pane(page, 'left').getByRole('button', { name: 'Stop' })).toBeVisible();
    await shot(page, 'compare-live-streaming-1280-light');
    await expectNoSeriousViolations(page, 'lesson 10 with two live panes');
    for (const side of ['left', 'right'] as const)
      await expect(stepOf(page, side)).toContainText(/Step 1 of 1\+ · waiting for Step/);
    await expect(page.getByTestId('pair-counter')).toContainText('Step 1 of 1+');
    expect(chats()).toBe(2);

    // Two more steps: the examples run on both sides; then direct generation is graded while
    // self-debugging's second call streams, and is stopped in its own pane.
    const bothBar = page.getByRole('toolbar', { name: 'Both runs' });
    await bothBar.getByRole('button', { name: 'Step both' }).click();
    await expect(page.getByTestId('pair-counter')).toContainText('Step 2 of');
    await expect(stepOf(page, 'right')).toContainText('waiting for Step');
    await bothBar.getByRole('button', { name: 'Step both' }).click();
    const right = pane(page, 'right');
    await expect(right.getByTestId('streamed-reply')).toContainText(/\S/);
    await page.setViewportSize({ width: 380, height: 900 });
    await right.getByTestId('streamed-reply').scrollIntoViewIfNeeded();
    await page.screenshot({
      path: 'test-results/screenshots/compare-live-380-light-streaming.png'
    });
    await right.getByRole('button', { name: 'Stop' }).click();
    await expect(right).toContainText('Stopped. The log keeps the 2 steps that finished');
    await expect(pane(page, 'left').getByTestId('pane-verdict')).toContainText('Not solved');
    await page.screenshot({ path: 'test-results/screenshots/compare-live-380-light-stopped.png' });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect(cell(page, 'self-debug', 'verdict')).toHaveText('stopped');
    await right.getByRole('button', { name: 'Resume' }).click();
    await expect(stepOf(page, 'right')).toContainText('waiting for Step');
    await expectNoSeriousViolations(page, 'lesson 10 with a stopped live pane');

    // Independent: the right pane's own Step sends its second call again.
    await page.getByRole('radio', { name: 'Independent' }).check();
    await page
      .getByRole('toolbar', { name: 'Right run player' })
      .getByRole('button', { name: 'Step' })
      .click();
    await expect(stepOf(page, 'right')).toContainText(/Step 3 of 3\+ · waiting for Step/);
    await expect(stepOf(page, 'left')).toContainText('Step 3 of 3 ·');
    await page.getByRole('radio', { name: 'Lockstep' }).check();

    // End: both run on to their verdicts.
    await bothBar.getByRole('button', { name: 'End' }).click();
    await expect(pane(page, 'left').getByTestId('pane-verdict')).toContainText('Not solved', {
      timeout: 60_000
    });
    await expect(pane(page, 'right').getByTestId('pane-verdict')).toContainText('Solved', {
      timeout: 60_000
    });
    // direct: one call; self-debugging: two, the second asked twice (stopped, resumed)
    expect(chats()).toBe(4);
    await expect(cell(page, 'walkthrough', 'verdict')).toContainText('hidden');
    await expect(cell(page, 'self-debug', 'verdict')).toContainText('8/8');
    await expect(cell(page, 'walkthrough', 'calls')).toHaveText('1');
    await expect(cell(page, 'self-debug', 'calls')).toHaveText('2');
    await expect(cell(page, 'self-planning', 'verdict')).toHaveText('not run yet');
    // Token counts are the server's (no ≈): a real model's numbers, not estimates.
    await expect(cell(page, 'self-debug', 'tokens')).not.toContainText('≈');
    // The others, to their ends for the table: every row then has a verdict.
    expect(OTHERS.length).toBeGreaterThanOrEqual(4);
    await page
      .getByRole('button', { name: `Run the other ${OTHERS.length} with my model` })
      .click();
    for (const run of OTHERS)
      await expect(cell(page, run, 'verdict')).toContainText(/Solved|Not solved|Passed|Error/, {
        timeout: 60_000
      });
    expect(chats()).toBeGreaterThan(4);
    await expect(page.getByRole('button', { name: /Run the other/ })).toHaveCount(0);
    await shot(page, 'compare-live-end-1280-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'compare-live-end-1280-dark');
    await page.setViewportSize({ width: 380, height: 900 });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'compare-live-end-380-dark');
    await page.getByRole('button', { name: 'Run with my model' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screenshots/compare-live-380-dark-top.png' });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 800 });

    // Both verdicts on screen: the lesson is finished.
    await saved(page);
    await page.reload();
    await expect(page.getByText(/Your last comparison, saved in this browser/)).toBeVisible({
      timeout: 60_000
    });
    await expect(page.getByRole('button', { name: 'Run with my model' })).toHaveAttribute(
      'aria-pressed',
      'true'
    );
    await expect(pane(page, 'right').getByTestId('pane-verdict')).toContainText('Solved');
    await expect(pane(page, 'left').getByTestId('pane-verdict')).toContainText('Not solved');
    await expect(cell(page, 'self-debug', 'verdict')).toContainText('8/8');
    // The others run for the table come back too, from their logs.
    for (const run of OTHERS)
      await expect(cell(page, run, 'verdict')).toContainText(/Solved|Not solved|Passed|Error/);
    const before = chats();
    await page.waitForTimeout(500);
    expect(chats()).toBe(before); // the reload called no model
    await page.goto('/');
    await expect(page.getByTestId('course-progress')).toContainText(`1 of ${LESSONS} finished`);
    await expect(
      page.getByRole('region', { name: 'Start here' }).getByRole('link', { name: /^10/ })
    ).toContainText('Finished');
  } finally {
    await server.close();
  }
});

test('lesson 10 stepped to the end is finished on the home page; its steps come back; Start fresh', async ({
  page
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/lessons/compare');
  await expect(page.getByTestId('pair-counter')).toContainText('Step 0 of', { timeout: 240_000 });
  const both = page.getByRole('toolbar', { name: 'Both runs' });
  await both.getByRole('button', { name: 'Step both' }).click();
  await saved(page);
  await page.goto('/');
  // One step is not the end: not finished yet.
  await expect(page.getByTestId('course-progress')).toContainText(`0 of ${LESSONS} finished`);

  await page.goto('/lessons/compare');
  await expect(page.getByText(/Your last comparison/)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('pair-counter')).toContainText('Step 1 of', { timeout: 240_000 });
  await page
    .getByRole('combobox', { name: 'Left run' })
    .selectOption({ label: 'Resample and filter' });
  await both.getByRole('button', { name: 'End' }).click();
  await expect(pane(page, 'left').getByTestId('pane-verdict')).toContainText('Not solved');
  await expect(pane(page, 'right').getByTestId('pane-verdict')).toContainText('Solved');
  const counter = await page.getByTestId('pair-counter').innerText();
  await saved(page);
  await page.goto('/');
  await page.reload();
  await expect(page.getByTestId('course-progress')).toContainText(`1 of ${LESSONS} finished`);
  await expect(
    page.getByRole('region', { name: 'Start here' }).getByRole('link', { name: /^10/ })
  ).toContainText('Finished');
  await shot(page, 'compare-finished-home');

  // Back in the lesson: the same two runs at the same steps.
  await page.goto('/lessons/compare');
  await expect(page.getByTestId('pair-counter')).toHaveText(counter, { timeout: 240_000 });
  await expect(page.getByRole('combobox', { name: 'Left run' })).toHaveValue('resample-filter');
  await expect(pane(page, 'left').getByTestId('pane-verdict')).toContainText('Not solved');

  await page.getByRole('button', { name: 'Start fresh' }).click();
  await expect(page.getByTestId('pair-counter')).toContainText('Step 0 of');
  await expect(page.getByRole('combobox', { name: 'Left run' })).toHaveValue('walkthrough');
  await saved(page);
  await page.reload();
  await expect(page.getByTestId('pair-counter')).toContainText('Step 0 of', { timeout: 240_000 });
  await expect(page.getByRole('combobox', { name: 'Left run' })).toHaveValue('walkthrough');
  // Start fresh forgets the runs, not that the lesson was finished.
  await page.goto('/');
  await expect(page.getByTestId('course-progress')).toContainText(`1 of ${LESSONS} finished`);
});
