import { test, expect, shot } from './fixtures';
import type { Page } from '@playwright/test';
import { HOSTILE, HOSTILE_TIMEOUT_MS } from '../src/lib/runtimes/python/hostile';

const summary = (page: Page) => page.getByTestId('sandbox-summary');

async function runExample(page: Page, name: string, timeoutMs: number) {
  await page.getByLabel('Example').selectOption(name);
  await page.getByRole('spinbutton', { name: 'Time limit (ms)' }).fill(String(timeoutMs));
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled({
    timeout: 30_000
  });
}

test('a pasted function runs against typed tests', async ({ page }) => {
  await page.goto('/sandbox');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(summary(page)).toHaveText(/2 of 2 tests pass/, { timeout: 30_000 });
  await page.getByRole('textbox', { name: /Tests, one per line/ }).fill('[1, 2], 1 -> 9\n[1] ->');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'Test line 2: the expected value after -> is missing.'
  );
  await shot(page, 'sandbox');
});

test('a test can be traced line by line, with the locals at each step', async ({ page }) => {
  await page.goto('/sandbox');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(summary(page)).toHaveText(/2 of 2 tests pass/, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Trace test 1' }).click();
  const counter = page.getByTestId('trace-counter');
  await expect(counter).toHaveText(/^Step 1 of \d+$/);
  await expect(page.getByTestId('trace-where')).toContainText('count_windows enters line 1');
  const locals = page.getByRole('table', { name: 'Local variables' });
  await expect(locals).toContainText('values');
  await expect(locals).toContainText('[1, 2, 3, 4]');
  const total = Number((await counter.textContent())?.match(/of (\d+)/)?.[1]);
  expect(total).toBeGreaterThan(3);
  await page.getByRole('slider', { name: 'Trace step' }).fill(String(total - 1));
  await expect(counter).toHaveText(`Step ${total} of ${total}`);
  await expect(page.getByTestId('trace-where')).toContainText('returns from line');
  await expect(page.getByTestId('trace-where')).toContainText('→ 2');
  await shot(page, 'sandbox-trace');
});

test('every hostile program ends within its limit with its verdict, in Chromium', async ({
  page
}) => {
  test.setTimeout(240_000);
  await page.goto('/sandbox');
  const names = await page.getByLabel('Example').locator('option').allTextContents();
  const cases = HOSTILE.filter((c) => names.includes(c.name));
  expect(cases.length).toBeGreaterThanOrEqual(15);

  for (const c of cases) {
    await test.step(c.name, async () => {
      await runExample(page, c.name, HOSTILE_TIMEOUT_MS);
      const statuses = [c.expectStatus, ...(c.orStatus ?? [])];
      await expect(summary(page)).toHaveAttribute(
        'data-status',
        new RegExp(`^(${statuses.join('|')})$`)
      );
      const status = await summary(page).getAttribute('data-status');
      if (status === c.expectStatus && c.expectOutcome) {
        const first = page.getByRole('table').getByRole('row').nth(1);
        await expect(first).toContainText(
          c.expectOutcome === 'not-run' ? 'not run' : c.expectOutcome
        );
      }
      if (status === c.expectStatus && c.expectError) {
        await expect(page.getByText(c.expectError).first()).toBeVisible();
      }
      if (names.includes(`${c.name} (next run)`)) {
        await runExample(page, `${c.name} (next run)`, 5_000);
        await expect(summary(page)).toHaveText(/(\d+) of \1 tests pass/);
      }
      await runExample(page, 'Health check', 5_000);
      await expect(summary(page)).toHaveText(/1 of 1 tests pass/);
    });
  }
  await shot(page, 'sandbox-after-hostile-suite');
});
