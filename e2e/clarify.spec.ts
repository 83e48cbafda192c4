import { test, expect, shot, pythonReady } from './fixtures';
import type { Locator, Page } from '@playwright/test';

/** A screenshot of one part of the page (whole-page shots are too tall to read). */
async function shotOf(part: Locator, name: string) {
  await part.screenshot({ path: `test-results/screenshots/${name}.png` });
}

const ANSWER = 'The lower of the two middle grades.';

async function openLesson(page: Page) {
  await page.goto('/lessons/clarifying-questions');
  await expect(
    page.getByText('Scripted walkthrough — responses written by the lesson author')
  ).toBeVisible();
  // Python loads first (a few seconds cold; longer on a busy machine).
  await expect(page.getByText('Paused before the next call — press Step')).toBeVisible({
    timeout: 45_000
  });
  await pythonReady(page);
}

/** Steps until the run waits at the question (each Step releases one effect). */
async function stepToQuestion(page: Page) {
  const step = page.getByRole('button', { name: 'Step', exact: true });
  const form = page.getByRole('form', { name: 'The model asks you' });
  for (let i = 0; i < 20 && !(await form.isVisible()); i++) {
    await step.click();
    await page.waitForTimeout(150);
  }
  await expect(form).toBeVisible();
  return form;
}

test('clarify: step through to the question, answer it in free text, reach the final program', async ({
  page
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openLesson(page);

  // The first step: the seed inputs, parsed as data; two lines dropped, eight mutants grown.
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  const inputs = page.getByRole('region', { name: 'Test inputs' });
  await expect(inputs).toContainText('4 seed inputs from the model, 8 grown by mutation');
  await inputs.getByText('Dropped inputs (2)').click();
  await expect(inputs).toContainText('list(range(5)) — not a literal');

  const form = await stepToQuestion(page);
  // The matrix: three groups, the empty list dropped because every program crashed on it.
  const matrix = page.getByRole('region', { name: 'Outputs: programs × inputs' });
  await expect(matrix.getByRole('listitem')).toHaveText([
    'Group 1: programs 1, 4',
    'Group 2: program 2',
    'Group 3: program 3'
  ]);
  await expect(inputs).toContainText('every program crashed on it (raises IndexError ×4)');
  await expect(page.getByRole('status').filter({ hasText: '3 behaviours' })).toBeVisible();
  await expect(page.getByRole('article', { name: 'Program 3, group 3' })).toContainText(
    'middle_grade([90, 10, 40, 20]) → 30'
  );

  // Hover shows a cell's output; clicking a mutant's cell shows its lineage back to a seed.
  const cell = matrix.getByRole('button', { name: /^Program 2 on \[90, 10, 40, 20\]: 20\./ });
  await cell.hover();
  await expect(page.getByTestId('matrix-detail')).toHaveText(
    'Program 2 (group 2): middle_grade([90, 10, 40, 20]) → 20'
  );
  const mutant = matrix.getByRole('button', { name: /^Program 1 on \[101\]/ });
  await mutant.focus();
  await page.keyboard.press('Enter');
  const lineage = page.getByTestId('input-lineage');
  await expect(lineage.getByRole('listitem')).toHaveCount(2);
  await expect(lineage.getByRole('listitem').first()).toContainText('seed written by the model');
  await expect(lineage.getByRole('listitem').last()).toContainText('int +1 at argument 1[0]');
  await shot(page, 'clarify-question');
  await form.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screenshots/clarify-question-1280x800.png' });
  await shotOf(page.getByTestId('clarify-views'), 'clarify-question-views');

  // An empty answer is refused with a sentence; a typed one goes into the prompt.
  await form.getByRole('button', { name: 'Send answer' }).click();
  await expect(form.getByRole('alert')).toHaveText(
    'Type an answer first, or let the simulated user answer.'
  );
  await form.getByRole('textbox', { name: 'Your answer' }).fill(ANSWER);
  await form.getByRole('button', { name: 'Send answer' }).click();
  await expect(form).toBeHidden();
  const qa = page.getByTestId('question-answer');
  await expect(qa).toContainText('Answered by the learner');
  await expect(qa).toContainText(`A: ${ANSWER}`);

  await page.keyboard.press('End');
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toContainText('Solved');
  await expect(verdict).toContainText('Hidden tests: 8/8 pass');
  // the scripted model's final reply follows the answer (e2e/branches.spec.ts: the others)
  await expect(page.getByTestId('clarify-reply')).toContainText(
    'The user wants the lower of the two middle grades'
  );
  const prompt = page.getByRole('region', { name: 'Requirement before and after' });
  await expect(prompt).toContainText(ANSWER);
  await expect(page.getByRole('heading', { name: 'Program v1' })).toBeVisible();
  await shot(page, 'clarify-end');
  await shotOf(page.getByTestId('clarify-views'), 'clarify-end-views');
});

test('clarify: the simulated user answers, labelled as an oracle; narrow dark layout holds', async ({
  page
}) => {
  await page.setViewportSize({ width: 380, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await openLesson(page);
  const form = await stepToQuestion(page);
  await shot(page, 'clarify-narrow-dark-question');
  await shotOf(
    page.getByRole('region', { name: 'Outputs: programs × inputs' }),
    'clarify-narrow-dark-matrix'
  );
  await shotOf(form, 'clarify-narrow-dark-form');
  await form.getByRole('button', { name: 'Let the simulated user (oracle) answer' }).click();
  const qa = page.getByTestId('question-answer');
  await expect(qa).toContainText('Answered by the simulated user (oracle');
  await expect(qa).toContainText('middle_grade([90, 10, 40, 20]) should return 20.');
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved');
  await shot(page, 'clarify-narrow-dark-end');
  await shotOf(page.getByTestId('question-answer'), 'clarify-narrow-dark-answer');
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth
  );
  expect(overflow).toBeLessThanOrEqual(0);
});
