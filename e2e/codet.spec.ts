/**
 * CodeT in the playground, as a newcomer runs it: the second lesson's problem typed into the
 * form, CodeT chosen with five programs, a model server on 127.0.0.1 (the fake endpoint) whose
 * replies are this test's input — eight test lines (five kept, three dropped) and five programs
 * (src/lib/testing/codet-run.ts). The technique, the sandbox and the grading are real. Stepped
 * with the keyboard to the verdict; the matrix, the groups and the dropped tests read by role;
 * the narrow dark layout scrolls the matrix inside its own box, not the page.
 */
import type { Page } from '@playwright/test';
import { test, expect, shot } from './fixtures';
import { expectNoSeriousViolations } from './axe';
import { useEndpoint } from './playground-form';
import { startFakeEndpoint } from '../src/lib/testing/fake-endpoint';
import { CODET_REPLIES, countWindows } from '../src/lib/testing/codet-run';
import { TEST_WRITER_SYSTEM } from '../src/lib/core/prompts/codet';

const lines = (tests: { input: string; expected: string }[]) =>
  tests.map((t) => `${t.input} -> ${t.expected}`).join('\n');

async function fillCountWindows(page: Page) {
  await page.getByLabel('Id', { exact: true }).fill('count-windows');
  await page.getByLabel('Entry point').fill('count_windows');
  await page.getByLabel('Title').fill('Count the quiet windows');
  await page.getByLabel('Prompt: signature and description').fill(countWindows.prompt);
  await page
    .getByLabel('Examples the model sees')
    .fill(lines(countWindows.visibleTests as { input: string; expected: string }[]));
  await page
    .getByLabel('Hidden tests')
    .fill(lines(countWindows.hiddenTests as { input: string; expected: string }[]));
}

const matrix = (page: Page) => page.getByRole('table', { name: 'Programs × generated tests' });
/** The cells of program `n`'s row, in column order. */
const rowCells = (page: Page, n: number) =>
  matrix(page)
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: new RegExp(`^Program ${n}\\b`) }) })
    .getByRole('cell');

test('CodeT in the playground: stepped to its verdict, the matrix and groups read by role', async ({
  page
}) => {
  test.setTimeout(180_000);
  let programs = 0;
  const server = await startFakeEndpoint({
    chat: (body) => {
      const messages = body.messages as { role: string; content: string }[];
      const tests = messages[0]?.content === TEST_WRITER_SYSTEM;
      return {
        content: tests ? CODET_REPLIES[0] : CODET_REPLIES[1 + (programs++ % 5)],
        usage: { prompt_tokens: 120, completion_tokens: 40 }
      };
    }
  });
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await useEndpoint(page, server.origin, 'lab-coder');
    await page.goto('/playground');
    await fillCountWindows(page);
    await page.getByLabel('Technique', { exact: true }).selectOption('codet');
    await page.getByLabel('N', { exact: true }).fill('5');
    await expect(page.getByRole('radio', { name: /My model: lab-coder/ })).toBeChecked();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByText('Paused before the next call — press Step')).toBeVisible({
      timeout: 60_000
    });

    // → the tests are written; → they are parsed: five columns, three lines dropped with why
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    // (the first run loads Python in this tab, which may take a while on a busy machine)
    await expect(matrix(page)).toBeVisible({ timeout: 60_000 });
    for (let t = 1; t <= 5; t++)
      await expect(matrix(page).getByRole('columnheader', { name: `Test ${t}` })).toBeVisible();
    const dropped = page.getByRole('list', { name: 'Dropped' });
    await expect(dropped.getByRole('listitem')).toHaveText([
      /count_windows\(\[1, 2\] 2, 3\) == 1 — not valid Python/,
      /count_windows\(\[1, 2, 3\], {2}1, 2\) == 2 — repeats line 1/,
      /print\(count_windows\(\[1\], 1, 1\)\) — not an assert statement/
    ]);
    await expect(rowCells(page, 1).first()).toHaveText('— not yet run');

    // → program 1 is sampled; → it runs on the tests: its row fills in, its group forms
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    // It stops at [5, 1] (test 3); test 4 is wrong, so every program fails it.
    const program1 = ['✓ pass', '✓ pass', '✗ fail', '✗ fail', '✓ pass', '3/5'];
    // alone so far, so group 1; its examples have not run yet
    await expect(rowCells(page, 1)).toHaveText([...program1, 'Group 1', '—']);
    await expect(rowCells(page, 2).first()).toHaveText('— not yet run');

    // to the end: the verdict, the final matrix, the winning group, the two rules side by side
    await page.keyboard.press('End');
    const verdict = page.getByTestId('verdict');
    await expect(verdict).toContainText('Solved', { timeout: 90_000 });
    await expect(verdict).toContainText('Hidden tests: 8/8 pass');
    // now second to the right programs' group; it passes the examples all the same
    await expect(rowCells(page, 1)).toHaveText([...program1, 'Group 2', '✓ pass']);
    await expect(rowCells(page, 4)).toHaveText(['no program in the reply']);
    await expect(
      matrix(page).getByRole('rowheader', { name: /^Program 3: .*chosen by CodeT/ })
    ).toContainText('★ chosen');
    const groups = page.getByRole('list', { name: /Consensus groups/ }).getByRole('listitem');
    await expect(groups).toHaveCount(3);
    await expect(groups.first()).toContainText('★ winning group');
    await expect(groups.first()).toContainText('Programs 3, 5 — pass tests 1, 2, 3, 5');
    await expect(groups.first()).toContainText('Score 2 × 4 = 8');
    await expect(page.getByTestId('codet-choice')).toContainText('Program 3');
    await expect(page.getByTestId('examples-choice')).toContainText('Program 1');

    // The hidden tests never reached the model server.
    const sent = JSON.stringify(server.received.map((r) => r.body));
    expect(sent).toContain('count_windows([5, 1, 1], 3, 7)');
    expect(sent).not.toContain('[9, 1, 9, 1, 9]');

    await expectNoSeriousViolations(page, 'the CodeT run in the playground');
    await shot(page, 'codet-1280-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'codet-1280-dark');
    await page
      .getByRole('region', { name: /^Tests vote for programs/ })
      .screenshot({ path: 'test-results/screenshots/codet-1280-dark-panel.png' });

    // Narrow and dark: the page does not scroll sideways; the matrix scrolls in its own box.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(matrix(page)).toBeVisible();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const box = page.getByRole('region', { name: 'Programs × generated tests' });
    const inner = await box.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(inner).toBeGreaterThan(0);
    await shot(page, 'codet-390-dark');
    // The panel alone, at a size a person can look at (the full page is very tall here).
    await page
      .getByRole('region', { name: /^Tests vote for programs/ })
      .screenshot({ path: 'test-results/screenshots/codet-390-dark-panel.png' });
    await page.emulateMedia({ colorScheme: 'light' });
    await shot(page, 'codet-390-light');
  } finally {
    await server.close();
  }
});

test('the demo runs CodeT with no model: the examples are its tests, the reference every program', async ({
  page
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/playground');
  await page
    .getByLabel("Start from a lesson's problem")
    .selectOption({ label: 'Self-debugging with unit-test feedback' });
  await page.getByRole('button', { name: 'Use it' }).click();
  await page.getByLabel('Technique', { exact: true }).selectOption('codet');
  await page.getByLabel('N', { exact: true }).fill('2');
  const label =
    'scripted: replies with your reference solution, and with your examples as its tests';
  await page.getByRole('radio', { name: `Demo — ${label}` }).check();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('model-label')).toContainText(label);
  await expect(page.getByText('Paused before the next call — press Step')).toBeVisible({
    timeout: 60_000
  });
  await page.keyboard.press('End');
  await expect(page.getByTestId('verdict')).toContainText('Solved', { timeout: 90_000 });
  // The lesson's three examples are the columns; both programs pass all three: 2 × 3 = 6.
  await expect(matrix(page).getByRole('columnheader', { name: /^Test \d$/ })).toHaveCount(3);
  for (const n of [1, 2])
    await expect(rowCells(page, n)).toHaveText([
      '✓ pass',
      '✓ pass',
      '✓ pass',
      '3/3',
      'Group 1',
      '✓ pass'
    ]);
  const groups = page.getByRole('list', { name: /Consensus groups/ }).getByRole('listitem');
  await expect(groups).toHaveText([
    'Group 1 ★ winning group Programs 1, 2 — pass tests 1, 2, 3 Score 2 × 3 = 6'
  ]);
  await expect(page.getByRole('list', { name: 'Dropped' })).toHaveCount(0);
});
