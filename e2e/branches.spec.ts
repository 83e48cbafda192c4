/**
 * Scripted lessons answer the learner: the path after a clarifying question follows the
 * answer (lesson 5), and the path after the first program follows the feedback kind picked in
 * a fork (lesson 3). Each path's programs run in the page's real Python sandbox and the hidden
 * tests give its verdict; the walkthrough unit test runs the same paths headless.
 */
import { test, expect, pythonReady } from './fixtures';
import type { Page } from '@playwright/test';

const verdict = (page: Page) => page.getByTestId('verdict');

/** Runs the clarify lesson to its question (End plays on until the run waits for it),
 * sends `answer`, then plays to the verdict. */
async function answerAndFinish(page: Page, answer: string) {
  const form = page.getByRole('form', { name: 'The model asks you' });
  await page.keyboard.press('End');
  await form.getByRole('textbox', { name: 'Your answer' }).fill(answer);
  await form.getByRole('button', { name: 'Send answer' }).click();
  await expect(form).toBeHidden();
  await page.keyboard.press('End');
  await expect(verdict(page)).toBeVisible({ timeout: 30_000 });
}

/** Lesson 5's answers the hidden tests do not want, with the verdict each path reaches. */
const ANSWERS = [
  {
    answer: 'The higher of the two middle grades.',
    hidden: '3/8',
    says: 'The user wants the higher'
  },
  { answer: 'Their average, rounded down.', hidden: '6/8', says: 'The user wants the average' },
  // none of the lesson's words: the model says plainly it could not use the answer
  { answer: 'Whatever you think is best.', hidden: '3/8', says: 'I could not use the answer' }
];

// The lower middle grade, which solves it, is e2e/clarify.spec.ts's answer.
for (const a of ANSWERS) {
  test(`lesson 5: answered "${a.answer}", the final program follows the answer`, async ({
    page
  }) => {
    await page.goto('/lessons/clarifying-questions');
    await pythonReady(page);
    await answerAndFinish(page, a.answer);
    await expect(verdict(page)).toContainText('✗ Not solved');
    await expect(verdict(page)).toContainText(`Hidden tests: ${a.hidden} pass`);
    await expect(page.getByTestId('clarify-reply')).toContainText(`The model: ${a.says}`);
    const qa = page.getByTestId('question-answer');
    await qa.scrollIntoViewIfNeeded();
    await qa.screenshot({ path: `test-results/screenshots/clarify-answer-${a.hidden[0]}.png` });
  });
}

/** Lesson 3's feedback kinds, each with the verdict of its path and its last program. */
const KINDS = [
  { kind: 'trace', verdict: '✓ Solved', programs: 2 },
  { kind: 'explanation', verdict: '✓ Solved', programs: 3 },
  { kind: 'unit-test', verdict: '✓ Solved', programs: 4 },
  { kind: 'simple', verdict: '✗ Not solved', programs: 4 }
];

// Two kinds per test: each fork plays a whole run, so four in one test is slow on a busy machine.
for (const pair of [KINDS.slice(0, 2), KINDS.slice(2)]) {
  test(`lesson 3: feedback ${pair.map((k) => k.kind).join(' and ')} take their own paths`, async ({
    page
  }) => {
    await page.goto('/lessons/rubber-duck-and-trace');
    await pythonReady(page);
    for (const k of pair) {
      await page.keyboard.press('Home');
      await page.getByRole('button', { name: 'Fork here' }).click();
      const dialog = page.getByRole('dialog', { name: /Fork at step 0/ });
      await dialog.getByRole('combobox', { name: 'Feedback' }).selectOption(k.kind);
      await dialog.getByRole('button', { name: 'Fork and continue' }).click();
      // the lesson's own kind is trace: forking with it changes nothing, and says so
      await expect(page.getByTestId('model-label')).toContainText(
        k.kind === 'trace' ? 'no change' : `feedback = ${k.kind}`
      );
      await page.keyboard.press('End');
      await expect(verdict(page), k.kind).toContainText(k.verdict, { timeout: 30_000 });
      await expect(page.getByLabel(`Program version ${k.programs}`), k.kind).toBeVisible();
      if (k.kind === 'simple') await expect(verdict(page)).toContainText('turn cap (4)');
    }
  });
}
