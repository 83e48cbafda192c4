/**
 * A benchmark run in the page: 10 built-in problems × direct generation and self-debugging,
 * through the project's fake endpoint as "my model", every program graded in the tab's Python.
 * The endpoint answers two problems wrongly on a first turn (programs that fail a visible
 * example) and rightly after, so by hand: direct solves 8 of 10 in 10 calls, self-debugging
 * 10 of 10 in 12. A reload in the middle comes back paused, and Resume sends no request for a
 * problem whose tasks had both finished.
 */
import { BUILTIN_PROBLEMS } from '../src/lib/core/bench/builtin';
import { startFakeEndpoint, type FakeEndpoint } from '../src/lib/testing/fake-endpoint';
import { expectNoSeriousViolations } from './axe';
import { test, expect, shot } from './fixtures';
import { useEndpoint } from './playground-form';

const problems = BUILTIN_PROBLEMS.slice(0, 10);
/** wrong on turn 0, right from turn 1: each wrong program fails a visible example */
const WRONG: Record<string, string> = {
  second_largest: 'def second_largest(numbers):\n    return max(numbers)',
  rotate: 'def rotate(items, k):\n    return list(items)'
};
const entryOf = (asked: string) =>
  problems.find((p) => asked.includes(`def ${p.entryPoint}(`))?.entryPoint ?? null;

let endpoint: FakeEndpoint;
/** the entry point each chat request asked about, in order */
const asked: (string | null)[] = [];

test.beforeAll(async () => {
  endpoint = await startFakeEndpoint({
    chat: (body) => {
      const messages = body.messages as { role: string; content: string }[];
      const entry = entryOf(messages.map((m) => m.content).join('\n'));
      asked.push(entry);
      const turn = messages.filter((m) => m.role === 'assistant').length;
      const problem = problems.find((p) => p.entryPoint === entry);
      const code = entry && turn === 0 && WRONG[entry] ? WRONG[entry] : problem?.reference;
      return {
        content: '```python\n' + (code ?? 'def f():\n    pass') + '\n```',
        usage: { prompt_tokens: 100, completion_tokens: 20 },
        // slow enough that the reload below lands in the middle of the run
        delayMs: 400
      };
    }
  });
});
test.afterAll(async () => endpoint?.close());

test('10 problems × 2 techniques: reload mid-run resumes, the table adds up', async ({ page }) => {
  test.setTimeout(240_000);
  await useEndpoint(page, endpoint.origin, 'lab-coder');
  await page.goto('/bench');
  const setup = page.getByRole('form', { name: 'Benchmark setup' });
  await expect(setup.getByRole('radio', { name: /My model: lab-coder/ })).toBeChecked();
  await expect(setup.getByRole('combobox', { name: 'Technique 1' })).toHaveValue('direct');
  await expect(setup.getByRole('combobox', { name: 'Technique 2' })).toHaveValue('self-debug');
  await setup.getByLabel(/Problems/).fill('10');
  await setup.getByRole('button', { name: 'Run the benchmark' }).click();

  const overall = page.getByTestId('bench-overall');
  await expect(overall).toHaveText(/^([6-9]|1\d) of 20/, { timeout: 120_000 });
  await page.reload();

  // Paused, with what finished before the reload; both tasks of a problem done = a full row.
  await expect(page.getByText(/^Paused: \d+ tasks finished/)).toBeVisible();
  const grid = page.getByRole('table', { name: /Tasks × techniques/ });
  const full: string[] = [];
  for (const row of await grid.locator('tbody tr').all()) {
    if ((await row.getByRole('button').count()) === 2)
      full.push((await row.locator('th').textContent()) ?? '');
  }
  expect(full.length).toBeGreaterThanOrEqual(2);
  const finishedEntries = problems.filter((p) => full.includes(p.id)).map((p) => p.entryPoint);
  const before = asked.length;
  await shot(page, 'bench-run-paused');

  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByText('Finished: every task ran.')).toBeVisible({ timeout: 180_000 });
  await expect(overall).toHaveText('20 of 20 (100%)');
  const after = asked.slice(before);
  expect(after.filter((entry) => entry !== null && finishedEntries.includes(entry))).toEqual([]);

  // By hand: direct 8/10 in 10 calls; self-debug 10/10 in 10 + 2 calls.
  const table = page.getByRole('table', { name: /Results per technique/ });
  const row = (label: string) =>
    table
      .locator('tbody tr')
      .filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
  const col = (label: string, name: string) => row(label).locator(`[data-col="${name}"]`);
  await expect(col('direct', 'solved')).toHaveText('8 / 10 (80.0%)');
  await expect(col('self-debug', 'solved')).toHaveText('10 / 10 (100.0%)');
  await expect(col('direct', 'calls')).toHaveText('10');
  await expect(col('self-debug', 'calls')).toHaveText('12');
  // the endpoint reports 100 tokens in and 20 out a call: per solved task (in + out) / solved
  await expect(col('direct', 'tokens-in')).toHaveText('1,000');
  await expect(col('self-debug', 'tokens-out')).toHaveText('240');
  await expect(col('direct', 'per-solved')).toHaveText('150');
  await expect(col('self-debug', 'per-solved')).toHaveText('144');
  // the grid: the two wrong-first problems unsolved by direct, solved by self-debug
  for (const id of ['bench-second-largest', 'bench-rotate']) {
    const cells = grid
      .locator('tbody tr')
      .filter({ has: page.getByRole('rowheader', { name: id, exact: true }) })
      .getByRole('button');
    await expect(cells.nth(0)).toHaveAccessibleName(/under direct: not solved/);
    await expect(cells.nth(1)).toHaveAccessibleName(/under self-debug: solved/);
  }
  await expectNoSeriousViolations(page);
  await shot(page, 'bench-run-done');
});
