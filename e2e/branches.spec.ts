/**
 * Scripted lessons answer the learner: the path after a clarifying question follows the
 * answer (lesson 5), and the path after the first program follows the feedback kind picked in
 * a fork (lesson 3). Each path's programs run in the page's real Python sandbox and the hidden
 * tests give its verdict; the walkthrough unit test runs the same paths headless.
 */
import { test, expect, pythonReady } from './fixtures';
import type { Page } from '@playwright/test';

const verdict = (page: Page) => page.getByTestId('verdict');

/** Steps the clarify lesson to its question and sends `answer`, then runs to the end. */
async function answerAndFinish(page: Page, answer: string) {
  const step = page.getByRole('button', { name: 'Step', exact: true });
  const form = page.getByRole('form', { name: 'The model asks you' });
  for (let i = 0; i < 20 && !(await form.isVisible()); i++) {
    await step.click();
    await page.waitForTimeout(150);
  }
  await form.getByRole('textbox', { name: 'Your answer' }).fill(answer);
  await form.getByRole('button', { name: 'Send answer' }).click();
  await expect(form).toBeHidden();
  await page.keyboard.press('End');
  await expect(verdict(page)).toBeVisible({ timeout: 30_000 });
}

test('lesson 5: the answer decides the final program, and the hidden tests judge it', async ({
  page
}) => {
  await page.goto('/lessons/clarifying-questions');
  await pythonReady(page);
  const cases = [
    { answer: 'The higher of the two middle grades.', verdict: '✗ Not solved', hidden: '3/8' },
    { answer: 'Their average, rounded down.', verdict: '✗ Not solved', hidden: '6/8' },
    { answer: 'Use the lower one.', verdict: '✓ Solved', hidden: '8/8' }
  ];
  for (const [i, c] of cases.entries()) {
    if (i > 0) {
      await page.getByRole('button', { name: 'Start fresh' }).click();
      await expect(page.getByTestId('step-counter')).toContainText('Step 0');
    }
    await answerAndFinish(page, c.answer);
    await expect(verdict(page), c.answer).toContainText(c.verdict);
    await expect(verdict(page), c.answer).toContainText(`Hidden tests: ${c.hidden} pass`);
  }

  // An answer with none of the lesson's words: the model says plainly it could not use it.
  await page.getByRole('button', { name: 'Start fresh' }).click();
  await answerAndFinish(page, 'Whatever you think is best.');
  await expect(verdict(page)).toContainText('✗ Not solved');
  await expect(page.getByText('I could not use the answer').first()).toBeVisible();
});

test('lesson 3: each feedback kind takes its own path, as the lesson explains', async ({
  page
}) => {
  await page.goto('/lessons/rubber-duck-and-trace');
  await pythonReady(page);
  const kinds = [
    { kind: 'trace', verdict: '✓ Solved', programs: 2 },
    { kind: 'explanation', verdict: '✓ Solved', programs: 3 },
    { kind: 'unit-test', verdict: '✓ Solved', programs: 4 },
    { kind: 'simple', verdict: '✗ Not solved', programs: 4 }
  ];
  for (const k of kinds) {
    await page.keyboard.press('Home');
    await page.getByRole('button', { name: 'Fork here' }).click();
    const dialog = page.getByRole('dialog', { name: /Fork at step 0/ });
    await dialog.getByRole('combobox', { name: 'Feedback' }).selectOption(k.kind);
    await dialog.getByRole('button', { name: 'Fork and continue' }).click();
    await expect(page.getByTestId('model-label')).toContainText(`feedback = ${k.kind}`);
    await page.keyboard.press('End');
    await expect(verdict(page), k.kind).toContainText(k.verdict, { timeout: 30_000 });
    await expect(page.getByLabel(`Program version ${k.programs}`), k.kind).toBeVisible();
  }
  await expect(verdict(page)).toContainText('turn cap (4)');
});
