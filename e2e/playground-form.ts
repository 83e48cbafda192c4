/**
 * The playground's setup, done the same way by the specs that run a typed problem through an
 * endpoint: the endpoint saved on /models, the problem typed into the form or loaded from a
 * lesson.
 */
import { expect, type Page } from '@playwright/test';

/** Types "count the vowels" into the playground's form: prompt, examples, hidden tests. */
export async function fillProblem(page: Page) {
  await page.getByLabel('Id', { exact: true }).fill('count-vowels');
  await page.getByLabel('Entry point').fill('count_vowels');
  await page.getByLabel('Title').fill('Count the vowels');
  await page
    .getByLabel('Prompt: signature and description')
    .fill(
      'def count_vowels(s: str) -> int:\n    """How many letters of s are vowels (a, e, i, o, u), in either case."""\n'
    );
  await page.getByLabel('Examples the model sees').fill("'hello' -> 2\n'HELLO' -> 2");
  await page.getByLabel('Hidden tests').fill("'' -> 0\n'AEIOUaeiou' -> 10\n'xyz' -> 0");
}

/** Saves `origin` as the learner's endpoint (with `model`) on /models. */
export async function useEndpoint(page: Page, origin: string, model: string) {
  await page.goto('/models');
  const form = page.getByRole('form', { name: /model server/ });
  await form.getByLabel('Address').fill(origin);
  await form.getByLabel('Model name').fill(model);
  await form.getByRole('button', { name: 'Save and use' }).click();
  await expect(form.getByRole('status')).toContainText('Saved');
}

/** Loads the second lesson's problem (count_windows, with its reference) into the form. */
export async function useLessonProblem(page: Page) {
  await page
    .getByLabel("Start from a lesson's problem")
    .selectOption({ label: 'Self-debugging with unit-test feedback' });
  await page.getByRole('button', { name: 'Use it' }).click();
  await expect(page.getByLabel('Entry point')).toHaveValue('count_windows');
}
