/**
 * /bench with repeats: 3 built-in problems × direct generation and self-debugging × K = 2,
 * through the project's fake endpoint, every program graded in the tab's Python. The endpoint
 * answers clamp_all wrongly the first time each technique asks (seed 1; the program fails a
 * visible example) and rightly after, so by hand: direct solves clamp-list at seed 2 only
 * (1 of 2, flaky) and the others at both seeds; self-debugging solves clamp-list at seed 1 on
 * its second turn and everything else on its first. Then the benchmark is downloaded as one
 * file and opened in a fresh browser context; a malformed file changes nothing on screen.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { BUILTIN_PROBLEMS } from '../src/lib/core/bench/builtin';
import { startFakeEndpoint, type FakeEndpoint } from '../src/lib/testing/fake-endpoint';
import { expectNoSeriousViolations } from './axe';
import { offline, test, expect } from './fixtures';
import { useEndpoint } from './playground-form';

const problems = BUILTIN_PROBLEMS.slice(0, 3);
const [clamp] = problems;
const WRONG = 'def clamp_all(values, low, high):\n    return list(values)';
const SHOTS = '/work/shots/h19-charts';

let endpoint: FakeEndpoint;
/** first-turn requests about clamp_all so far: 1 = direct seed 1, 2 = self-debug seed 1, … */
let clampFirstTurns = 0;

test.beforeAll(async () => {
  endpoint = await startFakeEndpoint({
    chat: (body) => {
      const messages = body.messages as { role: string; content: string }[];
      const text = messages.map((m) => m.content).join('\n');
      const problem = problems.find((p) => text.includes(`def ${p.entryPoint}(`));
      const turn = messages.filter((m) => m.role === 'assistant').length;
      let code = problem?.reference ?? 'def f():\n    pass';
      if (problem === clamp && turn === 0 && ++clampFirstTurns <= 2) code = WRONG;
      return {
        content: '```python\n' + code + '\n```',
        usage: { prompt_tokens: 100, completion_tokens: 20 }
      };
    }
  });
});
test.afterAll(async () => endpoint?.close());

async function snap(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** The cells of a table's body row whose header is `row`. */
const rowCells = (page: Page, table: string, row: string | RegExp) =>
  page
    .getByRole('table', { name: table })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: row }) })
    .getByRole('cell');

test('K = 2: shares, flaky tasks, charts, and the benchmark as one file', async ({
  page,
  browser,
  baseURL
}, info) => {
  test.setTimeout(240_000);
  await useEndpoint(page, endpoint.origin, 'lab-coder');
  await page.goto('/bench');
  const setup = page.getByRole('form', { name: 'Benchmark setup' });
  await expect(setup.getByRole('radio', { name: /My model: lab-coder/ })).toBeChecked();
  await setup.getByLabel(/Problems/).fill('3');
  await setup.getByLabel(/Repeats/).fill('2');
  await setup.getByRole('button', { name: 'Run the benchmark' }).click();
  await expect(page.getByText('Finished: every task ran.')).toBeVisible({ timeout: 180_000 });

  // Share of runs per task, by hand from the endpoint's script above.
  const shares = 'Share of runs that solved each task';
  await expect(rowCells(page, shares, clamp.id)).toHaveText([
    '1 of 2 (50.0%)flaky: solved by some seeds, not all',
    '2 of 2 (100.0%)'
  ]);
  for (const p of problems.slice(1))
    await expect(rowCells(page, shares, p.id)).toHaveText(['2 of 2 (100.0%)', '2 of 2 (100.0%)']);
  await expect(rowCells(page, shares, 'Flaky tasks')).toHaveText(['1 of 3', '0 of 3']);

  // pass@k over the two runs: direct (1/2 + 1 + 1) / 3 = 83.3% at k = 1, 100% at k = 2.
  const passk = page.getByRole('img', { name: /pass@k per technique/ });
  await expect(passk).toBeVisible();
  await expect(passk).toHaveAccessibleDescription(
    'direct: pass@1 83.3%, pass@2 100.0%; self-debug: pass@1 100.0%, pass@2 100.0%.'
  );
  await expect(rowCells(page, 'pass@k values', 'direct')).toHaveText(['83.3%', '100.0%']);

  // Cost: each call is 100 + 20 tokens. direct: 6 runs, 6 calls, 5 solved; self-debug: 6 runs,
  // 7 calls (clamp-list at seed 1 took two), all solved → 7 × 120 / 6 = 140 tokens a run.
  const cost = page.getByRole('img', { name: /Solve rate against tokens/ });
  await expect(cost).toBeVisible();
  await expect(rowCells(page, 'Solve rate and tokens per technique', 'direct')).toHaveText([
    '5 of 6 (83.3%)',
    '120'
  ]);
  await expect(rowCells(page, 'Solve rate and tokens per technique', 'self-debug')).toHaveText([
    '6 of 6 (100.0%)',
    '140'
  ]);
  // The sweep: turns used 2, 1, 1, 1, 1, 1 → the 75th percentile (5th of 6) is 1 turn. Cap 1
  // solves 5 of 6 at 120 tokens a run; cap 2 all 6 at 140.
  const sweep = 'Turn caps for self-debug (6 runs; 75th percentile of turns used: 1)';
  await expect(rowCells(page, sweep, /^1/)).toHaveText(['5 of 6 (83.3%)', '120']);
  await expect(rowCells(page, sweep, /^2/)).toHaveText(['6 of 6 (100.0%)', '140']);
  await expect(
    page.getByRole('table', { name: sweep }).getByRole('rowheader', { name: /^1/ })
  ).toHaveText('175th percentile');
  await expect(cost).toHaveAccessibleDescription(/the 75th-percentile cap is 1 turns/);

  await expectNoSeriousViolations(page, '/bench after a run with repeats');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await snap(page, `bench-repeats-${width}-${scheme}`);
      await page
        .locator('section[aria-labelledby="charts-title"]')
        .screenshot({ path: join(SHOTS, `bench-charts-${width}-${scheme}.png`) });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth
      );
      expect(overflow, `page wider than ${width} px (${scheme})`).toBe(0);
    }
  }
  await expectNoSeriousViolations(page, '/bench at 390 px, dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });

  // The whole benchmark as one file, re-opened in a fresh context (no IndexedDB of its own).
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the benchmark' }).click();
  const file = info.outputPath('benchmark.json');
  await (await download).saveAs(file);

  const fresh = await browser.newContext({ baseURL });
  const outside = await offline(fresh);
  const other = await fresh.newPage();
  await other.goto('/bench');
  await expect(other.getByRole('table', { name: 'Results per technique' })).toHaveCount(0);
  const chooser = other.waitForEvent('filechooser');
  await other.getByRole('button', { name: 'Open a benchmark file' }).click();
  await (await chooser).setFiles(file);
  const group = (name: string) => `${name} (benchmark.json)`;
  await expect(rowCells(other, shares, clamp.id)).toHaveText([
    '1 of 2 (50.0%)flaky: solved by some seeds, not all',
    '2 of 2 (100.0%)'
  ]);
  await expect(rowCells(other, 'pass@k values', group('direct'))).toHaveText(['83.3%', '100.0%']);
  await expect(
    rowCells(other, 'Solve rate and tokens per technique', group('self-debug'))
  ).toHaveText(['6 of 6 (100.0%)', '140']);
  const results = other.getByRole('table', { name: 'Results per technique' }).locator('tbody tr');
  await expect(results).toHaveCount(4);

  // A malformed file: one sentence, and everything on screen stays.
  const bad = info.outputPath('bad.json');
  writeFileSync(bad, '{"format": "agentic-code-lab-benchmark", "version": 1, "plan": {}}');
  const chooser2 = other.waitForEvent('filechooser');
  await other.getByRole('button', { name: 'Open a benchmark file' }).click();
  await (await chooser2).setFiles(bad);
  await expect(other.getByRole('alert')).toHaveText(
    /^“bad\.json” is not a benchmark file of this app: .+\. Nothing was opened from it\.$/
  );
  await expect(results).toHaveCount(4);
  await expect(rowCells(other, shares, clamp.id)).toHaveCount(2);
  await snap(other, 'bench-file-reopened-1280-light');
  await fresh.close();
  expect(outside).toEqual([]);
});
